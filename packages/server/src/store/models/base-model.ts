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
