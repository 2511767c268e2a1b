// ETags of single resources and the If-Match check (RFC 9110 §8.8.3, §13.1.1). The tag hashes the
// resource's JSON, so GET, PATCH and the check inside the locked transaction compute it alike.
import { createHash } from 'node:crypto';
import { PreconditionFailedError, ValidationError } from '@secai/core';

/**
 * A strong entity tag of a resource as the API serves it: any change to any field changes it.
 * @example entityTag({ id: 'a' }) // '"…27 base64url characters…"'
 */
export function entityTag(resource: unknown): string {
  return entityTagOf(JSON.stringify(resource));
}

/** The strong entity tag of a serialized answer (the list cache tags its stored bodies with it). */
export function entityTagOf(body: string | Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** What routes need of Express's request to set a header on its response; no Express import. */
interface HasResponse {
  res?: { setHeader(name: string, value: string): unknown } | undefined;
}

/** Sets the resource's ETag on the answer and hands the resource on. */
export function withEntityTag<T>(req: HasResponse, resource: T): T {
  req.res?.setHeader('ETag', entityTag(resource));
  return resource;
}

const ENTITY_TAG = /^(W\/)?"[\x21\x23-\x7e\x80-\xff]*"$/;

/**
 * Throws PreconditionFailedError unless `ifMatch` (the header's value, if sent) names the
 * resource's current tag or is `*`. Comparison is strong, as RFC 9110 requires for If-Match: a
 * weak tag (`W/"…"`) never matches.
 */
export function assertIfMatch(ifMatch: string | undefined, resource: unknown): void {
  if (ifMatch === undefined) return;
  const value = ifMatch.trim();
  if (value === '*') return;
  const tags = value
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (tags.length === 0 || !tags.every((t) => ENTITY_TAG.test(t))) {
    throw new ValidationError('If-Match must be "*" or ETags as the server sent them, quotes included', [
      { code: 'invalid_header', path: ['headers', 'if-match'], message: 'not a list of entity tags' },
    ]);
  }
  const current = entityTag(resource);
  if (!tags.includes(current)) {
    throw new PreconditionFailedError('The resource changed since you read it; read it again and retry with its new ETag', {
      etag: current,
    });
  }
}
