import { ValidationError } from '@secai/core';
import type { Page } from '@secai/core';

/** Keyset pagination: stable under inserts, no OFFSET scans, no duplicates or gaps. */
export interface KeysetSort {
  /** Column to order by; `id` breaks ties so the order is total. */
  column: string;
  direction: 'asc' | 'desc';
}

interface Cursor {
  c: string;
  v: string | number;
  id: string;
}

export function encodeCursor(column: string, value: string | number, id: string): string {
  return Buffer.from(JSON.stringify({ c: column, v: value, id } satisfies Cursor)).toString('base64url');
}

function decodeCursor(cursor: string, column: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Cursor;
    if (parsed.c === column && typeof parsed.id === 'string' && (typeof parsed.v === 'string' || typeof parsed.v === 'number')) {
      return parsed;
    }
  } catch {
    // fall through to the error below
  }
  throw new ValidationError(
    'The cursor is not valid for this list and sort; start again without it',
    [{ code: 'invalid_cursor', path: ['cursor'], message: 'not a cursor this list produced' }],
    'CURSOR_INVALID',
  );
}

/** The subset of knex's and objection's builders this needs. */
interface OrderableQuery {
  where(...args: unknown[]): this;
  orWhere(...args: unknown[]): this;
  orderBy(column: string, direction: 'asc' | 'desc'): this;
  limit(n: number): this;
}

/**
 * Applies cursor, order and limit (one extra row tells whether a next page exists).
 * `table` qualifies the columns when the query joins.
 */
export function applyKeyset<Q extends OrderableQuery>(query: Q, sort: KeysetSort, limit: number, cursor?: string, table?: string): Q {
  const col = table ? `${table}.${sort.column}` : sort.column;
  const idCol = table ? `${table}.id` : 'id';
  if (cursor) {
    const { v, id } = decodeCursor(cursor, sort.column);
    const op = sort.direction === 'desc' ? '<' : '>';
    query.where((q: OrderableQuery) => {
      q.where(col, op, v).orWhere((q2: OrderableQuery) => q2.where(col, v).where(idCol, op, id));
    });
  }
  return query.orderBy(col, sort.direction).orderBy(idCol, sort.direction).limit(limit + 1);
}

/** Cuts the extra row and makes the next cursor from the last row kept. */
export function toPage<R extends { id: string }, T>(rows: R[], sort: KeysetSort, limit: number, map: (row: R) => T): Page<T> {
  const hasMore = rows.length > limit;
  const kept = hasMore ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  const next = hasMore && last ? encodeCursor(sort.column, (last as Record<string, unknown>)[sort.column] as string | number, last.id) : null;
  return { data: kept.map(map), next_cursor: next };
}
