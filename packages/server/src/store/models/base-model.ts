import { Model } from 'objection';

/**
 * Models are never bound to a global knex: repositories pass theirs (`Model.query(db)`), so one
 * process can hold several databases (the test suite runs SQLite and PostgreSQL side by side).
 */
export class BaseModel extends Model {
  static override useLimitInFirst = true;
}

/** SQLite answers booleans as 0/1. */
export const bool = (v: unknown): boolean => v === true || v === 1 || v === '1';

/**
 * Runs an objection query for plain rows, parsing its JSON columns. List endpoints use it:
 * building and serialising 100 model instances cost more than the SQL itself.
 */
export async function plainRows<R>(
  query: { toKnexQuery(): PromiseLike<unknown[]> } | PromiseLike<unknown[]>,
  model: { jsonAttributes?: string[] },
): Promise<R[]> {
  const rows = (await ('toKnexQuery' in query ? query.toKnexQuery() : query)) as Record<string, unknown>[];
  const json = model.jsonAttributes ?? [];
  for (const row of rows) {
    for (const column of json) {
      const value = row[column];
      if (typeof value === 'string') row[column] = JSON.parse(value);
    }
  }
  return rows as R[];
}
