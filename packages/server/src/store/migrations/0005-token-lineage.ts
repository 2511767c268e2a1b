import type { Knex } from 'knex';

// Which API token made a token: revoking a token revokes every token made with it, so a token
// never outlives the one that minted it, in time (its expiry is capped) or by revocation.
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('api_tokens', (t) => {
    t.string('parent_id', 64);
    t.index(['parent_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('api_tokens', (t) => {
    t.dropIndex(['parent_id']);
    t.dropColumn('parent_id');
  });
}
