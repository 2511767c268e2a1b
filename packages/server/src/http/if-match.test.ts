import * as assert from 'uvu/assert';
import { forEachDatabase, type TestServer } from '../_test/harness.js';

/** Each resource whose PATCH takes If-Match: how to make one and two different changes to it. */
const RESOURCES = [
  { path: '/v1/alerts', create: { title: 'If-Match alert', severity: 'low' }, first: { severity: 'high' }, second: { title: 'renamed' } },
  {
    path: '/v1/vulnerabilities',
    create: { title: 'If-Match vulnerability', severity: 'low' },
    first: { status: 'triaged' },
    second: { component: 'openssl' },
  },
  { path: '/v1/assets', create: { hostname: 'if-match.example' }, first: { owner: 'alice' }, second: { criticality: 'high' } },
  { path: '/v1/asset-groups', create: { name: 'if-match group' }, first: { description: 'one' }, second: { name: 'renamed group' } },
] as const;

async function etagOf(s: TestServer, url: string): Promise<string> {
  const res = await s.call('GET', url, { token: s.adminToken });
  assert.is(res.status, 200);
  return res.headers.get('etag') as string;
}

forEachDatabase('If-Match', (test, server) => {
  for (const r of RESOURCES) {
    test(`${r.path}: a PATCH with the ETag of the GET applies and answers the new ETag; the old one then answers 412`, async () => {
      const s = server();
      const token = s.adminToken;
      const created = await s.call('POST', r.path, { token, body: r.create });
      assert.is(created.status, 201, JSON.stringify(created.body));
      const url = `${r.path}/${created.body.id}`;
      const read = await etagOf(s, url);
      assert.match(read, /^"[\w-]{27}"$/, 'a strong ETag');

      const applied = await s.call('PATCH', url, { token, body: r.first, headers: { 'if-match': read } });
      assert.is(applied.status, 200, JSON.stringify(applied.body));
      const now = applied.headers.get('etag');
      assert.is.not(now, read);
      assert.is(now, await etagOf(s, url), 'the PATCH answer carries the ETag a GET answers');

      const stale = await s.call('PATCH', url, { token, body: r.second, headers: { 'if-match': read } });
      assert.is(stale.status, 412);
      assert.match(stale.headers.get('content-type') ?? '', /^application\/problem\+json/);
      assert.is(stale.body.code, 'PRECONDITION_FAILED');
      assert.is(stale.body.etag, now);
      assert.is(await etagOf(s, url), now, 'a refused change changes nothing');

      // One of several tags may match; `*` matches any version; a weak tag never matches (RFC 9110 strong comparison).
      const listed = await s.call('PATCH', url, { token, body: r.second, headers: { 'if-match': `${read}, ${now}` } });
      assert.is(listed.status, 200);
      assert.is((await s.call('PATCH', url, { token, body: r.first, headers: { 'if-match': '*' } })).status, 200);
      const weak = await s.call('PATCH', url, { token, body: r.first, headers: { 'if-match': `W/${await etagOf(s, url)}` } });
      assert.is(weak.status, 412);
    });
  }

  test('a malformed If-Match is a 400 naming the header, not a 412 or a 5xx', async () => {
    const s = server();
    const token = s.adminToken;
    const { body: alert } = await s.call('POST', '/v1/alerts', { token, body: { title: 'bad header', severity: 'low' } });
    for (const value of ['abc', '"unterminated', '"a" "b"', ',']) {
      const res = await s.call('PATCH', `/v1/alerts/${alert.id}`, { token, body: { severity: 'high' }, headers: { 'if-match': value } });
      assert.is(res.status, 400, value);
      assert.is(res.body.code, 'VALIDATION_FAILED');
      assert.equal(res.body.issues[0].path, ['headers', 'if-match']);
    }
    assert.is((await s.call('GET', `/v1/alerts/${alert.id}`, { token })).body.severity, 'low');
  });

  test('an unknown id answers 404 with or without If-Match', async () => {
    const s = server();
    const res = await s.call('PATCH', '/v1/assets/nothing', { token: s.adminToken, body: { owner: 'x' }, headers: { 'if-match': '*' } });
    assert.is(res.status, 404);
    assert.is(res.body.code, 'ASSET_NOT_FOUND');
  });

  test("a group's ETag follows its member count, and If-None-Match still answers 304", async () => {
    const s = server();
    const token = s.adminToken;
    const { body: asset } = await s.call('POST', '/v1/assets', { token, body: { hostname: 'member.example' } });
    const { body: group } = await s.call('POST', '/v1/asset-groups', { token, body: { name: 'counted' } });
    const url = `/v1/asset-groups/${group.id}`;
    const before = await etagOf(s, url);
    // fetch adds `Cache-Control: no-cache` to a conditional request unless one is given.
    const unchanged = await s.call('GET', url, { token, headers: { 'if-none-match': before, 'cache-control': 'max-age=0' } });
    assert.is(unchanged.status, 304);
    const added = await s.call('PATCH', url, { token, body: { add_asset_ids: [asset.id] }, headers: { 'if-match': before } });
    assert.is(added.status, 200);
    assert.is(added.body.member_count, 1);
    const stale = await s.call('PATCH', url, { token, body: { remove_asset_ids: [asset.id] }, headers: { 'if-match': before } });
    assert.is(stale.status, 412);
  });
});
