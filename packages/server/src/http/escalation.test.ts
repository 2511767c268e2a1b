// Regression tests for privilege escalation: nobody hands out, to a token, a role or a user, a
// permission they do not hold themselves.
import * as assert from 'uvu/assert';
import { forEachDatabase, TEST_ADMIN_PASSWORD, type TestServer } from '../_test/harness.js';

async function apiToken(
  s: TestServer,
  token: string,
  body: object,
): Promise<{ id: string; parent_id: string | null; token: string; permissions: string[]; expires_at: string | null }> {
  const res = await s.call('POST', '/v1/tokens', { token, body });
  assert.is(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

/** A user holding only the given permissions, through a custom role made for them. */
async function userWith(s: TestServer, username: string, permissions: string[]): Promise<string> {
  const role = await s.call('POST', '/v1/roles', { token: s.adminToken, body: { name: `${username}-role`, permissions } });
  assert.is(role.status, 201, JSON.stringify(role.body));
  return s.userToken(username, [`${username}-role`]);
}

forEachDatabase('privilege escalation', (test, server) => {
  test('a token made by a scoped token holds at most its maker’s permissions and expiry', async () => {
    const s = server();
    const scoped = await apiToken(s, s.adminToken, { name: 'ro', permissions: ['alerts:read'], expires_in_days: 2 });
    const child = await apiToken(s, scoped.token, { name: 'x' });
    assert.equal(child.permissions, ['alerts:read']);
    assert.ok(child.expires_at && scoped.expires_at && child.expires_at <= scoped.expires_at);
    const never = await apiToken(s, scoped.token, { name: 'forever', expires_in_days: null });
    assert.is(never.expires_at, scoped.expires_at);
    const escalate = await s.call('POST', '/v1/users', {
      token: child.token,
      body: { username: 'mallory', password: 'mallory-password-1', roles: ['admin'] },
    });
    assert.is(escalate.status, 403);
    const wider = await s.call('POST', '/v1/tokens', { token: scoped.token, body: { name: 'y', permissions: ['users:write'] } });
    assert.is(wider.status, 403);
    assert.is(wider.body.code, 'PERMISSION_DENIED');
  });

  test('revoking a token revokes every token made with it', async () => {
    const s = server();
    const parent = await apiToken(s, s.adminToken, { name: 'parent', permissions: ['alerts:read', 'assets:read'] });
    const child = await apiToken(s, parent.token, { name: 'child' });
    const grandchild = await apiToken(s, child.token, { name: 'grandchild', permissions: ['alerts:read'] });
    const unrelated = await apiToken(s, s.adminToken, { name: 'unrelated', permissions: ['alerts:read'] });
    assert.is(child.parent_id, parent.id);
    assert.is((await s.call('DELETE', `/v1/tokens/${parent.id}`, { token: s.adminToken })).status, 204);
    for (const t of [parent, child, grandchild]) assert.is((await s.call('GET', '/v1/alerts', { token: t.token })).status, 401);
    assert.is((await s.call('GET', '/v1/alerts', { token: unrelated.token })).status, 200);
  });

  test('a token made with a session and no scope follows its user', async () => {
    const s = server();
    const token = await apiToken(s, s.adminToken, { name: 'all' });
    assert.equal(token.permissions, ['*']);
  });

  test('roles:write cannot put into a role a permission its holder lacks', async () => {
    const s = server();
    const editor = await userWith(s, 'role-editor', ['roles:read', 'roles:write', 'alerts:read']);
    for (const permissions of [['users:write'], ['alerts:read', 'audit:read']]) {
      const res = await s.call('POST', '/v1/roles', { token: editor, body: { name: `r-${permissions.length}`, permissions } });
      assert.is(res.status, 403, JSON.stringify(permissions));
    }
    // Today's escalation: widening the role one holds oneself.
    const own = (await s.call('GET', '/v1/roles?limit=100', { token: s.adminToken })).body.data.find(
      (r: { name: string }) => r.name === 'role-editor-role',
    );
    const self = await s.call('PATCH', `/v1/roles/${own.id}`, {
      token: editor,
      body: { permissions: ['roles:read', 'roles:write', 'alerts:read', 'users:write'] },
    });
    assert.is(self.status, 403);
    const ok = await s.call('POST', '/v1/roles', { token: editor, body: { name: 'readers', permissions: ['alerts:read'] } });
    assert.is(ok.status, 201);
    const widen = await s.call('PATCH', `/v1/roles/${ok.body.id}`, {
      token: editor,
      body: { permissions: ['alerts:read', 'vulns:write'] },
    });
    assert.is(widen.status, 403);
    const wide = await s.call('POST', '/v1/roles', {
      token: s.adminToken,
      body: { name: 'wide', permissions: ['users:write', 'alerts:read'] },
    });
    const strip = await s.call('PATCH', `/v1/roles/${wide.body.id}`, { token: editor, body: { permissions: ['alerts:read'] } });
    assert.is(strip.status, 403);
  });

  test('users:write cannot give a role, or reach a user, beyond the caller’s permissions', async () => {
    const s = server();
    const manager = await userWith(s, 'user-manager', ['users:read', 'users:write', 'roles:read', 'alerts:read']);
    const makeAdmin = await s.call('POST', '/v1/users', {
      token: manager,
      body: { username: 'newadmin', password: 'newadmin-password-1', roles: ['admin'] },
    });
    assert.is(makeAdmin.status, 403);
    const me = await s.call('GET', '/v1/me', { token: manager });
    const promote = await s.call('PATCH', `/v1/users/${me.body.id}`, { token: manager, body: { roles: ['admin'] } });
    assert.is(promote.status, 403);
    const admin = (await s.call('GET', '/v1/users?q=admin', { token: s.adminToken })).body.data.find(
      (u: { username: string }) => u.username === 'admin',
    );
    const takeOver = await s.call('PATCH', `/v1/users/${admin.id}`, { token: manager, body: { password: 'taken-over-password' } });
    assert.is(takeOver.status, 403);
    assert.is((await s.call('DELETE', `/v1/users/${admin.id}`, { token: manager })).status, 403);
    await s.login('admin', TEST_ADMIN_PASSWORD);
    // Within their own rights the manager still works.
    const viewer = await s.call('POST', '/v1/users', {
      token: manager,
      body: { username: 'reader', password: 'reader-password-1', roles: ['user-manager-role'] },
    });
    assert.is(viewer.status, 201, JSON.stringify(viewer.body));
  });

  test('an analyst cannot list another user’s tokens', async () => {
    const s = server();
    const analyst = await s.userToken('tok-analyst', ['analyst']);
    const admin = await s.call('GET', '/v1/me', { token: s.adminToken });
    const res = await s.call('GET', `/v1/tokens?user_id=${admin.body.id}`, { token: analyst });
    assert.is(res.status, 403);
    assert.is((await s.call('GET', '/v1/tokens', { token: analyst })).status, 200);
    assert.is((await s.call('GET', `/v1/tokens?user_id=${admin.body.id}`, { token: s.adminToken })).status, 200);
  });
});
