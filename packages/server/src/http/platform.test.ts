import * as assert from 'uvu/assert';
import { forEachDatabase } from '../_test/harness.js';

forEachDatabase('platform', (test, server) => {
  test('answers health and readiness', async () => {
    const s = server();
    assert.equal((await s.call('GET', '/healthz')).body, { status: 'ok' });
    const ready = await s.call('GET', '/readyz');
    assert.is(ready.status, 200);
    assert.is(ready.body.database, s.kind);
  });

  test('serves an OpenAPI 3.1 document that lists every route', async () => {
    const s = server();
    const res = await s.call('GET', '/openapi.json');
    assert.is(res.status, 200);
    assert.is(res.body.openapi, '3.1.0');
    const paths = Object.keys(res.body.paths);
    for (const p of [
      '/v1/auth/login',
      '/v1/auth/refresh',
      '/v1/me',
      '/v1/users/{id}',
      '/v1/assets/bulk',
      '/v1/asset-groups/{id}/members',
      '/v1/alerts/{id}',
      '/v1/vulnerabilities',
      '/v1/audit',
      '/v1/tokens',
      '/v1/sessions',
    ]) {
      assert.ok(paths.includes(p), p);
    }
    const patch = res.body.paths['/v1/alerts/{id}'].patch;
    assert.is(patch['x-permission'], 'alerts:write');
    assert.ok(patch.requestBody.content['application/json'].schema);
    assert.ok(res.body.components.schemas.Alert);
    assert.is(
      res.body.paths['/v1/alerts'].get.responses['200'].content['application/json'].schema.properties.data.items.$ref,
      '#/components/schemas/Alert',
    );
  });

  test('serves the API reference page with its assets', async () => {
    const s = server();
    const page = await s.call('GET', '/docs');
    assert.is(page.status, 200);
    assert.match(page.body, /swagger-ui-bundle\.js/);
    const bundle = await fetch(`${s.url}/docs/assets/swagger-ui-bundle.js`);
    assert.is(bundle.status, 200);
  });

  test('answers unknown routes with a 404 problem', async () => {
    const res = await server().call('GET', '/v1/nope');
    assert.is(res.status, 404);
    assert.is(res.body.code, 'ROUTE_NOT_FOUND');
    assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
  });

  test('malformed JSON, oversized and non-JSON bodies get clear 4xx problems', async () => {
    const s = server();
    const malformed = await s.call('POST', '/v1/alerts', {
      token: s.adminToken,
      body: '{"title": ',
      headers: { 'content-type': 'application/json' },
    });
    assert.is(malformed.status, 400);
    assert.is(malformed.body.code, 'MALFORMED_JSON');
    assert.not.match(JSON.stringify(malformed.body), /at .*\.js/);
    const huge = await s.call('POST', '/v1/alerts', {
      token: s.adminToken,
      body: { title: 'x'.repeat(11 * 1024 * 1024), severity: 'low' },
    });
    assert.is(huge.status, 413);
    assert.is(huge.body.code, 'PAYLOAD_TOO_LARGE');
    const form = await s.call('POST', '/v1/alerts', {
      token: s.adminToken,
      body: 'title=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.is(form.status, 415);
    assert.is(form.body.code, 'UNSUPPORTED_MEDIA_TYPE');
  });

  test('echoes a sane request id and makes one otherwise', async () => {
    const s = server();
    const given = await s.call('GET', '/healthz', { headers: { 'x-request-id': 'abc-123' } });
    assert.is(given.headers.get('x-request-id'), 'abc-123');
    const hostile = await s.call('GET', '/v1/me', { headers: { 'x-request-id': 'a b;<script>' } });
    assert.match(hostile.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    assert.is(hostile.body.request_id, hostile.headers.get('x-request-id'));
  });

  test('sets secure headers and no CORS by default', async () => {
    const res = await server().call('GET', '/healthz', { headers: { origin: 'https://evil.example' } });
    assert.ok(res.headers.get('content-security-policy'));
    assert.is(res.headers.get('x-content-type-options'), 'nosniff');
    assert.is(res.headers.get('x-powered-by'), null);
    assert.is(res.headers.get('access-control-allow-origin'), null);
  });

  test('users: create with roles, list with filters, protect the last admin', async () => {
    const s = server();
    const token = s.adminToken;
    const created = await s.call('POST', '/v1/users', {
      token,
      body: { username: 'Carol', password: 'carol-password-1', roles: ['analyst'], email: 'carol@example.com' },
    });
    assert.is(created.status, 201);
    assert.equal(created.body.roles, ['analyst']);
    assert.is(
      (await s.call('POST', '/v1/users', { token, body: { username: 'carol', password: 'carol-password-1' } })).body.code,
      'USERNAME_TAKEN',
    );
    const weak = await s.call('POST', '/v1/users', { token, body: { username: 'dave', password: 'short' } });
    assert.is(weak.status, 400);
    assert.is(
      (await s.call('POST', '/v1/users', { token, body: { username: 'erin', password: 'erin-password-1', roles: ['wizard'] } })).body.code,
      'ROLE_UNKNOWN',
    );
    const analysts = await s.call('GET', '/v1/users?role=analyst', { token });
    assert.ok(analysts.body.data.some((u: { username: string }) => u.username === 'Carol'));
    assert.not.ok(analysts.body.data.some((u: { username: string }) => u.username === 'admin'));
    const admin = (await s.call('GET', '/v1/me', { token })).body;
    const demote = await s.call('PATCH', `/v1/users/${admin.id}`, { token, body: { roles: ['viewer'] } });
    assert.is(demote.status, 409);
    assert.is(demote.body.code, 'LAST_ADMIN');
    assert.is((await s.call('DELETE', `/v1/users/${admin.id}`, { token })).body.code, 'LAST_ADMIN');
    assert.equal((await s.call('GET', `/v1/users/${admin.id}`, { token })).body.roles, ['admin']);
    assert.is((await s.call('DELETE', `/v1/users/${created.body.id}`, { token })).status, 204);
  });

  test('roles: custom roles grant exactly their permissions; built-ins are fixed', async () => {
    const s = server();
    const token = s.adminToken;
    const role = await s.call('POST', '/v1/roles', { token, body: { name: 'triager', permissions: ['alerts:read', 'alerts:write'] } });
    assert.is(role.status, 201);
    const bad = await s.call('POST', '/v1/roles', { token, body: { name: 'bad', permissions: ['alerts:fly'] } });
    assert.is(bad.status, 400);
    const triager = await s.userToken('triager1', ['triager']);
    assert.is((await s.call('POST', '/v1/alerts', { token: triager, body: { title: 't', severity: 'low' } })).status, 201);
    assert.is((await s.call('GET', '/v1/assets', { token: triager })).status, 403);
    assert.is((await s.call('DELETE', `/v1/roles/${role.body.id}`, { token })).body.code, 'ROLE_IN_USE');
    const roles = (await s.call('GET', '/v1/roles', { token })).body.data;
    assert.equal(
      roles.map((r: { name: string }) => r.name),
      ['admin', 'analyst', 'triager', 'viewer'],
    );
    const viewer = roles.find((r: { name: string }) => r.name === 'viewer');
    assert.is(
      (await s.call('PATCH', `/v1/roles/${viewer.id}`, { token, body: { permissions: ['users:write'] } })).body.code,
      'ROLE_BUILTIN',
    );
  });

  test('only auditors read the audit log', async () => {
    const s = server();
    const analyst = await s.userToken('auditcheck', ['analyst']);
    assert.is((await s.call('GET', '/v1/audit', { token: analyst })).status, 403);
    const page = await s.call('GET', '/v1/audit?limit=5', { token: s.adminToken });
    assert.is(page.body.data.length, 5);
    assert.ok(page.body.next_cursor);
  });
});
