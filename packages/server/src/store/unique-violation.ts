/**
 * True when a write failed on a unique index: PostgreSQL's 23505, SQLite's
 * SQLITE_CONSTRAINT_UNIQUE. Services check a name is free before they write it, but two
 * transactions can both pass that check on PostgreSQL; the index then decides, and the loser
 * answers the same 409 as if the check had caught it.
 */
export function isUniqueViolation(err: unknown): boolean {
  // objection wraps the driver's error (db-errors' UniqueViolationError) and keeps it as nativeError.
  const e = err as { code?: unknown; nativeError?: { code?: unknown } } | null;
  const code = e?.nativeError?.code ?? e?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
