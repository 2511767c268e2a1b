import { PreconditionFailedError, ValidationError } from '@secai/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertIfMatch, entityTag, withEntityTag } from './entity-tag.js';

const resource = { id: 'a', status: 'new' };
const tag = entityTag(resource);

function failure(ifMatch: string): unknown {
  try {
    assertIfMatch(ifMatch, resource);
  } catch (err) {
    return err;
  }
  return assert.unreachable(`${ifMatch} matched`);
}

test('the tag is strong and changes with any field', () => {
  assert.match(tag, /^"[\w-]{27}"$/);
  assert.is(entityTag({ id: 'a', status: 'new' }), tag);
  assert.is.not(entityTag({ id: 'a', status: 'resolved' }), tag);
});

test('no header, "*", the tag, or a list holding it pass', () => {
  assertIfMatch(undefined, resource);
  assertIfMatch('*', resource);
  assertIfMatch(tag, resource);
  assertIfMatch(` "old" , ${tag} `, resource);
});

test('another tag, or the weak form of this one, fails with the current tag', () => {
  for (const value of ['"old"', `W/${tag}`]) {
    const err = failure(value);
    assert.instance(err, PreconditionFailedError);
    assert.is((err as PreconditionFailedError).code, 'PRECONDITION_FAILED');
    assert.equal((err as PreconditionFailedError).details, { etag: tag });
  }
});

test('a header that is not entity tags is a validation error', () => {
  for (const value of ['abc', '"a', '', ' , ', '"a" "b"']) {
    const err = failure(value);
    assert.instance(err, ValidationError, value);
    assert.equal((err as ValidationError).issues[0]?.path, ['headers', 'if-match']);
  }
});

test('withEntityTag sets the header on the response and hands the resource on', () => {
  const headers: Record<string, string> = {};
  const req = { res: { setHeader: (name: string, value: string) => (headers[name] = value) } };
  assert.is(withEntityTag(req, resource), resource);
  assert.equal(headers, { ETag: tag });
});

test.run();
