import { ERROR_CODES, type ErrorCode } from './codes.js';

/** One issue in a validation failure, shaped like zod's issues. */
export interface ValidationIssue {
  code: string;
  path: (string | number)[];
  message: string;
}

export interface SecaiErrorOptions {
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** The codes of the catalog whose HTTP status is `S`: what each subclass accepts. */
export type ErrorCodeWithStatus<S extends number> = { [K in ErrorCode]: (typeof ERROR_CODES)[K] extends S ? K : never }[ErrorCode];

/**
 * The root of every error secai throws on purpose. `code` is stable (UPPER_SNAKE, listed in
 * docs/errors.md) and is what callers and tests match on, never the message. The HTTP status
 * the server answers with comes from the catalog (`ERROR_CODES`); clients need not use it.
 */
export class SecaiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: SecaiErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = ERROR_CODES[code];
    this.details = options.details;
  }
}

export class ValidationError extends SecaiError {
  declare readonly code: ErrorCodeWithStatus<400>;
  readonly issues: ValidationIssue[];
  constructor(message: string, issues: ValidationIssue[] = [], code: ErrorCodeWithStatus<400> = 'VALIDATION_FAILED') {
    super(code, message, { details: { issues } });
    this.issues = issues;
  }
}

export class NotFoundError extends SecaiError {
  declare readonly code: ErrorCodeWithStatus<404>;
  constructor(code: ErrorCodeWithStatus<404>, message: string, details?: Record<string, unknown>) {
    super(code, message, { ...(details && { details }) });
  }
}

export class ConflictError extends SecaiError {
  declare readonly code: ErrorCodeWithStatus<409>;
  constructor(code: ErrorCodeWithStatus<409>, message: string, details?: Record<string, unknown>) {
    super(code, message, { ...(details && { details }) });
  }
}

/** A conditional request (`If-Match`) named a version the resource no longer has. */
export class PreconditionFailedError extends SecaiError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('PRECONDITION_FAILED', message, { ...(details && { details }) });
  }
}

export class UnauthenticatedError extends SecaiError {
  declare readonly code: ErrorCodeWithStatus<401>;
  constructor(code: ErrorCodeWithStatus<401>, message: string) {
    super(code, message);
  }
}

export class PermissionError extends SecaiError {
  declare readonly code: ErrorCodeWithStatus<403>;
  constructor(message: string, details?: Record<string, unknown>, code: ErrorCodeWithStatus<403> = 'PERMISSION_DENIED') {
    super(code, message, { ...(details && { details }) });
  }
}

export class RateLimitedError extends SecaiError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super('RATE_LIMITED', message, { details: { retry_after: retryAfterSeconds } });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Something the server depends on (its database) does not answer; retrying later can work. */
export class ServiceUnavailableError extends SecaiError {
  declare readonly code: ErrorCodeWithStatus<503>;
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number, code: ErrorCodeWithStatus<503> = 'SERVICE_UNAVAILABLE', cause?: unknown) {
    super(code, message, { details: { retry_after: retryAfterSeconds }, cause });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
