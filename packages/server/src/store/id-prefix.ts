import { type DbOrTrx, isPostgres } from './database.js';

interface WhereableQuery {
  where(...args: unknown[]): this;
}

/**
 * Rows whose id starts with `prefix` (the CLI's short ids), ignoring case as people type them.
 * IdPrefix admits no LIKE wildcards, so the prefix needs no escaping; PostgreSQL's LIKE is
 * case-sensitive, hence ILIKE there.
 */
export function whereIdPrefix<Q extends WhereableQuery>(query: Q, db: DbOrTrx, column: string, prefix: string): Q {
  return query.where(column, isPostgres(db) ? 'ilike' : 'like', `${prefix}%`);
}
