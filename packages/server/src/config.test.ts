import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@secai/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadConfig } from './config.js';

const dir = mkdtempSync(join(tmpdir(), 'secai-config-'));

test('defaults to 127.0.0.1:7070 and SQLite', () => {
  const config = loadConfig({ env: {} });
  assert.is(config.host, '127.0.0.1');
  assert.is(config.port, 7070);
  assert.is(config.databaseUrl, undefined);
  assert.ok(Object.isFrozen(config));
});

test('flags beat environment, which beats the file', () => {
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ port: 1111, host: '0.0.0.0', logLevel: 'debug' }));
  const config = loadConfig({ file, env: { SECAI_PORT: '2222', SECAI_HOST: '::1' }, flags: { port: 3333, host: undefined } });
  assert.is(config.port, 3333);
  assert.is(config.host, '::1');
  assert.is(config.logLevel, 'debug');
});

test('reads DATABASE_URL and secrets from *_FILE variables', () => {
  const secret = join(dir, 'admin');
  writeFileSync(secret, 'from-a-file-password\n');
  const config = loadConfig({
    env: {
      DATABASE_URL: 'postgres://u@h/db',
      SECAI_ADMIN_PASSWORD_FILE: secret,
      SECAI_CORS_ORIGINS: 'https://a.example, https://b.example',
    },
  });
  assert.is(config.databaseUrl, 'postgres://u@h/db');
  assert.is(config.adminPassword, 'from-a-file-password');
  assert.equal(config.corsOrigins, ['https://a.example', 'https://b.example']);
});

test('reports every bad value at once', () => {
  try {
    loadConfig({ env: { SECAI_PORT: 'http', DATABASE_URL: 'mysql://x', SECAI_LOG_LEVEL: 'loud' } });
    assert.unreachable();
  } catch (err) {
    assert.instance(err, ValidationError);
    const paths = (err as ValidationError).issues.map((i) => i.path[0]).sort();
    assert.equal(paths, ['databaseUrl', 'logLevel', 'port']);
  }
});

test('names an unreadable config file', () => {
  try {
    loadConfig({ env: {}, file: join(dir, 'missing.json') });
    assert.unreachable();
  } catch (err) {
    assert.instance(err, ValidationError);
    assert.match((err as ValidationError).message, /missing\.json/);
  }
});

test.run();
