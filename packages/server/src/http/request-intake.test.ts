// How requests are taken in: who is calling is settled before the body is read, over-limit bodies
// are refused by their declared length, deep bodies are a 400, and answers say how to cache them.
import { request } from 'node:http';
import * as assert from 'uvu/assert';
import { forEachDatabase, type TestServer } from '../_test/harness.js';

/** Sends headers announcing `length` bytes and only a few of them; resolves with the status once the server answers. */
function announce(
  s: TestServer,
  path: string,
  length: number,
  headers: Record<string, string> = {},
): Promise<{ status: number; ms: number }> {
  const url = new URL(path, s.url);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'content-length': String(length), 'content-type': 'application/json', ...headers } },
      (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, ms: performance.now() - started });
        req.destroy();
      },
    );
    req.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(err)));
    req.write('{"Results": [');
  });
}

const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

forEachDatabase('request intake', (test, server) => {
  test('an anonymous upload is refused before its body is read', async () => {
    const s = server();
    for (const path of ['/v1/imports', '/v1/enrichment/kev', '/v1/alerts']) {
      const res = await announce(s, path, 150 * 1024 * 1024);
      assert.is(res.status, 401, path);
      assert.ok(res.ms < 1000, `${path} answered in ${res.ms} ms`);
    }
  });

  test('a caller without the permission is refused before the body is read', async () => {
    const s = server();
    const viewer = await s.userToken('intake-viewer', ['viewer']);
    const res = await announce(s, '/v1/imports', 150 * 1024 * 1024, { authorization: `Bearer ${viewer}` });
    assert.is(res.status, 403);
  });

  test('a declared length over the limit is a 413 before anything is read', async () => {
    const s = server();
    const res = await announce(s, '/v1/imports', 1024 * 1024 * 1024, { authorization: `Bearer ${s.adminToken}` });
    assert.is(res.status, 413);
    const json = await announce(s, '/v1/alerts', 64 * 1024 * 1024, { authorization: `Bearer ${s.adminToken}` });
    assert.is(json.status, 413);
  });

  test('a multipart upload still imports, through a private temporary file', async () => {
    const s = server();
    const form = new FormData();
    const report = { SchemaVersion: 2, ArtifactName: 'app', Results: [{ Target: 'package-lock.json', Vulnerabilities: [] }] };
    form.set('file', new Blob([JSON.stringify(report)]), 'trivy.json');
    const res = await fetch(`${s.url}/v1/imports?format=trivy&tag=upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.adminToken}` },
      body: form,
    });
    assert.is(res.status, 201, await res.clone().text());
  });

  test('a report quoting a \\u0000 escape imports; one holding a raw NUL is a 400', async () => {
    const s = server();
    const report = (title: string) =>
      JSON.stringify({
        SchemaVersion: 2,
        ArtifactName: 'nul',
        Results: [
          {
            Target: 'x',
            Vulnerabilities: [{ VulnerabilityID: 'CVE-2024-0001', PkgName: 'p', InstalledVersion: '1', Severity: 'HIGH', Title: title }],
          },
        ],
      });
    const escaped = await s.call('POST', '/v1/imports?format=trivy&tag=nul', { token: s.adminToken, body: report('a\u0000b') });
    assert.is(escaped.status, 201, JSON.stringify(escaped.body));
    const raw = await s.call('POST', '/v1/imports?format=trivy&tag=nul', {
      token: s.adminToken,
      body: report('a\u0000b').replace('\\u0000', '\u0000'),
    });
    assert.is(raw.status, 400);
    assert.is(raw.body.issues[0].code, 'nul_character');
  });

  test('a body nested deeper than the limit is a 400 naming the path, not a 500', async () => {
    const s = server();
    for (const depth of [33, 4_500]) {
      const res = await s.call('POST', '/v1/alerts', {
        token: s.adminToken,
        body: `{"title":"deep","severity":"low","events":[${nested(depth)}]}`,
      });
      assert.is(res.status, 400, `depth ${depth}`);
      assert.is(res.body.code, 'VALIDATION_FAILED');
      assert.is(res.body.issues[0].code, 'too_deep');
      assert.equal(res.body.issues[0].path.slice(0, 3), ['events', 0, 'a']);
    }
    const fine = await s.call('POST', '/v1/alerts', {
      token: s.adminToken,
      body: `{"title":"ok","severity":"low","events":[${nested(10)}]}`,
    });
    assert.is(fine.status, 201, JSON.stringify(fine.body));
  });

  test('credentials are never stored by a cache; other authenticated answers revalidate', async () => {
    const s = server();
    const login = await s.call('POST', '/v1/auth/login', { body: { username: 'admin', password: 'test-admin-password' } });
    assert.is(login.headers.get('cache-control'), 'no-store');
    const refresh = await s.call('POST', '/v1/auth/refresh', { body: { refresh_token: login.body.refresh_token } });
    assert.is(refresh.headers.get('cache-control'), 'no-store');
    const me = await s.call('GET', '/v1/me', { token: s.adminToken });
    assert.is(me.headers.get('cache-control'), 'no-store');
    const token = await s.call('POST', '/v1/tokens', { token: s.adminToken, body: { name: 'cc' } });
    assert.is(token.headers.get('cache-control'), 'no-store');
    const alerts = await s.call('GET', '/v1/alerts', { token: s.adminToken });
    assert.is(alerts.headers.get('cache-control'), 'private, no-cache');
    const etag = alerts.headers.get('etag');
    assert.ok(etag);
    const again = await s.call('GET', '/v1/alerts', {
      token: s.adminToken,
      headers: { 'if-none-match': etag as string, 'cache-control': 'max-age=0' },
    });
    assert.is(again.status, 304);
    const denied = await s.call('GET', '/v1/alerts');
    assert.is(denied.headers.get('cache-control'), 'private, no-cache');
  });
});
