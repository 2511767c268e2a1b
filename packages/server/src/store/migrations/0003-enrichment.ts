import type { Knex } from 'knex';

// Threat intelligence per CVE (CISA KEV, FIRST EPSS) and what it makes of each vulnerability:
// exploitation flags, a priority and an SLA due date.
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('cve_intel', (t) => {
    t.string('cve_id', 30).primary();
    t.boolean('kev').notNullable().defaultTo(false);
    t.string('kev_due_date', 10);
    t.boolean('kev_ransomware').notNullable().defaultTo(false);
    t.double('epss');
    t.double('epss_percentile');
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await db.schema.alterTable('vulnerabilities', (t) => {
    t.boolean('kev').notNullable().defaultTo(false);
    t.double('epss');
    t.smallint('priority').notNullable().defaultTo(0);
    t.timestamp('due_at', { useTz: true });
    t.index(['priority', 'id']);
    t.index(['status', 'priority', 'id']);
    t.index(['kev', 'created_at']);
    t.index(['due_at']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('vulnerabilities', (t) => {
    t.dropIndex(['priority', 'id']);
    t.dropIndex(['status', 'priority', 'id']);
    t.dropIndex(['kev', 'created_at']);
    t.dropIndex(['due_at']);
    t.dropColumns('kev', 'epss', 'priority', 'due_at');
  });
  await db.schema.dropTableIfExists('cve_intel');
}
