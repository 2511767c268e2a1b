import type { Knex } from 'knex';

/**
 * Background jobs (jobs/jobs-service.ts). The row is the job's record whichever transport runs it
 * (the database queue polls these rows; bee-queue carries only their ids). Indexes: claiming
 * (state, queue, run_at), the newest-first list (created_at, id) and its state/name filters, and
 * pruning finished jobs by finished_at.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('jobs', (t) => {
    t.string('id', 64).primary();
    t.string('name', 64).notNullable();
    t.string('queue', 64).notNullable();
    t.string('state', 16).notNullable();
    t.text('payload').notNullable();
    t.text('progress');
    t.integer('attempts').notNullable().defaultTo(0);
    t.integer('max_attempts').notNullable();
    t.text('error');
    t.text('result');
    t.string('created_by', 64);
    t.string('dedupe_key', 200).unique();
    t.timestamp('run_at', { useTz: true }).notNullable();
    t.timestamp('lease_until', { useTz: true });
    t.string('worker', 100);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('started_at', { useTz: true });
    t.timestamp('finished_at', { useTz: true });
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.index(['state', 'queue', 'run_at']);
    t.index(['created_at', 'id']);
    t.index(['state', 'created_at', 'id']);
    t.index(['name', 'created_at', 'id']);
    t.index(['finished_at']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('jobs');
}
