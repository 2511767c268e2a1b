import { type DbOrTrx, isPostgres } from './database.js';

interface WhereableQuery {
  where(...args: unknown[]): this;
  orWhere(...args: unknown[]): this;
}

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Case-insensitive substring match over some columns. SQLite's LIKE already ignores ASCII case;
 * PostgreSQL needs ILIKE. Full-text search over log events lives in the log store, not here.
 */
export function whereTextMatches<Q extends WhereableQuery>(query: Q, db: DbOrTrx, columns: string[], text: string): Q {
  const pattern = `%${escapeLike(text)}%`;
  // PostgreSQL needs text for ILIKE (some columns are json).
  const sql = isPostgres(db) ? "??::text ilike ? escape '\\'" : "?? like ? escape '\\'";
  return query.where((q: WhereableQuery) => {
    for (const column of columns) q.orWhere(db.raw(sql, [column, pattern]));
  });
}
