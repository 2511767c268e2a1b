import { type Problem, SecaiError, ValidationError } from '@secai/core';
import { databaseUnavailable, isDatabaseUnreachable } from './database-unreachable.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Body-parser and other http-errors carry a `type` and `status`; map the ones a client causes. */
function fromHttpError(err: { type?: string; status?: number }): SecaiError | null {
  if (err.type === 'entity.parse.failed') {
    return new ValidationError(
      'The request body is not valid JSON',
      [{ code: 'invalid_json', path: [], message: 'not valid JSON' }],
      'MALFORMED_JSON',
    );
  }
  if (err.type === 'entity.too.large') return new SecaiError('PAYLOAD_TOO_LARGE', 'The request body is too large');
  if (err.type === 'encoding.unsupported' || err.type === 'charset.unsupported') {
    return new SecaiError('UNSUPPORTED_MEDIA_TYPE', 'The request body encoding is not supported; send UTF-8 JSON');
  }
  // A gzip (or deflate) body that does not inflate: body-parser passes zlib's error on as a 400.
  if (err.status === 400 && /^Z_/.test(String((err as { code?: unknown }).code))) {
    return new ValidationError('The request body could not be decompressed: it is not valid gzip or deflate', [
      { code: 'invalid_encoding', path: [], message: 'corrupt or truncated compressed body' },
    ]);
  }
  // The router decodes path parameters and answers a malformed `%` escape with this.
  if (err instanceof URIError && err.status === 400) {
    return new ValidationError('The path is not validly percent-encoded', [
      { code: 'invalid_encoding', path: ['path'], message: 'malformed percent-encoding' },
    ]);
  }
  return null;
}

/** The SecaiError a thrown value stands for: itself, a client's HTTP mistake, a database outage (503), or null. */
export function knownError(err: unknown): SecaiError | null {
  if (err instanceof SecaiError) return err;
  if (isDatabaseUnreachable(err)) return databaseUnavailable(err);
  return fromHttpError(err as { type?: string });
}

/** RFC 9457 problem document for any thrown value; unknown errors become a generic 500. */
export function toProblem(err: unknown, requestId: string | undefined, instance: string): { problem: Problem; known: boolean } {
  const known = knownError(err);
  if (!known) {
    return {
      known: false,
      problem: {
        type: 'urn:secai:error:internal-error',
        title: 'Internal server error',
        status: 500,
        detail: 'Something went wrong on the server; the request id identifies it in the server log',
        code: 'INTERNAL_ERROR',
        instance,
        ...(requestId && { request_id: requestId }),
      },
    };
  }
  const problem: Problem = {
    type: `urn:secai:error:${known.code.toLowerCase().replaceAll('_', '-')}`,
    title: known.code
      .toLowerCase()
      .split('_')
      .join(' ')
      .replace(/^./, (c) => c.toUpperCase()),
    status: known.status,
    detail: known.message,
    code: known.code,
    instance,
    ...(requestId && { request_id: requestId }),
    // A validation error's details beside its issues (a query's `position`) are for the client too.
    ...(known instanceof ValidationError && { ...known.details, issues: known.issues }),
    ...(known.details && !(known instanceof ValidationError) && { ...known.details }),
  };
  return { problem, known: true };
}
