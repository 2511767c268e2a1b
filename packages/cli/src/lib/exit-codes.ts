import { SecaiError } from '@secai/core';
import {
  AuthenticationError,
  ConnectionError,
  NotFoundError,
  PermissionError,
  SecaiApiError,
  ServerError,
  TimeoutError,
  ValidationError,
} from '@secai/sdk';

/**
 * Exit codes, documented in docs/cli.md. Scripts branch on them, so they never change meaning.
 */
export const EXIT = {
  OK: 0,
  /** Anything else that went wrong, e.g. a conflict. */
  FAILED: 1,
  /** Bad flags or arguments, or the server rejected the input (oclif uses 2 for flag errors too). */
  USAGE: 2,
  NOT_FOUND: 3,
  /** Not logged in, expired or revoked credentials, or missing permission. */
  AUTH: 4,
  /** The server failed or could not be reached. */
  SERVER: 5,
} as const;

export function exitCodeFor(err: unknown): number {
  if (err instanceof ValidationError) return EXIT.USAGE;
  if (err instanceof NotFoundError) return EXIT.NOT_FOUND;
  if (err instanceof AuthenticationError || err instanceof PermissionError) return EXIT.AUTH;
  if (err instanceof ServerError || err instanceof ConnectionError || err instanceof TimeoutError) return EXIT.SERVER;
  if (err instanceof SecaiApiError) return EXIT.FAILED;
  // The CLI's own checks (a name that matches nothing, an ambiguous short id) throw core errors.
  if (err instanceof SecaiError) return err.status === 404 ? EXIT.NOT_FOUND : err.status === 400 ? EXIT.USAGE : EXIT.FAILED;
  return EXIT.FAILED;
}

/** A next step to print under the error, like gh's hint after a 401. */
export function suggestionFor(err: unknown): string | undefined {
  if (err instanceof AuthenticationError) return 'Run `secai login` (or set SECAI_TOKEN) and try again.';
  if (err instanceof PermissionError) return 'Ask an administrator for a role with that permission.';
  if (err instanceof ConnectionError) return 'Is `secai serve` running? Check the URL with `secai whoami` or SECAI_URL.';
  if (err instanceof ValidationError && err.issues.length > 0) {
    return err.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('\n');
  }
  return undefined;
}
