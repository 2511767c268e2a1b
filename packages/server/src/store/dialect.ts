// Which SQL engine a connection speaks. Its own module, importing nothing from database.ts, so
// migrations can ask without the cycle database.ts → migrations → database.ts.
import type { Knex } from 'knex';

export function isPostgres(db: Knex | Knex.Transaction): boolean {
  return db.client.config.client === 'pg';
}
