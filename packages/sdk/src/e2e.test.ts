// The SDK against a real `secai serve` (SQLite, port 0).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type RunningServer, startServer } from '@secai/server';
import jwt from 'jsonwebtoken';
import { pino } from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AuthenticationError, ConflictError, NotFoundError, PermissionError, Secai, ValidationError } from './index.js';

const SECRET = 'sdk-e2e-secret-sdk-e2e-secret-sdk-e2e';
let server: RunningServer;
let dataDir: string;
let admin: Secai;

test.before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'secai-sdk-'));
  const config = loadConfig({
    env: {},
    flags: { port: 0, dataDir, adminPassword: 'sdk-admin-password', jwtSecret: SECRET, logLevel: 'silent' },
  });
  server = await startServer(config, { logger: pino({ level: 'silent' }) });
  admin = await Secai.login({ baseUrl: server.url, username: 'admin', password: 'sdk-admin-password' });
});

test.after(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('logs in and says who is calling', async () => {
  const me = await admin.users.me();
  assert.is(me.username, 'admin');
  assert.equal(me.permissions, ['*']);
});

test('imports 5,000 assets in batches, twice, without duplicates', async () => {
  const rows = Array.from({ length: 5000 }, (_, i) => ({ external_id: `sdk-${i}`, hostname: `sdk-${i}.example`, tags: ['sdk'] }));
  rows[1234] = { external_id: 'bad', hostname: 'not a hostname', tags: [] };
  const progress: number[] = [];
  const first = await admin.assets.import(rows, { batchSize: 2000, onProgress: (p) => progress.push(p.sent) });
  assert.is(first.created, 4999);
  assert.equal(
    first.failed.map((f) => f.index),
    [1234],
  );
  assert.equal(progress, [2000, 4000, 5000]);
  const second = await admin.assets.import(rows, { batchSize: 2000 });
  assert.is(second.created, 0);
  assert.is(second.updated, 4999);
  let count = 0;
  for await (const _ of admin.assets.list({ tag: ['sdk'], limit: 1000 })) count++;
  assert.is(count, 4999);
});

test('walks alerts across pages and moves one through the workflow', async () => {
  for (let i = 0; i < 3; i++) await admin.alerts.create({ title: `SDK alert ${i}`, severity: 'high', source: 'sdk' });
  const page = await admin.alerts.list({ source: 'sdk', limit: 2 });
  assert.is(page.data.length, 2);
  assert.ok(page.next_cursor);
  const all = await admin.alerts.list({ source: 'sdk', limit: 2 }).toArray({ max: 100 });
  assert.is(all.length, 3);
  const alert = all[0] as (typeof all)[number];
  assert.is((await admin.alerts.acknowledge(alert.id, 'on it')).status, 'acknowledged');
  assert.is((await admin.alerts.resolve(alert.id)).status, 'resolved');
  try {
    await admin.alerts.update(alert.id, { status: 'investigating' });
    assert.unreachable();
  } catch (err) {
    assert.instance(err, ConflictError);
    assert.is((err as ConflictError).code, 'ALERT_TRANSITION_INVALID');
  }
  const comments = await admin.alerts.comments(alert.id);
  assert.equal(
    comments.data.map((c) => c.body),
    ['on it'],
  );
});

test('logs: send in batches, search across pages, stats, tail, collectors; a bad query is a ValidationError', async () => {
  const lines = Array.from({ length: 2_500 }, (_, n) =>
    n % 2
      ? `Dec  3 10:${String(n % 60).padStart(2, '0')}:00 web-${n % 3} sshd[9]: Failed password for root from 10.9.0.${n % 200} port ${1000 + n} ssh2`
      : '',
  );
  const progress: number[] = [];
  const events = [{ '@timestamp': '2026-12-03T10:00:00Z', event: { id: 'sdk-json-1' }, message: 'a JSON event' }];
  const sent = await admin.logs.send([...lines, ...events, 'x'.repeat(1024 * 1024 + 1)], {
    source: 'sdk',
    batchSize: 500,
    onProgress: (p) => progress.push(p.accepted),
  });
  assert.is(sent.accepted, 1_251);
  assert.equal(
    sent.rejected.map((r) => r.line),
    [2_502],
    'the over-long line, numbered in the input',
  );
  assert.ok(progress.length >= 3);
  await server.runtime.pipeline.drained();
  const found: unknown[] = [];
  for await (const e of admin.logs.search({ q: 'user.name:root AND secai.source:sdk', limit: 400 })) found.push(e);
  assert.is(found.length, 1_250);
  const top = await admin.logs.stats({ q: 'secai.source:sdk', by: 'host.hostname', limit: 5 });
  assert.is(top.total, 1_251);
  assert.equal(
    top.values?.map((v) => v.count).reduce((a, b) => a + b, 0),
    1_250,
  );
  const json = await admin.logs.search({ q: 'event.id:sdk-json-1' });
  assert.is(json.data.length, 1);
  const bad = await admin.logs.search({ q: 'user.name:(root' }).then(undefined, (e: unknown) => e);
  assert.instance(bad, ValidationError);
  assert.is((bad as ValidationError).code, 'QUERY_INVALID');

  const stop = new AbortController();
  const tailed: unknown[] = [];
  let connected!: () => void;
  const following = new Promise<void>((resolve) => {
    connected = resolve;
  });
  const stream = admin.stream.events({
    query: 'secai.source:sdk-tail',
    signal: stop.signal,
    onStatus: (s) => s.state === 'connected' && connected(),
  });
  const tail = (async () => {
    for await (const { data } of stream) {
      tailed.push(String((data as { log?: { original?: string } }).log?.original).split(' ')[1]);
      if (tailed.length === 2) stop.abort();
    }
  })();
  await following;
  // The pipeline learns within a second that someone follows the events.
  await new Promise((r) => setTimeout(r, 1_200));
  await admin.logs.ingest([`${new Date().toISOString()} first`, `${new Date().toISOString()} second`], { source: 'sdk-tail' });
  await tail;
  assert.equal(tailed, ['first', 'second']);
  const collectors = (await admin.collectors.list()).data;
  assert.is(collectors.find((c) => c.name === 'http')?.counters.received, 1_253);
  await admin.logs.ingest(events, { source: 'sdk' }); // sent again: its event.id is already stored
  await server.runtime.pipeline.drained();
  const http = (await admin.collectors.list()).data.find((c) => c.name === 'http')?.counters;
  assert.equal([http?.received, http?.stored, http?.duplicates], [1_254, 1_253, 1], 'the event sent again is a duplicate');
});

test('each error kind arrives as its class', async () => {
  try {
    await admin.alerts.get('missing');
    assert.unreachable();
  } catch (err) {
    assert.instance(err, NotFoundError);
  }
  try {
    await admin.alerts.create({ title: '', severity: 'high' });
    assert.unreachable();
  } catch (err) {
    assert.instance(err, ValidationError);
    assert.equal((err as ValidationError).issues[0]?.path, ['title']);
  }
  await admin.users.create({ username: 'sdkviewer', password: 'sdkviewer-password', roles: ['viewer'] });
  const viewer = await Secai.login({ baseUrl: server.url, username: 'sdkviewer', password: 'sdkviewer-password' });
  try {
    await viewer.assets.create({ hostname: 'nope.example' });
    assert.unreachable();
  } catch (err) {
    assert.instance(err, PermissionError);
  }
  try {
    await Secai.login({ baseUrl: server.url, username: 'admin', password: 'wrong-password' });
    assert.unreachable();
  } catch (err) {
    assert.instance(err, AuthenticationError);
    assert.is((err as AuthenticationError).code, 'INVALID_CREDENTIALS');
  }
});

test('an expired access token is refreshed transparently', async () => {
  const fresh = await Secai.login({ baseUrl: server.url, username: 'admin', password: 'sdk-admin-password' });
  const { sub, sid } = jwt.decode(fresh.credentials.token as string) as { sub: string; sid: string };
  const expired = jwt.sign({ sub, sid, exp: Math.floor(Date.now() / 1000) - 10 }, SECRET, {
    algorithm: 'HS256',
    issuer: 'secai',
    audience: 'secai-api',
  });
  const seen: string[] = [];
  const client = new Secai({
    baseUrl: server.url,
    token: expired,
    refreshToken: fresh.credentials.refreshToken as string,
    onTokens: (t) => void seen.push(t.access_token),
  });
  assert.is((await client.users.me()).username, 'admin');
  assert.is(seen.length, 1);
  assert.is.not(client.credentials.token, expired);
});

test('personal API tokens work, and logout ends a session', async () => {
  const created = await admin.tokens.create({ name: 'sdk-ci', permissions: ['alerts:read'] });
  const ci = new Secai({ baseUrl: server.url, token: created.token });
  assert.ok(Array.isArray((await ci.alerts.list()).data));
  await admin.tokens.revoke(created.id);
  try {
    await ci.alerts.list();
    assert.unreachable();
  } catch (err) {
    assert.instance(err, AuthenticationError);
  }
  const session = await Secai.login({ baseUrl: server.url, username: 'admin', password: 'sdk-admin-password' });
  await session.logout();
  try {
    await session.users.me();
    assert.unreachable();
  } catch (err) {
    assert.instance(err, AuthenticationError);
  }
});

test.run();
