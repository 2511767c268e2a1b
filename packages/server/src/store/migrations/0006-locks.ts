import type { Knex } from 'knex';

/** Leases of the database `Lock` (lock/database-lock.ts): one row per held name. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('locks', (t) => {
    t.string('name', 200).primary();
    t.string('holder', 64).notNullable();
    t.string('expires_at', 32).notNullable();
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('locks');
}
