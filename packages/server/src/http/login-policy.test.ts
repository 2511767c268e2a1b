// Ten wrong passwords used to lock the owner out from everywhere. Failures now count strictly per
// (account, address), and per account only as a delay that the right password gets through.
import * as assert from 'uvu/assert';
import { forEachDatabase, TEST_ADMIN_PASSWORD, type TestServer } from '../_test/harness.js';

const attempt = (s: TestServer, address: string, password: string) =>
  s.call('POST', '/v1/auth/login', { body: { username: 'admin', password }, headers: { 'x-forwarded-for': address } });

forEachDatabase(
  'login policy',
  (test, server) => {
    test('failures from one address stop that address for that account, even with the right password', async () => {
      const s = server();
      for (let i = 0; i < 3; i++) assert.is((await attempt(s, '203.0.113.1', 'wrong-password-1')).status, 401);
      const blocked = await attempt(s, '203.0.113.1', TEST_ADMIN_PASSWORD);
      assert.is(blocked.status, 429);
      assert.is(blocked.body.code, 'RATE_LIMITED');
      assert.ok(blocked.headers.get('retry-after'));
    });

    test('a stranger spraying wrong passwords from many addresses cannot lock the owner out', async () => {
      const s = server();
      for (let i = 0; i < 12; i++) assert.is((await attempt(s, `198.51.100.${i + 10}`, 'wrong-password-2')).status, 401);
      const started = performance.now();
      const owner = await attempt(s, '192.0.2.7', TEST_ADMIN_PASSWORD);
      const ms = performance.now() - started;
      assert.is(owner.status, 200, JSON.stringify(owner.body));
      assert.ok(ms < 4_000, `the owner waited ${ms} ms`);
      // The delay applied: the account is under attack.
      assert.ok(ms >= 2_000, `the attempt was delayed (${ms} ms)`);
    });

    test('guessing the current password at a password change is limited like a login', async () => {
      const s = server();
      const token = await s.userToken('guessed', ['viewer']);
      const change = (current: string) =>
        s.call('POST', '/v1/me/password', {
          token,
          body: { current_password: current, new_password: 'a-brand-new-password-1' },
          headers: { 'x-forwarded-for': '203.0.113.9' },
        });
      for (let i = 0; i < 3; i++) assert.is((await change(`wrong-guess-${i}-pass`)).status, 400);
      const blocked = await change('guessed-password-1');
      assert.is(blocked.status, 429);
      assert.is(blocked.body.code, 'RATE_LIMITED');
    });
  },
  { loginMaxFailuresPerAccount: 3, trustProxy: true },
);
