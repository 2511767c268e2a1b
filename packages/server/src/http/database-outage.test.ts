// SQLite's outage is a file another process keeps locked: a write waits busy_timeout (5 s), then
// gets SQLITE_BUSY. PostgreSQL's, a server that stops, is in database-outage.int.test.ts.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestServer, type TestServer } from '../_test/harness.js';

let server: TestServer;

test.before(async () => {
  server = await startTestServer('sqlite');
});

test.after(async () => {
  await server.close();
});

test('a write that meets a database locked by another process answers 503 with Retry-After, then succeeds once it is free', async () => {
  const holder = new Database(join(server.config.dataDir, 'secai.db'));
  holder.exec('begin immediate');
  try {
    const res = await server.call('POST', '/v1/assets', { token: server.adminToken, body: { hostname: 'locked-out' } });
    assert.is(res.status, 503);
    assert.is(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.is(res.body.code, 'SERVICE_UNAVAILABLE');
    assert.ok(Number(res.headers.get('retry-after')) > 0, String(res.headers.get('retry-after')));
    assert.not.match(JSON.stringify(res.body), /SQLITE|insert|secai\.db/i);
  } finally {
    holder.exec('rollback');
    holder.close();
  }
  const retried = await server.call('POST', '/v1/assets', { token: server.adminToken, body: { hostname: 'locked-out' } });
  assert.is(retried.status, 201);
});

test.run();
