// Identity changes raced over HTTP: the team never ends up without an administrator, and a
// credential revoked twice at once is revoked once.
import * as assert from 'uvu/assert';
import { forEachDatabase } from '../_test/harness.js';

forEachDatabase('identity races', (test, server) => {
  test('a token revoked twice at once is revoked once, with one audit event', async () => {
    const s = server();
    const token = await s.call('POST', '/v1/tokens', { token: s.adminToken, body: { name: 'twice' } });
    const [a, b] = await Promise.all([1, 2].map(() => s.call('DELETE', `/v1/tokens/${token.body.id}`, { token: s.adminToken })));
    assert.equal([a?.status, b?.status], [204, 204]);
    const audit = await s.call('GET', `/v1/audit?action=token.revoke&target_id=${token.body.id}`, { token: s.adminToken });
    assert.is(audit.body.data.length, 1);
  });
  // Last: it leaves the harness's admin disabled.
  test('two admins demoting each other at once leave one admin', async () => {
    const s = server();
    let survivor = await s.userToken('race-first', ['admin']);
    const others = (await s.call('GET', '/v1/users?limit=200', { token: survivor })).body.data.filter(
      (u: { username: string; roles: string[] }) => u.roles.includes('admin') && u.username !== 'race-first',
    );
    for (const u of others)
      assert.is((await s.call('PATCH', `/v1/users/${u.id}`, { token: survivor, body: { disabled: true } })).status, 200);
    for (let round = 0; round < 5; round++) {
      const password = `race-${round}-password`;
      const created = await s.call('POST', '/v1/users', {
        token: survivor,
        body: { username: `race-${round}`, password, roles: ['admin'] },
      });
      assert.is(created.status, 201);
      const challenger = (await s.login(`race-${round}`, password)).access_token;
      const survivorId = (await s.call('GET', '/v1/me', { token: survivor })).body.id;
      const [a, b] = await Promise.all([
        s.call('PATCH', `/v1/users/${created.body.id}`, { token: survivor, body: { roles: ['analyst'] } }),
        s.call('PATCH', `/v1/users/${survivorId}`, { token: challenger, body: { roles: ['analyst'] } }),
      ]);
      const statuses = [a.status, b.status].sort();
      assert.ok(statuses[0] === 200 && statuses[1] !== 200, `round ${round}: ${statuses}`);
      survivor = a.status === 200 ? survivor : challenger;
      const admins = (await s.call('GET', '/v1/users?limit=200', { token: survivor })).body.data.filter(
        (u: { roles: string[]; disabled: boolean }) => u.roles.includes('admin') && !u.disabled,
      );
      assert.is(admins.length, 1, `round ${round}`);
    }
  });
});
