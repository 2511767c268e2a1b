// Refusals leave a trace: 403s raised inside services, refused credentials, unknown refresh
// tokens and rate-limited logins are audited; a flood from one source folds into one event.
import * as assert from 'uvu/assert';
import { forEachDatabase, type TestServer } from '../_test/harness.js';

async function auditEvents(s: TestServer, action: string): Promise<{ outcome: string; details: Record<string, unknown> }[]> {
  await s.services.audit.flushFolds();
  const res = await s.call('GET', `/v1/audit?action=${action}&limit=200`, { token: s.adminToken });
  assert.is(res.status, 200);
  return res.body.data;
}

forEachDatabase(
  'audit of refusals',
  (test, server) => {
    test('a 403 raised inside a service is audited', async () => {
      const s = server();
      const analyst = await s.userToken('audit-analyst', ['analyst']);
      const adminSessions = await s.call('GET', '/v1/sessions', { token: s.adminToken });
      const sessionId = adminSessions.body.data[0].id;
      assert.is((await s.call('DELETE', `/v1/sessions/${sessionId}`, { token: analyst })).status, 403);
      const me = await s.call('GET', '/v1/me', { token: s.adminToken });
      assert.is((await s.call('GET', `/v1/sessions?user_id=${me.body.id}`, { token: analyst })).status, 403);
      assert.is((await s.call('POST', '/v1/tokens', { token: analyst, body: { name: 'x', permissions: ['users:write'] } })).status, 403);
      const denied = await auditEvents(s, 'access.denied');
      const paths = denied.map((e) => `${e.details.method} ${e.details.path}`);
      assert.ok(paths.includes(`DELETE /v1/sessions/${sessionId}`), paths.join(', '));
      assert.ok(paths.includes('GET /v1/sessions'));
      assert.ok(paths.includes('POST /v1/tokens'));
    });

    test('refused credentials are audited, and a flood folds into one event with a count', async () => {
      const s = server();
      const forged = `${s.adminToken.slice(0, -4)}AAAA`;
      for (let i = 0; i < 5; i++) assert.is((await s.call('GET', '/v1/alerts', { token: forged })).status, 401);
      assert.is((await s.call('GET', '/v1/alerts', { token: 'secai_pat_not-a-real-token' })).status, 401);
      assert.is((await s.call('GET', '/v1/alerts')).status, 401);
      const events = await auditEvents(s, 'auth.denied');
      const invalid = events.filter((e) => e.details.reason === 'TOKEN_INVALID');
      assert.is(invalid.length, 1, 'one folded event');
      assert.is(invalid[0]?.details.count, 6);
      assert.is(invalid[0]?.outcome, 'denied');
      assert.not.ok(
        events.some((e) => e.details.reason === 'AUTH_REQUIRED'),
        'a request without credentials is not an attack',
      );
    });

    test('an unknown refresh token and a rate-limited login are audited', async () => {
      const s = server();
      assert.is((await s.call('POST', '/v1/auth/refresh', { body: { refresh_token: 'secai_rt_unknown' } })).status, 401);
      const refresh = await auditEvents(s, 'auth.refresh');
      assert.ok(refresh.some((e) => e.outcome === 'failure' && e.details.reason === 'unknown_token'));
      for (let i = 0; i < 3; i++) await s.call('POST', '/v1/auth/login', { body: { username: 'nobody', password: 'wrong-password-3' } });
      assert.is((await s.call('POST', '/v1/auth/login', { body: { username: 'nobody', password: 'wrong-password-3' } })).status, 429);
      const logins = await auditEvents(s, 'auth.login');
      const limited = logins.find((e) => e.outcome === 'denied' && e.details.reason === 'rate_limited_account_address');
      assert.ok(limited, 'the rate-limited login is in the log');
      assert.is(limited?.details.username, 'nobody');
    });
  },
  { loginMaxFailuresPerAccount: 3 },
);
