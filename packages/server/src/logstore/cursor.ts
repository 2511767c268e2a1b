import { ValidationError } from '@secai/core/errors';

/** The most events one page holds (the interface's promise; routes validate before this). */
export const MAX_PAGE = 1000;

/** Where a page ended: the last event's time (ms) and id, the order's two keys. */
export interface LogCursor {
  ts: number;
  id: string;
}

export function encodeLogCursor(c: LogCursor): string {
  return Buffer.from(JSON.stringify({ t: c.ts, i: c.id })).toString('base64url');
}

export function decodeLogCursor(cursor: string): LogCursor {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { t?: unknown; i?: unknown };
    if (Number.isSafeInteger(v.t) && typeof v.i === 'string') return { ts: v.t as number, id: v.i };
  } catch {
    // fall through to the error below
  }
  throw new ValidationError(
    'The cursor is not valid for this search; start again without it',
    [{ code: 'invalid_cursor', path: ['cursor'], message: 'not a cursor this search produced' }],
    'CURSOR_INVALID',
  );
}

/** The page size asked for, within 1..MAX_PAGE. */
export const pageSize = (limit: number): number => Math.max(1, Math.min(MAX_PAGE, Math.floor(limit) || 1));
