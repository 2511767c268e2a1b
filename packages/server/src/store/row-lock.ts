import type { DbOrTrx } from './database.js';

/**
 * Makes a read the first step of a read-modify-write: the rows stay locked until the transaction
 * ends, so a concurrent change to them waits and then meets this one's result instead of
 * overwriting it. PostgreSQL: `FOR UPDATE` (under READ COMMITTED the waiter then reads the
 * committed row). SQLite: knex drops the clause; the single connection (database.ts) already runs
 * transactions one at a time.
 */
export function forUpdate<Q extends { forUpdate(): Q }>(db: DbOrTrx, query: Q): Q {
  if (!db.isTransaction) throw new Error('A row lock outside a transaction ends with its statement: pass the transaction');
  return query.forUpdate();
}

/**
 * Keeps the rows from being deleted (or their keys changed) until the transaction ends, for rows
 * the transaction is about to reference: without it, one deleted between the existence check and
 * the insert fails the foreign key on PostgreSQL. SQLite: as above.
 */
export function forKeyShare<Q extends { forKeyShare(): Q }>(db: DbOrTrx, query: Q): Q {
  if (!db.isTransaction) return query;
  return query.forKeyShare();
}
