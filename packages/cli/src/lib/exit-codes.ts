import { SecaiError } from '@secai/core/errors';
import type { Job } from '@secai/sdk';
import {
  AuthenticationError,
  ConnectionError,
  NotFoundError,
  PermissionError,
  RateLimitError,
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
  /** Ctrl-C: 128 + SIGINT, as shells report an interrupted program. */
  INTERRUPTED: 130,
} as const;

export function exitCodeFor(err: unknown): number {
  if (err instanceof ValidationError) return EXIT.USAGE;
  if (err instanceof NotFoundError) return EXIT.NOT_FOUND;
  if (err instanceof AuthenticationError || err instanceof PermissionError) return EXIT.AUTH;
  if (err instanceof ServerError || err instanceof ConnectionError || err instanceof TimeoutError) return EXIT.SERVER;
  if (err instanceof SecaiApiError) return EXIT.FAILED;
  // The CLI's own checks (a name that matches nothing, an ambiguous short id) throw core errors.
  if (err instanceof SecaiError) return err.status === 404 ? EXIT.NOT_FOUND : err.status === 400 ? EXIT.USAGE : EXIT.FAILED;
  // A file that is not there or cannot be read is the caller's input, not a failure of ours.
  const code = (err as { code?: unknown } | undefined)?.code;
  if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') return EXIT.USAGE;
  if (err instanceof SyntaxError) return EXIT.USAGE;
  return EXIT.FAILED;
}

/**
 * How `jobs wait` and `vulns import --wait` exit for the job they followed: 0 when it
 * succeeded, 1 when it failed (after its last retry) or was cancelled.
 */
export function exitCodeForJob(job: Pick<Job, 'state'>): number {
  return job.state === 'succeeded' ? EXIT.OK : EXIT.FAILED;
}

/** "45 seconds", "15 minutes": how long a Retry-After asks for, rounded up. */
export function waitFor(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.ceil(seconds))} second${Math.ceil(seconds) === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** How the command authenticated: an API token's scope can lack what its user holds. */
export interface CallerKind {
  apiToken?: boolean;
}

/** A next step to print under the error, like gh's hint after a 401; never the error again. */
export function suggestionFor(err: unknown, caller: CallerKind = {}): string | undefined {
  if (err instanceof AuthenticationError) return 'Run `secai login` (or set SECAI_TOKEN) and try again.';
  if (err instanceof PermissionError && caller.apiToken)
    return "Your API token's scope lacks that permission (your user may hold it): create a token with it, `secai tokens create <name> --permission <permission>`, or use one without --permission.";
  if (err instanceof PermissionError) return 'Ask an administrator for a role with that permission.';
  if (err instanceof RateLimitError && err.retryAfter !== undefined) return `Wait ${waitFor(err.retryAfter)} and try again.`;
  if (err instanceof ConnectionError) return 'Is `secai serve` running? Check the URL with `secai whoami` or SECAI_URL.';
  return undefined;
}

export interface FlagNaming {
  /** API field → flag, where the flag is not the field's kebab-case name. */
  flagFor: Record<string, string>;
  /** The command's flags, without dashes. */
  flagNames: string[];
}

/**
 * The flag a rejected API field came from: an explicit mapping ('' for none: the message names
 * what it is about), else the field's kebab-case
 * name, else that without `_id`/`_ids` or a plural `s` (`asset_id` → `--asset`, `tags` → `--tag`).
 * @example flagForPath(['min_severity'], { flagFor: {}, flagNames: ['min-severity'] }) // '--min-severity'
 */
export function flagForPath(path: (string | number)[], naming: FlagNaming): string {
  const [field] = path;
  if (typeof field !== 'string') return 'the input';
  const explicit = naming.flagFor[field];
  if (explicit !== undefined) return explicit;
  const kebab = field.replace(/_/g, '-');
  for (const candidate of [kebab, kebab.replace(/-ids?$/, ''), kebab.replace(/s$/, '')]) {
    if (naming.flagNames.includes(candidate)) return `--${candidate}`;
  }
  return field;
}

/** The error in CLI terms: an input the server rejected names the flags, one line each. */
export function messageFor(err: unknown, naming: FlagNaming): string {
  const message = (err as Error).message;
  if (!(err instanceof ValidationError) || err.issues.length === 0) return message;
  const lines = err.issues.map((i) => {
    const flag = flagForPath(i.path, naming);
    return flag ? `${flag}: ${i.message}` : i.message;
  });
  return lines.length === 1 ? (lines[0] as string) : `${message}:\n  ${lines.join('\n  ')}`;
}
