/** One issue in a validation failure, shaped like zod's issues. */
export interface ValidationIssue {
  code: string;
  path: (string | number)[];
  message: string;
}

export interface SecaiErrorOptions {
  /** HTTP status the server answers with; clients need not use it. */
  status?: number;
  details?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * The root of every error secai throws on purpose. `code` is stable (UPPER_SNAKE, listed in
 * docs/errors.md) and is what callers and tests match on, never the message.
 */
export class SecaiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: SecaiErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = options.status ?? 500;
    this.details = options.details;
  }
}

export class ValidationError extends SecaiError {
  readonly issues: ValidationIssue[];
  constructor(message: string, issues: ValidationIssue[] = [], code = 'VALIDATION_FAILED') {
    super(code, message, { status: 400, details: { issues } });
    this.issues = issues;
  }
}

export class NotFoundError extends SecaiError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, { status: 404, ...(details && { details }) });
  }
}

export class ConflictError extends SecaiError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, { status: 409, ...(details && { details }) });
  }
}

/** A conditional request (`If-Match`) named a version the resource no longer has. */
export class PreconditionFailedError extends SecaiError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('PRECONDITION_FAILED', message, { status: 412, ...(details && { details }) });
  }
}

export class UnauthenticatedError extends SecaiError {
  constructor(code: string, message: string) {
    super(code, message, { status: 401 });
  }
}

export class PermissionError extends SecaiError {
  constructor(message: string, details?: Record<string, unknown>, code = 'PERMISSION_DENIED') {
    super(code, message, { status: 403, ...(details && { details }) });
  }
}

export class RateLimitedError extends SecaiError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super('RATE_LIMITED', message, { status: 429, details: { retry_after: retryAfterSeconds } });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Something the server depends on (its database) does not answer; retrying later can work. */
export class ServiceUnavailableError extends SecaiError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number, code = 'SERVICE_UNAVAILABLE', cause?: unknown) {
    super(code, message, { status: 503, details: { retry_after: retryAfterSeconds }, cause });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
