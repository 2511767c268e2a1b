import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TEST_ADMIN_PASSWORD } from '../_test/harness.js';
import { loadConfig } from '../config.js';
import { startServer } from '../main.js';

const mode = (path: string) => statSync(path).mode & 0o777;

async function run(dataDir: string, env: NodeJS.ProcessEnv = {}) {
  const lines: { msg: string; paths?: string[] }[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const config = loadConfig({ env, flags: { port: 0, dataDir, adminPassword: TEST_ADMIN_PASSWORD, logLevel: 'info' } });
  const running = await startServer(config, { logger: pino({ level: 'info' }, sink) });
  // A write, so that SQLite has its -wal and -shm files.
  await fetch(`${running.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: TEST_ADMIN_PASSWORD }),
  });
  return { running, lines };
}

test('a fresh data dir is 0700 and the database and its -wal and -shm files 0600', async () => {
  const root = mkdtempSync(join(tmpdir(), 'secai-perm-'));
  const dataDir = join(root, 'data');
  const { running } = await run(dataDir);
  try {
    assert.is(mode(dataDir).toString(8), '700');
    for (const file of ['secai.db', 'secai.db-wal', 'secai.db-shm']) assert.is(mode(join(dataDir, file)).toString(8), '600', file);
  } finally {
    await running.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test('an existing install readable by others is tightened at start, with a log line', async () => {
  const root = mkdtempSync(join(tmpdir(), 'secai-perm-'));
  const dataDir = join(root, 'data');
  mkdirSync(dataDir, { mode: 0o755 });
  chmodSync(dataDir, 0o755);
  writeFileSync(join(dataDir, 'secai.db'), '');
  chmodSync(join(dataDir, 'secai.db'), 0o644);
  const { running, lines } = await run(dataDir);
  try {
    assert.is(mode(dataDir).toString(8), '700');
    assert.is(mode(join(dataDir, 'secai.db')).toString(8), '600');
    const line = lines.find((l) => l.msg.includes('readable by others'));
    assert.ok(line, 'a log line says so');
    assert.ok(line.paths?.includes(join(dataDir, 'secai.db')));
  } finally {
    await running.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test('SECAI_JWT_SECRET_FILE keeps the signing key outside the database', async () => {
  const root = mkdtempSync(join(tmpdir(), 'secai-perm-'));
  const keyFile = join(root, 'jwt.key');
  const key = 'k'.repeat(48);
  writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
  const { running } = await run(join(root, 'data'), { SECAI_JWT_SECRET_FILE: keyFile });
  try {
    const stored = await running.db('settings').where('key', 'jwt_secret').first();
    assert.is(stored, undefined, 'no key in the database');
    const login = await fetch(`${running.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: TEST_ADMIN_PASSWORD }),
    });
    const { access_token: token } = (await login.json()) as { access_token: string };
    const jwt = await import('jsonwebtoken');
    assert.ok(jwt.default.verify(token, key), 'tokens are signed with the key from the file');
  } finally {
    await running.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test.run();
