import { ServiceUnavailableError } from '@secai/core';

/** Seconds a client is asked to wait: a PostgreSQL restart or fail-over takes a few. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * Driver errors that mean "the database is not there right now", not "this request is wrong":
 *   1. sockets (pg): refused, reset, unreachable, name lookup failed;
 *   2. PostgreSQL SQLSTATE class 08 (connection exception), 57P01-57P03 (admin or crash
 *      shutdown, cannot connect now: starting or stopping) and 53300 (too many connections);
 *   3. SQLite: the file is locked past busy_timeout, or cannot be opened (and their extended codes).
 */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
const SQLSTATES = /^(08\w{3}|57P0[123]|53300)$/;
const SQLITE_CODES = /^SQLITE_(BUSY|CANTOPEN)(_\w+)?$/;
/**
 * pg and knex say some of it only in words: a connection that died under a query (pg), a pool
 * that found no free connection in time (knex `KnexTimeoutError`) or was closed by a shutdown.
 * knex puts the statement in front of a query's error: `select … - Connection terminated unexpectedly`.
 */
const MESSAGES = /(^|\s-\s)(Connection terminated|Client has encountered a connection error|Unable to acquire a connection)/;

/** How deep to look through `cause`, `nativeError` (objection's wrappers) and `errors` (AggregateError). */
const MAX_DEPTH = 4;

interface DriverError {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  nativeError?: unknown;
  errors?: unknown;
}

export function isDatabaseUnreachable(err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null || depth > MAX_DEPTH) return false;
  const e = err as DriverError;
  const code = typeof e.code === 'string' ? e.code : '';
  if (SOCKET_CODES.has(code) || SQLSTATES.test(code) || SQLITE_CODES.test(code)) return true;
  if (e.name === 'KnexTimeoutError') return true;
  if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
  const inner = [e.cause, e.nativeError, ...(Array.isArray(e.errors) ? e.errors : [])];
  return inner.some((i) => i !== err && isDatabaseUnreachable(i, depth + 1));
}

/** The 503 a request gets while the database is unreachable; the driver error stays the cause, for the log. */
export function databaseUnavailable(cause: unknown): ServiceUnavailableError {
  return new ServiceUnavailableError(
    'The database is unreachable; nothing is wrong with the request, retry shortly',
    DATABASE_RETRY_AFTER_SECONDS,
    'SERVICE_UNAVAILABLE',
    cause,
  );
}
