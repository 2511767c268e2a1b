import type { Knex } from 'knex';
import { isPostgres } from '../dialect.js';

/** Tables whose lists the server caches (as of this migration; a later one adds more). */
const VERSIONED_TABLES = ['alerts'];

// A version per table, moved on by triggers inside the writing transaction, so it changes exactly
// when the data does, whichever process or connection wrote it (another server on the same
// PostgreSQL, a maintenance script). Readers compare it to decide whether a cached answer holds.
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('data_versions', (t) => {
    t.string('name', 64).primary();
    t.bigInteger('version').notNullable().defaultTo(0);
  });
  await db('data_versions').insert(VERSIONED_TABLES.map((name) => ({ name, version: 0 })));
  if (isPostgres(db)) {
    await db.raw(`
      create function bump_data_version() returns trigger language plpgsql as $$
      begin
        update data_versions set version = version + 1 where name = TG_ARGV[0];
        return null;
      end $$`);
    for (const table of VERSIONED_TABLES) {
      // Once per statement: a 10,000-row insert moves the version once.
      await db.raw(
        `create trigger ?? after insert or update or delete or truncate on ?? for each statement execute function bump_data_version('${table}')`,
        [`${table}_data_version`, table],
      );
    }
    return;
  }
  for (const table of VERSIONED_TABLES) {
    // SQLite has row triggers only; one single-row update per written row.
    for (const event of ['insert', 'update', 'delete']) {
      await db.raw(
        `create trigger ?? after ${event} on ?? begin update data_versions set version = version + 1 where name = '${table}'; end`,
        [`${table}_data_version_${event}`, table],
      );
    }
  }
}

export async function down(db: Knex): Promise<void> {
  if (isPostgres(db)) {
    for (const table of VERSIONED_TABLES) await db.raw('drop trigger if exists ?? on ??', [`${table}_data_version`, table]);
    await db.raw('drop function if exists bump_data_version()');
  } else {
    for (const table of VERSIONED_TABLES) {
      for (const event of ['insert', 'update', 'delete']) await db.raw('drop trigger if exists ??', [`${table}_data_version_${event}`]);
    }
  }
  await db.schema.dropTableIfExists('data_versions');
}
