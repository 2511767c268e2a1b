// The live stream at /v1/stream: who may connect and how, messages in order with cursors, resume
// without loss or repeats, and the limits that protect the server (flood, slow consumer).
import { STREAM_CLOSE, STREAM_PROTOCOL, STREAM_TOKEN_PROTOCOL_PREFIX } from '@secai/core';
import jwt from 'jsonwebtoken';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import WebSocket from 'ws';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from '../_test/harness.js';
import { waitFor } from '../_test/runtime-harness.js';
import { jwtVerifyOptions } from '../services/index.js';

const test = suite('live stream');
let s: TestServer;
test.before(async () => {
  s = await startTestServer('sqlite');
});
test.after(async () => {
  await s?.close();
});

const wsUrl = (query = '') => `${s.url.replace(/^http/, 'ws')}/v1/stream${query}`;

interface Client {
  ws: WebSocket;
  messages: Record<string, unknown>[];
  closed: Promise<{ code: number; reason: string }>;
  send(message: unknown): void;
}

function connect(options: { token?: string; query?: string; origin?: string } = {}): Client {
  const protocols = [STREAM_PROTOCOL, ...(options.token ? [`${STREAM_TOKEN_PROTOCOL_PREFIX}${options.token}`] : [])];
  const ws = new WebSocket(wsUrl(options.query), protocols, options.origin ? { origin: options.origin } : {});
  const messages: Record<string, unknown>[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data))));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: String(reason) }));
    ws.on('error', () => {});
  });
  const open = new Promise((resolve) => ws.once('open', resolve));
  return { ws, messages, closed, send: (m) => void open.then(() => ws.send(JSON.stringify(m))) };
}

/** The HTTP status an upgrade was refused with. */
function refusedWith(options: { query?: string; origin?: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl(options.query), [STREAM_PROTOCOL], options.origin ? { origin: options.origin } : {});
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => reject(new Error('the upgrade was accepted')));
    ws.on('error', () => {});
  });
}

const newAlert = (title: string, severity = 'high') =>
  s.call('POST', '/v1/alerts', { token: s.adminToken, body: { title, severity } }).then((r) => r.body as { id: string });

const alertMessages = (c: Client) => c.messages.filter((m) => m.type === 'message' && m.topic === 'alerts');

test('a token in the URL, a foreign Origin, and no token at all are refused', async () => {
  assert.is(await refusedWith({ query: `?access_token=${s.adminToken}` }), 400);
  assert.is(await refusedWith({ query: `?token=${s.adminToken}` }), 400);
  assert.is(await refusedWith({ origin: 'https://evil.example' }), 403);
  const same = connect({ token: s.adminToken, origin: s.url });
  await waitFor(() => same.messages.find((m) => m.type === 'ready'), 'ready from the same origin');
  same.ws.close();

  const anonymous = connect();
  anonymous.send({ type: 'subscribe', topic: 'alerts' });
  assert.equal((await anonymous.closed).code, STREAM_CLOSE.UNAUTHENTICATED);
  const bad = connect();
  bad.send({ type: 'auth', token: 'not-a-token' });
  assert.equal(await bad.closed, { code: STREAM_CLOSE.UNAUTHENTICATED, reason: 'TOKEN_INVALID' });
});

test('an expired token is refused; a token given in the first message works as one in the subprotocol', async () => {
  const { secretOrKey: _key, algorithms: _a, ...claims } = jwtVerifyOptions(s.services.auth.key);
  const expired = jwt.sign({ sub: 'x', sid: 'y' }, TEST_JWT_SECRET, { ...claims, algorithm: 'HS256', expiresIn: -10 });
  const old = connect({ token: expired });
  assert.equal(await old.closed, { code: STREAM_CLOSE.UNAUTHENTICATED, reason: 'TOKEN_EXPIRED' });
  const first = connect();
  first.send({ type: 'auth', token: s.adminToken });
  const ready = await waitFor(() => first.messages.find((m) => m.type === 'ready'), 'ready');
  assert.is(ready.user, 'admin');
  first.ws.close();
});

test('alerts arrive in order with cursors; a client that resumes from its last cursor misses nothing and gets nothing twice', async () => {
  const a = connect({ token: s.adminToken });
  a.send({ type: 'subscribe', topic: 'alerts' });
  await waitFor(() => a.messages.find((m) => m.type === 'subscribed'), 'subscribed');
  for (const n of [1, 2, 3]) await newAlert(`stream ${n}`);
  await waitFor(() => alertMessages(a).length === 3, 'three alerts');
  const seen = alertMessages(a);
  assert.equal(
    seen.map((m) => (m.data as { title: string }).title),
    ['stream 1', 'stream 2', 'stream 3'],
  );
  assert.ok(seen.every((m, i) => i === 0 || Number(m.cursor) > Number(seen[i - 1]?.cursor)));
  assert.is(seen[0]?.event, 'alert.opened');
  a.ws.terminate();
  for (const n of [4, 5]) await newAlert(`stream ${n}`);
  const b = connect({ token: s.adminToken });
  b.send({ type: 'subscribe', topic: 'alerts', cursor: seen[2]?.cursor });
  await waitFor(() => alertMessages(b).length === 2, 'the two missed alerts');
  await newAlert('stream 6');
  await waitFor(() => alertMessages(b).length === 3, 'the next live alert');
  assert.equal(
    alertMessages(b).map((m) => (m.data as { title: string }).title),
    ['stream 4', 'stream 5', 'stream 6'],
  );
  b.ws.close();
});

test('a filter selects alerts by severity; a topic the caller may not read is an error, not a close', async () => {
  const viewer = await s.userToken('stream-viewer', ['viewer']);
  const c = connect({ token: viewer });
  c.send({ type: 'subscribe', topic: 'alerts', filter: { min_severity: 'critical' } });
  await waitFor(() => c.messages.find((m) => m.type === 'subscribed'), 'subscribed');
  await newAlert('stream low', 'low');
  await newAlert('stream critical', 'critical');
  await waitFor(() => alertMessages(c).length === 1, 'the critical alert');
  assert.is((alertMessages(c)[0]?.data as { title?: string } | undefined)?.title, 'stream critical');
  c.send({ type: 'subscribe', topic: 'weather' });
  await waitFor(() => c.messages.find((m) => m.type === 'error'), 'an error');
  assert.is(c.ws.readyState, WebSocket.OPEN);
  c.ws.close();
});

test('a revoked API token closes its open stream within a second', async () => {
  const made = await s.call('POST', '/v1/tokens', { token: s.adminToken, body: { name: 'stream-revoke' } });
  const c = connect({ token: made.body.token });
  await waitFor(() => c.messages.find((m) => m.type === 'ready'), 'ready');
  const revokedAt = Date.now();
  assert.is((await s.call('DELETE', `/v1/tokens/${made.body.id}`, { token: s.adminToken })).status, 204);
  const closed = await c.closed;
  const after = Date.now() - revokedAt;
  assert.is(closed.code, STREAM_CLOSE.UNAUTHENTICATED);
  assert.ok(after < 1_000, `closed ${after} ms after the revocation`);
});

test('a client that floods the server with messages is closed', async () => {
  const c = connect({ token: s.adminToken });
  await waitFor(() => c.messages.find((m) => m.type === 'ready'), 'ready');
  for (let i = 0; i < 100; i++) c.send({ type: 'ping' });
  assert.is((await c.closed).code, STREAM_CLOSE.TOO_MANY_MESSAGES);
});

test('a client that stops reading is closed as a slow consumer once it has read nothing for 5 s', async () => {
  const c = connect({ token: s.adminToken });
  c.send({ type: 'subscribe', topic: 'alerts' });
  await waitFor(() => c.messages.find((m) => m.type === 'subscribed'), 'subscribed');
  // Stops reading: what the server sends piles up in the kernel's buffers, then in the server's,
  // where the catch-up waits for it to drain, and gives up after 5 s.
  const socket = (c.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
  socket.pause();
  const description = 'x'.repeat(5_000);
  for (let i = 0; i < 4; i++) {
    await s.services.alerts.createMany(
      { actor: null, ip: null, requestId: null, userAgent: null },
      Array.from({ length: 500 }, (_, j) => ({
        title: `flood ${i}-${j}`,
        severity: 'low' as const,
        description,
        technique_ids: [],
        tags: [],
        events: [],
      })),
    );
  }
  // Read again after the server gave up (and before it cuts the connection 2 s later): the
  // client gets what was queued, then the close with its reason.
  await new Promise((r) => setTimeout(r, 6_000));
  socket.resume();
  assert.is((await c.closed).code, STREAM_CLOSE.SLOW_CONSUMER);
  assert.ok(alertMessages(c).length < 2_000, `${alertMessages(c).length} of 2,000 alerts got through`);
});

test('a client that reads gets a backlog of many megabytes in full, paced, without being closed', async () => {
  const c = connect({ token: s.adminToken });
  c.send({ type: 'subscribe', topic: 'alerts', cursor: '0' });
  await waitFor(
    () => alertMessages(c).filter((m) => String((m.data as { title: string }).title).startsWith('flood')).length === 2_000,
    'the flood',
    30_000,
  );
  assert.is(c.ws.readyState, WebSocket.OPEN);
  const cursors = alertMessages(c).map((m) => Number(m.cursor));
  assert.ok(
    cursors.every((n, i) => i === 0 || n > (cursors[i - 1] as number)),
    'in order',
  );
  c.ws.close();
});

test('a second auth message is refused', async () => {
  const c = connect({ token: s.adminToken });
  await waitFor(() => c.messages.find((m) => m.type === 'ready'), 'ready');
  c.send({ type: 'auth', token: s.adminToken });
  assert.equal(await c.closed, { code: STREAM_CLOSE.BAD_MESSAGE, reason: 'already authenticated' });
});

test.run();
