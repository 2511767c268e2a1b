import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveIdPrefix } from './resolve.js';

const ids = ['3f9a1c07-0000-4000-8000-000000000001', '3f9a1c99-0000-4000-8000-000000000002', '5c0ffee0-0000-4000-8000-000000000003'];
const spec = {
  kind: 'alert',
  notFoundCode: 'ALERT_NOT_FOUND' as const,
  byPrefix: async (prefix: string) => ids.filter((id) => id.startsWith(prefix)).map((id) => ({ id })),
  label: () => 'high  a title',
};

async function failure(value: string, options = {}): Promise<{ code: string; message: string }> {
  try {
    await resolveIdPrefix(value, spec, options);
  } catch (err) {
    return err as { code: string; message: string };
  }
  return assert.unreachable('resolved') as never;
}

test('a unique prefix of 6 or more characters, in any case, resolves to its id', async () => {
  assert.is(await resolveIdPrefix('5c0ffe', spec), ids[2]);
  assert.is(await resolveIdPrefix('3F9A1C07', spec), ids[0]);
});

test('a whole id is used as given, without a lookup', async () => {
  const noLookup = { ...spec, byPrefix: async () => assert.unreachable('looked up') as never };
  assert.is(await resolveIdPrefix(ids[1] as string, noLookup), ids[1]);
});

test('an ambiguous prefix fails listing the candidates', async () => {
  const err = await failure('3f9a1c', { flag: '<alert-id>' });
  assert.is(err.code, 'ID_AMBIGUOUS');
  assert.match(err.message, /^<alert-id>: "3f9a1c" matches 2 alerts/);
  assert.match(err.message, /3f9a1c07-0000-4000-8000-000000000001 {2}high {2}a title/);
  assert.match(err.message, /3f9a1c99-/);
});

test('an unknown prefix is not found, and a short one is refused before any request', async () => {
  assert.is((await failure('abcdef')).code, 'ALERT_NOT_FOUND');
  const short = await failure('3f9a');
  assert.is(short.code, 'ID_TOO_SHORT');
  assert.match(short.message, /at least the first 6 characters/);
});

test.run();
