import type { Knex } from 'knex';

/**
 * `schedules`: one row per recurring task, keyed by its stable name (`audit-retention`), with its
 * cron, time zone and the bookkeeping of its last run. `last_tick` is the tick that last ran: the
 * scheduler claims a tick by moving it forward with a conditional update, so one instance wins.
 *
 * `trend_snapshots`: the daily count of open vulnerabilities and open alerts per severity, the
 * trend reports draw. Unique per (day, kind, severity): a snapshot taken again the same day
 * replaces that day's counts.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('schedules', (t) => {
    t.string('id', 64).primary();
    t.string('cron', 120).notNullable();
    t.string('timezone', 64).notNullable();
    t.boolean('enabled').notNullable().defaultTo(true);
    t.timestamp('last_tick', { useTz: true }).nullable();
    t.timestamp('last_run_at', { useTz: true }).nullable();
    t.string('last_job_id', 64).nullable();
    t.string('last_outcome', 16).nullable();
    t.text('last_error').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await db.schema.createTable('trend_snapshots', (t) => {
    t.string('day', 10).notNullable();
    t.string('kind', 16).notNullable();
    t.string('severity', 16).notNullable();
    t.integer('count').notNullable();
    t.timestamp('taken_at', { useTz: true }).notNullable();
    t.primary(['day', 'kind', 'severity']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('trend_snapshots');
  await db.schema.dropTable('schedules');
}
