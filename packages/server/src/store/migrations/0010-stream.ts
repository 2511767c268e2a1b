import type { Knex } from 'knex';

/**
 * `stream_messages`: what the live stream sent, in order (`seq`), kept for a day, so a client that
 * reconnects with its last cursor (a seq) gets what it missed, from whichever instance it reaches.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('stream_messages', (t) => {
    t.bigIncrements('seq').primary();
    t.string('topic', 32).notNullable();
    t.string('event', 32).notNullable();
    t.text('data').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['topic', 'seq']);
    t.index(['created_at']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('stream_messages');
}
