// The JWT part of the black-box security battery (issue 8, item 9): every forged, stale or
// misused credential is refused with 401 and the code that says why, never a 200 or a 5xx.
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import * as assert from 'uvu/assert';
import { forEachDatabase, TEST_ADMIN_PASSWORD, TEST_JWT_SECRET, type TestServer } from '../../_test/harness.js';

const b64url = (value: object | string) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** The claims secai puts in an access token, taken from a real one so only the forgery differs. */
const claimsOf = (token: string) => jwt.decode(token) as Record<string, unknown> & { sub: string; sid: string };

/** A JWT with any header, signed by HMAC-SHA256 with `key`, the way an attacker would build one. */
function hs256(header: object, claims: object, key: string | Buffer): string {
  const input = `${b64url(header)}.${b64url(claims)}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}

/** An RSA key pair that is the attacker's, not the server's. */
const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 });
const attackerJwk = attacker.publicKey.export({ format: 'jwk' });

/** Each protected route must refuse the token the same way: `/v1/me` needs any token, `/v1/users` a permission. */
async function assertRefused(s: TestServer, token: string, code: string, label: string): Promise<void> {
  for (const path of ['/v1/me', '/v1/users']) {
    const res = await s.call('GET', path, { token });
    assert.is(res.status, 401, `${label} on ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/, `${label} on ${path}`);
    assert.is(res.body.code, code, `${label} on ${path}`);
  }
}

/** A server that records every request: a `jku` header must never make secai fetch a key. */
async function keyServer(): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [{ ...attackerJwk, kid: 'attacker', use: 'sig', alg: 'RS256' }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/jwks.json`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

forEachDatabase('security: forged and misused JWTs', (test, server) => {
  test('alg none, in any letter case, is refused as TOKEN_INVALID', async () => {
    const s = server();
    const claims = claimsOf(s.adminToken);
    for (const alg of ['none', 'None', 'NoNe', 'NONE']) {
      await assertRefused(s, `${b64url({ alg, typ: 'JWT' })}.${b64url(claims)}.`, 'TOKEN_INVALID', `alg ${alg}`);
    }
  });

  test('a tampered payload with the original signature is refused as TOKEN_INVALID', async () => {
    const s = server();
    const analyst = await s.userToken('jwt-tampered', ['viewer']);
    const admin = claimsOf(s.adminToken);
    const [header, payload, signature] = analyst.split('.') as [string, string, string];
    const mine = JSON.parse(Buffer.from(payload, 'base64url').toString());
    // Claim to be the admin (their user and session) while keeping the viewer's signature.
    const tampered = `${header}.${b64url({ ...mine, sub: admin.sub, sid: admin.sid })}.${signature}`;
    await assertRefused(s, tampered, 'TOKEN_INVALID', 'tampered payload');
    const extended = `${header}.${b64url({ ...mine, exp: mine.exp + 86_400 * 365, roles: ['admin'] })}.${signature}`;
    await assertRefused(s, extended, 'TOKEN_INVALID', 'extended payload');
  });

  test('a token with its signature stripped is refused as TOKEN_INVALID', async () => {
    const s = server();
    const [header, payload] = s.adminToken.split('.') as [string, string];
    await assertRefused(s, `${header}.${payload}.`, 'TOKEN_INVALID', 'empty signature');
    await assertRefused(s, `${header}.${payload}`, 'TOKEN_INVALID', 'two segments');
  });

  test('a token signed with another key, or the right key under another algorithm, is refused as TOKEN_INVALID', async () => {
    const s = server();
    const claims = claimsOf(s.adminToken);
    await assertRefused(
      s,
      hs256({ alg: 'HS256', typ: 'JWT' }, claims, 'a-different-secret-of-at-least-32-chars'),
      'TOKEN_INVALID',
      'wrong key',
    );
    // The algorithm is pinned: HS512 with the real secret is still not a token secai issues.
    const { sub, sid } = claims;
    const hs512 = jwt.sign({ sub, sid }, TEST_JWT_SECRET, {
      algorithm: 'HS512',
      issuer: 'secai',
      audience: 'secai-api',
      expiresIn: 600,
    });
    await assertRefused(s, hs512, 'TOKEN_INVALID', 'HS512 with the real key');
  });

  test('RS256 signed with an attacker key, with or without its public key embedded as jwk, is refused as TOKEN_INVALID', async () => {
    const s = server();
    const claims = claimsOf(s.adminToken);
    const plain = jwt.sign(claims, attacker.privateKey, { algorithm: 'RS256' });
    await assertRefused(s, plain, 'TOKEN_INVALID', 'RS256 attacker key');
    const embedded = jwt.sign(claims, attacker.privateKey, {
      algorithm: 'RS256',
      header: { alg: 'RS256', jwk: attackerJwk } as jwt.JwtHeader,
    });
    await assertRefused(s, embedded, 'TOKEN_INVALID', 'RS256 with embedded jwk');
  });

  test('a jku header is refused as TOKEN_INVALID and secai never fetches the key it points to', async () => {
    const s = server();
    const keys = await keyServer();
    try {
      const claims = claimsOf(s.adminToken);
      const token = jwt.sign(claims, attacker.privateKey, {
        algorithm: 'RS256',
        header: { alg: 'RS256', jku: keys.url, kid: 'attacker' } as jwt.JwtHeader,
      });
      await assertRefused(s, token, 'TOKEN_INVALID', 'jku');
      // The same with HS256, which is the algorithm secai accepts.
      const hs = hs256({ alg: 'HS256', jku: keys.url, kid: 'attacker' }, claims, 'attacker-chosen-secret');
      await assertRefused(s, hs, 'TOKEN_INVALID', 'jku with HS256');
      assert.equal(keys.requests, [], 'the server fetched a key from the jku URL');
    } finally {
      await keys.close();
    }
  });

  test('a kid with path traversal or SQL is not used to find a key: refused as TOKEN_INVALID', async () => {
    const s = server();
    const claims = claimsOf(s.adminToken);
    // /dev/null read as a key file gives the empty key; a SQL kid would give the key the query selects.
    const forged = [
      hs256({ alg: 'HS256', typ: 'JWT', kid: '../../../../../../../dev/null' }, claims, ''),
      hs256({ alg: 'HS256', typ: 'JWT', kid: '/dev/null' }, claims, Buffer.alloc(0)),
      hs256({ alg: 'HS256', typ: 'JWT', kid: "x' UNION SELECT 'attacker-key' --" }, claims, 'attacker-key'),
    ];
    for (const [i, token] of forged.entries()) await assertRefused(s, token, 'TOKEN_INVALID', `kid case ${i + 1}`);
  });

  test('an expired token is refused as TOKEN_EXPIRED, and a not-yet-valid or foreign-audience one as TOKEN_INVALID', async () => {
    const s = server();
    const { sub, sid } = claimsOf(s.adminToken);
    const sign = (claims: object, options: jwt.SignOptions) =>
      jwt.sign({ sub, sid, ...claims }, TEST_JWT_SECRET, { algorithm: 'HS256', issuer: 'secai', audience: 'secai-api', ...options });
    await assertRefused(s, sign({ exp: Math.floor(Date.now() / 1000) - 5 }, {}), 'TOKEN_EXPIRED', 'expired');
    await assertRefused(s, sign({}, { expiresIn: 600, notBefore: 3600 }), 'TOKEN_INVALID', 'not before');
    await assertRefused(s, sign({}, { expiresIn: 600, audience: 'another-api' }), 'TOKEN_INVALID', 'audience');
    await assertRefused(s, sign({}, { expiresIn: 600, issuer: 'someone-else' }), 'TOKEN_INVALID', 'issuer');
  });

  test('a refresh token used as an access token is refused as TOKEN_INVALID', async () => {
    const s = server();
    const pair = await s.login('admin', TEST_ADMIN_PASSWORD);
    await assertRefused(s, pair.refresh_token, 'TOKEN_INVALID', 'refresh token as bearer');
    // It still works for what it is: refusing it as a bearer did not consume it.
    assert.is((await s.call('POST', '/v1/auth/refresh', { body: { refresh_token: pair.refresh_token } })).status, 200);
  });

  test('an access token after logout is refused as SESSION_REVOKED', async () => {
    const s = server();
    const pair = await s.login('admin', TEST_ADMIN_PASSWORD);
    assert.is((await s.call('GET', '/v1/me', { token: pair.access_token })).status, 200);
    assert.is((await s.call('POST', '/v1/auth/logout', { token: pair.access_token, body: {} })).status, 204);
    await assertRefused(s, pair.access_token, 'SESSION_REVOKED', 'after logout');
  });

  test('a role downgrade takes effect at once: the same access and API tokens get 403', async () => {
    const s = server();
    const token = await s.userToken('jwt-downgraded', ['analyst']);
    const me = (await s.call('GET', '/v1/me', { token })).body;
    const pat = (await s.call('POST', '/v1/tokens', { token, body: { name: 'downgrade' } })).body.token as string;
    for (const credential of [token, pat]) assert.is((await s.call('GET', '/v1/users', { token: credential })).status, 200);
    const downgrade = await s.call('PATCH', `/v1/users/${me.id}`, { token: s.adminToken, body: { roles: ['viewer'] } });
    assert.is(downgrade.status, 200, JSON.stringify(downgrade.body));
    for (const [label, credential] of [
      ['access token', token],
      ['API token', pat],
    ] as const) {
      const res = await s.call('GET', '/v1/users', { token: credential });
      assert.is(res.status, 403, `${label}: ${res.status}`);
      assert.is(res.body.code, 'PERMISSION_DENIED', label);
      // What the user still holds keeps working.
      assert.is((await s.call('GET', '/v1/alerts', { token: credential })).status, 200, label);
    }
  });

  test('a permission taken out of a role takes effect at once for its holders', async () => {
    const s = server();
    const role = await s.call('POST', '/v1/roles', {
      token: s.adminToken,
      body: { name: 'jwt-user-readers', permissions: ['users:read', 'alerts:read'] },
    });
    assert.is(role.status, 201, JSON.stringify(role.body));
    const token = await s.userToken('jwt-role-edited', ['jwt-user-readers']);
    assert.is((await s.call('GET', '/v1/users', { token })).status, 200);
    const edit = await s.call('PATCH', `/v1/roles/${role.body.id}`, { token: s.adminToken, body: { permissions: ['alerts:read'] } });
    assert.is(edit.status, 200, JSON.stringify(edit.body));
    const res = await s.call('GET', '/v1/users', { token });
    assert.is(res.status, 403);
    assert.is(res.body.code, 'PERMISSION_DENIED');
  });

  test("a disabled user's access token is refused as SESSION_REVOKED and its API token as TOKEN_INVALID", async () => {
    const s = server();
    const token = await s.userToken('jwt-disabled', ['analyst']);
    const me = (await s.call('GET', '/v1/me', { token })).body;
    const pat = (await s.call('POST', '/v1/tokens', { token, body: { name: 'disabled' } })).body.token as string;
    assert.is((await s.call('PATCH', `/v1/users/${me.id}`, { token: s.adminToken, body: { disabled: true } })).status, 200);
    await assertRefused(s, token, 'SESSION_REVOKED', 'disabled user, access token');
    await assertRefused(s, pat, 'TOKEN_INVALID', 'disabled user, API token');
    // Re-enabling does not bring the old session back.
    assert.is((await s.call('PATCH', `/v1/users/${me.id}`, { token: s.adminToken, body: { disabled: false } })).status, 200);
    await assertRefused(s, token, 'SESSION_REVOKED', 're-enabled user, old access token');
  });

  test('malformed bearer values are refused as TOKEN_INVALID, never a 5xx', async () => {
    const s = server();
    const junk = [
      'a.b.c',
      'not-a-jwt',
      `${b64url('{')}.${b64url('{')}.x`,
      `${b64url({ alg: 'HS256' })}.${b64url('[]')}.x`,
      'secai_pat_made-up',
    ];
    for (const token of junk) await assertRefused(s, token, 'TOKEN_INVALID', `junk ${token}`);
  });
});
