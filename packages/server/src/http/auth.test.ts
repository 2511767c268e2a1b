import jwt from 'jsonwebtoken';
import * as assert from 'uvu/assert';
import { forEachDatabase, TEST_ADMIN_PASSWORD, TEST_JWT_SECRET } from '../_test/harness.js';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

forEachDatabase('auth', (test, server) => {
  test('logs in and answers /v1/me with roles and permissions', async () => {
    const s = server();
    const pair = await s.login('admin', TEST_ADMIN_PASSWORD);
    assert.ok(pair.access_token);
    assert.match(pair.refresh_token, /^secai_rt_/);
    const me = await s.call('GET', '/v1/me', { token: pair.access_token });
    assert.is(me.status, 200);
    assert.is(me.body.username, 'admin');
    assert.equal(me.body.roles, ['admin']);
    assert.equal(me.body.permissions, ['*']);
    assert.is(me.body.auth.method, 'jwt');
    assert.not.ok('password_hash' in me.body);
  });

  test('rejects a wrong password and an unknown user alike, and audits both', async () => {
    const s = server();
    const wrong = await s.call('POST', '/v1/auth/login', { body: { username: 'admin', password: 'nope-nope-nope' } });
    const unknown = await s.call('POST', '/v1/auth/login', { body: { username: 'ghost', password: 'nope-nope-nope' } });
    for (const res of [wrong, unknown]) {
      assert.is(res.status, 401);
      assert.is(res.body.code, 'INVALID_CREDENTIALS');
      assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
    }
    const audit = await s.call('GET', '/v1/audit?action=auth.login', { token: s.adminToken });
    const failures = audit.body.data.filter((e: { outcome: string }) => e.outcome === 'failure');
    assert.ok(failures.length >= 2);
    assert.ok(failures.some((e: { details: { reason: string } }) => e.details.reason === 'unknown_user'));
  });

  test('requires a token, with a problem document', async () => {
    const res = await server().call('GET', '/v1/alerts');
    assert.is(res.status, 401);
    assert.is(res.body.code, 'AUTH_REQUIRED');
    assert.is(res.body.status, 401);
    assert.ok(res.body.request_id);
  });

  test('rotates refresh tokens, and a reused one revokes the whole session', async () => {
    const s = server();
    const first = await s.login('admin', TEST_ADMIN_PASSWORD);
    const second = await s.call('POST', '/v1/auth/refresh', { body: { refresh_token: first.refresh_token } });
    assert.is(second.status, 200);
    assert.is.not(second.body.refresh_token, first.refresh_token);
    const third = await s.call('POST', '/v1/auth/refresh', { body: { refresh_token: second.body.refresh_token } });
    assert.is(third.status, 200);
    // The access token of the latest pair works…
    assert.is((await s.call('GET', '/v1/me', { token: third.body.access_token })).status, 200);
    // …until an attacker replays an old refresh token.
    const replay = await s.call('POST', '/v1/auth/refresh', { body: { refresh_token: first.refresh_token } });
    assert.is(replay.status, 401);
    assert.is(replay.body.code, 'REFRESH_TOKEN_REUSED');
    const after = await s.call('GET', '/v1/me', { token: third.body.access_token });
    assert.is(after.status, 401);
    assert.is(after.body.code, 'SESSION_REVOKED');
    const latest = await s.call('POST', '/v1/auth/refresh', { body: { refresh_token: third.body.refresh_token } });
    assert.is(latest.status, 401);
    assert.is(latest.body.code, 'SESSION_REVOKED');
    const audit = await s.call('GET', '/v1/audit?action=auth.refresh_reuse', { token: s.adminToken });
    assert.is(audit.body.data[0].outcome, 'denied');
  });

  test('rejects an unknown refresh token', async () => {
    const res = await server().call('POST', '/v1/auth/refresh', { body: { refresh_token: 'secai_rt_made-up' } });
    assert.is(res.status, 401);
    assert.is(res.body.code, 'REFRESH_TOKEN_INVALID');
  });

  test('rejects an expired access token', async () => {
    const s = server();
    const { sub, sid } = jwt.decode(s.adminToken) as { sub: string; sid: string };
    const expired = jwt.sign({ sub, sid, exp: Math.floor(Date.now() / 1000) - 60 }, TEST_JWT_SECRET, {
      algorithm: 'HS256',
      issuer: 'secai',
      audience: 'secai-api',
    });
    const res = await s.call('GET', '/v1/me', { token: expired });
    assert.is(res.status, 401);
    assert.is(res.body.code, 'TOKEN_EXPIRED');
  });

  test('rejects a tampered access token', async () => {
    const s = server();
    const [header, payload, signature] = s.adminToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const tampered = `${header}.${b64({ ...claims, sub: 'someone-else' })}.${signature}`;
    const res = await s.call('GET', '/v1/me', { token: tampered });
    assert.is(res.status, 401);
    assert.is(res.body.code, 'TOKEN_INVALID');
  });

  test('rejects a token with alg none and one signed with another key', async () => {
    const s = server();
    const claims = jwt.decode(s.adminToken) as object;
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    const otherKey = jwt.sign(claims, 'another-secret-another-secret-another', { algorithm: 'HS256' });
    for (const token of [none, otherKey]) {
      const res = await s.call('GET', '/v1/me', { token });
      assert.is(res.status, 401);
      assert.is(res.body.code, 'TOKEN_INVALID');
    }
  });

  test('logout ends the session', async () => {
    const s = server();
    const pair = await s.login('admin', TEST_ADMIN_PASSWORD);
    assert.is((await s.call('POST', '/v1/auth/logout', { token: pair.access_token, body: {} })).status, 204);
    assert.is((await s.call('GET', '/v1/me', { token: pair.access_token })).body.code, 'SESSION_REVOKED');
    assert.is((await s.call('POST', '/v1/auth/refresh', { body: { refresh_token: pair.refresh_token } })).status, 401);
  });

  test('logout by refresh token alone', async () => {
    const s = server();
    const pair = await s.login('admin', TEST_ADMIN_PASSWORD);
    assert.is((await s.call('POST', '/v1/auth/logout', { body: { refresh_token: pair.refresh_token } })).status, 204);
    assert.is((await s.call('GET', '/v1/me', { token: pair.access_token })).status, 401);
  });

  test('lists and revokes sessions; others need sessions:write', async () => {
    const s = server();
    const token = await s.userToken('sessionuser', ['analyst']);
    const mine = await s.call('GET', '/v1/sessions?active=true', { token });
    assert.is(mine.status, 200);
    assert.is(mine.body.data.length, 1);
    assert.is(mine.body.data[0].current, true);
    const adminSessions = await s.call('GET', '/v1/sessions', { token: s.adminToken });
    const adminSession = adminSessions.body.data[0].id;
    const denied = await s.call('DELETE', `/v1/sessions/${adminSession}`, { token });
    assert.is(denied.status, 403);
    assert.is(denied.body.code, 'PERMISSION_DENIED');
    const others = await s.call('GET', `/v1/sessions?user_id=${mine.body.data[0].user_id}`, { token: s.adminToken });
    assert.is(others.body.data.length, 1);
    assert.is((await s.call('DELETE', `/v1/sessions/${mine.body.data[0].id}`, { token: s.adminToken })).status, 204);
    assert.is((await s.call('GET', '/v1/me', { token })).status, 401);
  });

  test('personal API tokens: shown once, work, narrow permissions, revoke', async () => {
    const s = server();
    const analyst = await s.userToken('tokenuser', ['analyst']);
    const created = await s.call('POST', '/v1/tokens', { token: analyst, body: { name: 'ci', permissions: ['alerts:read'] } });
    assert.is(created.status, 201);
    assert.match(created.body.token, /^secai_pat_/);
    assert.is(created.body.prefix, created.body.token.slice(0, 16));
    const pat = created.body.token as string;
    const me = await s.call('GET', '/v1/me', { token: pat });
    assert.is(me.body.auth.method, 'token');
    assert.equal(me.body.permissions, ['alerts:read']);
    assert.is((await s.call('GET', '/v1/alerts', { token: pat })).status, 200);
    assert.is((await s.call('GET', '/v1/assets', { token: pat })).status, 403);
    const listed = await s.call('GET', '/v1/tokens', { token: analyst });
    assert.is(listed.body.data.length, 1);
    assert.not.ok('token' in listed.body.data[0]);
    assert.not.ok('token_hash' in listed.body.data[0]);
    assert.is((await s.call('DELETE', `/v1/tokens/${created.body.id}`, { token: analyst })).status, 204);
    const revoked = await s.call('GET', '/v1/alerts', { token: pat });
    assert.is(revoked.status, 401);
    assert.is(revoked.body.code, 'TOKEN_INVALID');
  });

  test('an expired API token is refused', async () => {
    const s = server();
    const created = await s.call('POST', '/v1/tokens', { token: s.adminToken, body: { name: 'short-lived', expires_in_days: 1 } });
    assert.is((await s.call('GET', '/v1/me', { token: created.body.token })).status, 200);
    await s.services.deps.db('api_tokens').where('id', created.body.id).update({ expires_at: '2020-01-01T00:00:00.000Z' });
    const res = await s.call('GET', '/v1/me', { token: created.body.token });
    assert.is(res.status, 401);
    assert.is(res.body.code, 'TOKEN_EXPIRED');
  });

  test('a token cannot hold permissions its user lacks', async () => {
    const s = server();
    const viewer = await s.userToken('tokenviewer', ['viewer']);
    const res = await s.call('POST', '/v1/tokens', { token: viewer, body: { name: 'sneaky', permissions: ['users:write'] } });
    assert.is(res.status, 403);
    assert.is(res.body.code, 'PERMISSION_DENIED');
  });

  test('a viewer cannot write: 403 problem and an audit event', async () => {
    const s = server();
    const viewer = await s.userToken('viewer1', ['viewer']);
    assert.is((await s.call('GET', '/v1/alerts', { token: viewer })).status, 200);
    const res = await s.call('POST', '/v1/alerts', { token: viewer, body: { title: 'x', severity: 'low' } });
    assert.is(res.status, 403);
    assert.is(res.body.code, 'PERMISSION_DENIED');
    assert.is(res.body.permission, 'alerts:write');
    const audit = await s.call('GET', '/v1/audit?action=access.denied', { token: s.adminToken });
    const event = audit.body.data.find((e: { actor: string }) => e.actor === 'viewer1');
    assert.ok(event);
    assert.is(event.outcome, 'denied');
    assert.is(event.details.path, '/v1/alerts');
  });

  test("a changed password ends the user's sessions", async () => {
    const s = server();
    const token = await s.userToken('pwchange', ['viewer']);
    const me = await s.call('GET', '/v1/me', { token });
    const patched = await s.call('PATCH', `/v1/users/${me.body.id}`, { token: s.adminToken, body: { password: 'a-brand-new-password' } });
    assert.is(patched.status, 200);
    assert.is((await s.call('GET', '/v1/me', { token })).status, 401);
    await s.login('pwchange', 'a-brand-new-password');
  });

  test('disabled users cannot log in', async () => {
    const s = server();
    const token = await s.userToken('disabled1', ['viewer']);
    const me = await s.call('GET', '/v1/me', { token });
    await s.call('PATCH', `/v1/users/${me.body.id}`, { token: s.adminToken, body: { disabled: true } });
    const res = await s.call('POST', '/v1/auth/login', { body: { username: 'disabled1', password: 'disabled1-password-1' } });
    assert.is(res.status, 401);
  });
});

forEachDatabase(
  'login rate limits',
  (test, server) => {
    test('blocks an account after repeated failures with 429 and Retry-After', async () => {
      const s = server();
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push((await s.call('POST', '/v1/auth/login', { body: { username: 'admin', password: 'wrong-password!' } })).status);
      }
      assert.equal(statuses, [401, 401, 401, 429]);
      const blocked = await s.call('POST', '/v1/auth/login', { body: { username: 'ADMIN', password: TEST_ADMIN_PASSWORD } });
      assert.is(blocked.status, 429);
      assert.is(blocked.body.code, 'RATE_LIMITED');
      assert.ok(Number(blocked.headers.get('retry-after')) > 0);
    });

    test('limits attempts per IP', async () => {
      const s = server();
      let last = 0;
      for (let i = 0; i < 6; i++)
        last = (await s.call('POST', '/v1/auth/login', { body: { username: `user${i}`, password: 'wrong-password!' } })).status;
      assert.is(last, 429);
    });
  },
  { loginMaxFailuresPerAccount: 3, loginMaxPerIp: 6 },
);
