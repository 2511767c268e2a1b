import { NotFoundError, RateLimitedError, ServiceUnavailableError } from '@secai/core';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type {} from 'pino-http';
import { knownError, PROBLEM_CONTENT_TYPE, toProblem } from '../problem.js';

/** One 404 for every unknown route (and method), as a problem document. */
export const notFound: RequestHandler = (req) => {
  throw new NotFoundError('ROUTE_NOT_FOUND', `No route for ${req.method} ${req.path}`);
};

/** Last in the chain: known errors become their problem document; anything else a logged 500. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const requestId = String(req.id ?? '');
  const known = knownError(err);
  const { problem } = toProblem(known ?? err, requestId || undefined, req.originalUrl.split('?')[0] ?? '/');
  if (!known) req.log?.error({ err }, 'unhandled error');
  // The operator needs the driver's words; the client gets a 503 without them.
  else if (known instanceof ServiceUnavailableError && known.code === 'SERVICE_UNAVAILABLE')
    req.log?.warn({ err: known.cause ?? err }, 'database unreachable');
  if (known instanceof RateLimitedError || known instanceof ServiceUnavailableError) {
    res.setHeader('Retry-After', String(known.retryAfterSeconds));
  }
  if (res.headersSent) return;
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
};

export function requestIdOf(req: Request): string | null {
  return req.id === undefined ? null : String(req.id);
}
