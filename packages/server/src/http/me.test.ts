import * as assert from 'uvu/assert';
import { forEachDatabase } from '../_test/harness.js';

forEachDatabase('own account (/v1/me)', (test, server) => {
  test('a viewer reads and changes their own settings without users:read or users:write', async () => {
    const s = server();
    const token = await s.userToken('vera', ['viewer']);
    const before = await s.call('GET', '/v1/me/settings', { token });
    assert.is(before.status, 200);
    assert.equal(before.body, { timezone: 'UTC', theme: 'system', page_size: 50, notify_email: false });
    const patched = await s.call('PATCH', '/v1/me/settings', { token, body: { page_size: 20, timezone: 'Europe/Berlin' } });
    assert.is(patched.status, 200, JSON.stringify(patched.body));
    assert.equal(patched.body, { timezone: 'Europe/Berlin', theme: 'system', page_size: 20, notify_email: false });
    const again = await s.call('PATCH', '/v1/me/settings', { token, body: { notify_email: true } });
    assert.equal(again.body, { timezone: 'Europe/Berlin', theme: 'system', page_size: 20, notify_email: true });
    assert.is((await s.call('GET', '/v1/me', { token })).body.settings.page_size, 20);
    // The users routes stay closed to a viewer.
    assert.is((await s.call('GET', '/v1/users', { token })).status, 403);
  });

  test('settings are validated: unknown zones, keys and out-of-range sizes are 400s naming the field', async () => {
    const s = server();
    const token = await s.userToken('vince', ['viewer']);
    const zone = await s.call('PATCH', '/v1/me/settings', { token, body: { timezone: 'Mars/Olympus' } });
    assert.is(zone.status, 400);
    assert.is(zone.body.code, 'VALIDATION_FAILED');
    assert.equal(zone.body.issues[0].path, ['timezone']);
    const typo = await s.call('PATCH', '/v1/me/settings', { token, body: { pagesize: 20 } });
    assert.is(typo.status, 400);
    assert.ok(
      typo.body.issues.some((i: { message: string }) => /pagesize/.test(i.message)),
      JSON.stringify(typo.body),
    );
    const big = await s.call('PATCH', '/v1/me/settings', { token, body: { page_size: 100_000 } });
    assert.is(big.status, 400);
    assert.equal(big.body.issues[0].path, ['page_size']);
    const email = await s.call('PATCH', '/v1/me/settings', { token, body: { notify_email: 'yes' } });
    assert.is(email.status, 400);
    assert.equal((await s.call('GET', '/v1/me/settings', { token })).body.page_size, 50, 'nothing changed');
  });

  test('settings need a login', async () => {
    const res = await server().call('GET', '/v1/me/settings');
    assert.is(res.status, 401);
  });

  test('own password: needs the current one, ends the other sessions, keeps this one, and is audited', async () => {
    const s = server();
    await s.userToken('paula', ['viewer']);
    const other = await s.login('paula', 'paula-password-1');
    const mine = await s.login('paula', 'paula-password-1');

    const wrong = await s.call('POST', '/v1/me/password', {
      token: mine.access_token,
      body: { current_password: 'not-my-password', new_password: 'a-brand-new-password' },
    });
    assert.is(wrong.status, 400);
    assert.is(wrong.body.code, 'CURRENT_PASSWORD_WRONG');
    assert.equal(wrong.body.issues[0].path, ['current_password']);

    const short = await s.call('POST', '/v1/me/password', {
      token: mine.access_token,
      body: { current_password: 'paula-password-1', new_password: 'short' },
    });
    assert.is(short.status, 400);
    assert.equal(short.body.issues[0].path, ['new_password']);

    const ok = await s.call('POST', '/v1/me/password', {
      token: mine.access_token,
      body: { current_password: 'paula-password-1', new_password: 'a-brand-new-password' },
    });
    assert.is(ok.status, 200, JSON.stringify(ok.body));
    assert.ok(ok.body.sessions_revoked >= 2, 'the userToken login and `other`');
    assert.is((await s.call('GET', '/v1/me', { token: mine.access_token })).status, 200, 'this session stays');
    const ended = await s.call('GET', '/v1/me', { token: other.access_token });
    assert.is(ended.status, 401);
    assert.is((await s.call('POST', '/v1/auth/refresh', { body: { refresh_token: other.refresh_token } })).status, 401);
    assert.is((await s.call('POST', '/v1/auth/login', { body: { username: 'paula', password: 'paula-password-1' } })).status, 401);
    await s.login('paula', 'a-brand-new-password');

    const audit = await s.call('GET', '/v1/audit?action=user.change_password', { token: s.adminToken });
    const outcomes = audit.body.data.map((e: { outcome: string }) => e.outcome).sort();
    assert.equal(outcomes, ['failure', 'success']);
  });
});

forEachDatabase('name and short-id filters', (test, server) => {
  test('lists filter by id prefix, hostname, external id, username, group name and ids', async () => {
    const s = server();
    const token = s.adminToken;
    const asset = (await s.call('POST', '/v1/assets', { token, body: { hostname: 'Web-01.Example', external_id: 'cmdb-1' } })).body;
    await s.call('POST', '/v1/assets', { token, body: { hostname: 'web-02.example' } });
    const byHost = await s.call('GET', '/v1/assets?hostname=web-01.example', { token });
    assert.equal(
      byHost.body.data.map((a: { id: string }) => a.id),
      [asset.id],
    );
    const byExt = await s.call('GET', '/v1/assets?external_id=cmdb-1', { token });
    assert.equal(
      byExt.body.data.map((a: { id: string }) => a.id),
      [asset.id],
    );
    const byPrefix = await s.call('GET', `/v1/assets?id_prefix=${asset.id.slice(0, 8).toUpperCase()}`, { token });
    assert.equal(
      byPrefix.body.data.map((a: { id: string }) => a.id),
      [asset.id],
    );
    const byIds = await s.call('GET', `/v1/assets?id=${asset.id}`, { token });
    assert.is(byIds.body.data.length, 1);

    const alert = (await s.call('POST', '/v1/alerts', { token, body: { title: 't', severity: 'low' } })).body;
    const alerts = await s.call('GET', `/v1/alerts?id_prefix=${alert.id.slice(0, 6)}`, { token });
    assert.ok(alerts.body.data.some((a: { id: string }) => a.id === alert.id));
    assert.ok(alerts.body.data.every((a: { id: string }) => a.id.startsWith(alert.id.slice(0, 6))));

    await s.userToken('Alice', ['viewer']);
    const users = await s.call('GET', '/v1/users?username=alice', { token });
    assert.equal(
      users.body.data.map((u: { username: string }) => u.username),
      ['Alice'],
    );
    assert.equal((await s.call('GET', '/v1/users?username=ali', { token })).body.data, [], 'exact, not a substring');

    const group = (await s.call('POST', '/v1/asset-groups', { token, body: { name: 'web', asset_ids: [asset.id] } })).body;
    await s.call('POST', '/v1/asset-groups', { token, body: { name: 'web servers' } });
    const groups = await s.call('GET', '/v1/asset-groups?name=web', { token });
    assert.equal(
      groups.body.data.map((g: { id: string }) => g.id),
      [group.id],
    );
  });

  test('an id prefix shorter than 6 or holding wildcards is a 400, not a scan', async () => {
    const s = server();
    for (const bad of ['abc', '%25%25%25%25%25%25', '______']) {
      const res = await s.call('GET', `/v1/alerts?id_prefix=${bad}`, { token: s.adminToken });
      assert.is(res.status, 400, bad);
      assert.equal(res.body.issues[0].path, ['id_prefix']);
    }
  });
});
