import type { Problem } from './types.js';

/** The request an error came from, with credentials redacted. */
export interface RequestInfo {
  method: string;
  url: string;
  headers: Record<string, string>;
}

/**
 * Every failed call throws a subclass of this. `code` is the server's stable error code
 * (docs/errors.md); match on it or on the class, never on the message.
 */
export class SecaiApiError extends Error {
  readonly status: number | undefined;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly problem: Problem | undefined;
  readonly request: RequestInfo | undefined;

  constructor(
    message: string,
    options: { status?: number; code: string; requestId?: string; problem?: Problem; request?: RequestInfo; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.status = options.status;
    this.code = options.code;
    this.requestId = options.requestId;
    this.problem = options.problem;
    this.request = options.request;
  }
}

/** 400 or 422: the request did not validate; `issues` says where. */
export class ValidationError extends SecaiApiError {
  get issues(): NonNullable<Problem['issues']> {
    return this.problem?.issues ?? [];
  }
}
/** 401: no, bad or expired credentials (after one refresh attempt, when possible). */
export class AuthenticationError extends SecaiApiError {}
/** 403: authenticated, but without the permission. */
export class PermissionError extends SecaiApiError {}
export class NotFoundError extends SecaiApiError {}
/** 409: conflicts with the current state, e.g. an illegal alert transition. */
export class ConflictError extends SecaiApiError {}
/** 429: slow down; `retryAfter` is in seconds. */
export class RateLimitError extends SecaiApiError {
  readonly retryAfter: number | undefined;
  constructor(message: string, options: ConstructorParameters<typeof SecaiApiError>[1] & { retryAfter?: number }) {
    super(message, options);
    this.retryAfter = options.retryAfter;
  }
}
/** 5xx. */
export class ServerError extends SecaiApiError {}
/** The server could not be reached. */
export class ConnectionError extends SecaiApiError {}
/** No answer within the timeout. */
export class TimeoutError extends SecaiApiError {}

function redact(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    out[key] = key === 'authorization' ? '[REDACTED]' : value;
  });
  return out;
}

export function requestInfo(request: Request): RequestInfo {
  return { method: request.method, url: request.url, headers: redact(request.headers) };
}

/** Maps an HTTP failure to its error class, like stripe's generateError. */
export async function errorFromResponse(request: Request, response: Response): Promise<SecaiApiError> {
  let problem: Problem | undefined;
  try {
    const body = (await response.clone().json()) as Problem;
    if (body && typeof body === 'object' && typeof body.code === 'string') problem = body;
  } catch {
    // not a problem document (a proxy's HTML page, say)
  }
  const status = response.status;
  const options = {
    status,
    code: problem?.code ?? `HTTP_${status}`,
    ...(response.headers.get('x-request-id') && { requestId: response.headers.get('x-request-id') as string }),
    ...(problem && { problem }),
    request: requestInfo(request),
  };
  const message = problem?.detail ?? problem?.title ?? `${request.method} ${new URL(request.url).pathname} failed with HTTP ${status}`;
  if (status === 400 || status === 422) return new ValidationError(message, options);
  if (status === 401) return new AuthenticationError(message, options);
  if (status === 403) return new PermissionError(message, options);
  if (status === 404) return new NotFoundError(message, options);
  if (status === 409) return new ConflictError(message, options);
  if (status === 429) {
    const retryAfter = Number(response.headers.get('retry-after'));
    return new RateLimitError(message, { ...options, ...(Number.isFinite(retryAfter) && retryAfter > 0 && { retryAfter }) });
  }
  if (status >= 500) return new ServerError(message, options);
  return new SecaiApiError(message, options);
}
