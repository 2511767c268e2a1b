import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fakeFetch, json, problem } from '../_test/fake-fetch.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { Secai } from '../index.js';

const RULE_ID = '0b5b4f3e-1111-4222-8333-444455556666';
const client = (fetch: typeof globalThis.fetch) => new Secai({ baseUrl: 'http://api.test', token: 't', fetch });

test('rules: list sends booleans as the server reads them and walks every page', async () => {
  const f = fakeFetch(
    () => json(200, { data: [{ id: 'r1' }], next_cursor: 'c2' }),
    () => json(200, { data: [{ id: 'r2' }], next_cursor: null }),
  );
  const rules = await client(f.fetch)
    .rules.list({ rule_set: 'team', enabled: false, runnable: true, tag: ['attack.t1059', 'attack.execution'], limit: 1 })
    .toArray({ max: 10 });
  assert.equal(
    rules.map((r) => r.id),
    ['r1', 'r2'],
  );
  const [first, second] = f.requests;
  assert.is(first?.url, 'http://api.test/v1/rules?rule_set=team&enabled=false&runnable=true&tag=attack.t1059%2Cattack.execution&limit=1');
  assert.is(new URL(second?.url ?? '').searchParams.get('cursor'), 'c2');
  f.done();
});

test('rules: import, get, update, updateMany, sets and test call their routes', async () => {
  const result = { rule_set: 'team', version: 1, added: 2, changed: 0, removed: 0, unchanged: 0, refused: [] };
  const f = fakeFetch(
    () => json(200, result),
    () => json(200, { id: RULE_ID, yaml: 'title: x', exceptions: [] }),
    () => json(200, { id: RULE_ID, enabled: false }),
    () => json(200, { updated: 3 }),
    () => json(200, { data: [{ name: 'team', version: 1 }], next_cursor: null }),
    () => json(200, { events: 1, hits: [], refused: [] }),
  );
  const c = client(f.fetch);
  assert.equal(await c.rules.import({ rule_set: 'team', files: [{ path: 'a.yml', content: 'title: a' }] }), result);
  assert.is((await c.rules.get('sigma-id/with slash')).yaml, 'title: x');
  assert.is((await c.rules.update(RULE_ID, { enabled: false, level_override: null })).enabled, false);
  assert.is((await c.rules.updateMany({ filter: { tag: ['attack.t1003'] }, enabled: false })).updated, 3);
  assert.equal(
    (await c.rules.sets()).data.map((s) => s.name),
    ['team'],
  );
  assert.is((await c.rules.test({ rules: 'title: x', events: ['a line'] })).events, 1);
  const [imp, get, patch, bulk, sets, run] = f.requests;
  assert.is(`${imp?.method} ${imp?.url}`, 'POST http://api.test/v1/rules');
  assert.equal(await imp?.json(), { rule_set: 'team', files: [{ path: 'a.yml', content: 'title: a' }] });
  assert.is(`${get?.method} ${get?.url}`, 'GET http://api.test/v1/rules/sigma-id%2Fwith%20slash');
  assert.is(`${patch?.method} ${patch?.url}`, `PATCH http://api.test/v1/rules/${RULE_ID}`);
  assert.equal(await patch?.json(), { enabled: false, level_override: null });
  assert.is(`${bulk?.method} ${bulk?.url}`, 'PATCH http://api.test/v1/rules');
  assert.equal(await bulk?.json(), { filter: { tag: ['attack.t1003'] }, enabled: false });
  assert.is(`${sets?.method} ${sets?.url}`, 'GET http://api.test/v1/rule-sets');
  assert.is(`${run?.method} ${run?.url}`, 'POST http://api.test/v1/rules/test');
  f.done();
});

test('rules: exceptions are added to and removed from their rule', async () => {
  const f = fakeFetch(
    () => json(201, { id: 'ex-1', rule_id: RULE_ID, match: { 'host.name': ['build-*'] }, reason: 'CI', owner: 'admin' }),
    () => new Response(null, { status: 204 }),
  );
  const c = client(f.fetch);
  const added = await c.rules.addException(RULE_ID, { match: { 'host.name': ['build-*'] }, reason: 'CI' });
  assert.is(added.id, 'ex-1');
  assert.is(await c.rules.deleteException(RULE_ID, 'ex-1'), undefined);
  const [post, del] = f.requests;
  assert.is(`${post?.method} ${post?.url}`, `POST http://api.test/v1/rules/${RULE_ID}/exceptions`);
  assert.equal(await post?.json(), { match: { 'host.name': ['build-*'] }, reason: 'CI' });
  assert.is(`${del?.method} ${del?.url}`, `DELETE http://api.test/v1/rules/${RULE_ID}/exceptions/ex-1`);
  f.done();
});

test('rules: an unknown rule is a NotFoundError RULE_NOT_FOUND; enabling a refused one a ValidationError', async () => {
  const f = fakeFetch(
    () => problem(404, 'RULE_NOT_FOUND'),
    () => problem(400, 'VALIDATION_FAILED', { issues: [{ code: 'rule_refused', path: ['enabled'], message: 'refused' }] }),
  );
  const c = client(f.fetch);
  try {
    await c.rules.get('nope');
    assert.unreachable('found');
  } catch (err) {
    assert.instance(err, NotFoundError);
    assert.is((err as NotFoundError).code, 'RULE_NOT_FOUND');
  }
  try {
    await c.rules.update(RULE_ID, { enabled: true });
    assert.unreachable('accepted');
  } catch (err) {
    assert.instance(err, ValidationError);
  }
  f.done();
});

test.run();
