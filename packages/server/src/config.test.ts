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

test('reports the mistakes of every source at once, each line naming the flag, variable or file', () => {
  const file = join(dir, 'typo.json');
  writeFileSync(file, JSON.stringify({ prot: 8080, logLevel: 'chatty' }));
  try {
    loadConfig({
      file,
      env: { SECAI_TRUST_PROXY: 'yes', SECAI_ADMIN_PASSWORD_FILE: join(dir, 'no-such-secret'), SECAI_KEV_FILE: join(dir, 'no-kev.json') },
      flags: { port: '0x10' },
    });
    assert.unreachable();
  } catch (err) {
    assert.instance(err, ValidationError);
    const lines = (err as ValidationError).issues.map((i) => i.message);
    assert.equal(lines, [
      `prot in ${file}: not a setting (did you mean port?); docs/configuration.md lists them`,
      `SECAI_ADMIN_PASSWORD_FILE: cannot read ${join(dir, 'no-such-secret')} (no such file)`,
      '--port: must be a whole number from 0 to 65535 (got "0x10")',
      `logLevel in ${file}: must be one of fatal, error, warn, info, debug, trace, silent (got "chatty")`,
      'SECAI_TRUST_PROXY: must be true or false (got "yes")',
      `SECAI_KEV_FILE: cannot read this file (missing, or not readable by this user) (got "${join(dir, 'no-kev.json')}")`,
    ]);
    // The message holds every line too: it is what `secai serve` prints.
    for (const line of lines) assert.ok((err as ValidationError).message.includes(line), line);
  }
});

test('an unreadable or malformed config file is one problem among the others, not the only one', () => {
  const notJson = join(dir, 'broken.json');
  writeFileSync(notJson, '{"port": 1,');
  for (const [file, reason] of [
    [join(dir, 'missing.json'), /cannot read it \(no such file\)/],
    [notJson, /not valid JSON/],
  ] as const) {
    try {
      loadConfig({ env: { SECAI_LOG_LEVEL: 'loud' }, file });
      assert.unreachable();
    } catch (err) {
      assert.instance(err, ValidationError);
      const issues = (err as ValidationError).issues;
      assert.equal(
        issues.map((i) => i.path[0]),
        ['config', 'logLevel'],
      );
      assert.match(issues[0]?.message ?? '', reason);
      assert.ok(issues[0]?.message.startsWith(`--config ${file}:`), issues[0]?.message);
    }
  }
  writeFileSync(notJson, '[1, 2]');
  assert.throws(
    () => loadConfig({ env: { SECAI_CONFIG: notJson } }),
    (err: ValidationError) => err.issues.some((i) => i.message === `SECAI_CONFIG ${notJson}: must hold a JSON object of settings`),
  );
});

test('numbers and switches take only what they say: no hex, exponent or empty port, no "yes"', () => {
  for (const port of ['0x10', '1e3', '', ' ', '70.5', '-1', '65536']) {
    assert.throws(
      () => loadConfig({ env: {}, flags: { port } }),
      (err: unknown) => err instanceof ValidationError,
      JSON.stringify(port),
    );
  }
  assert.is(loadConfig({ env: { SECAI_PORT: '8080' } }).port, 8080);
  assert.is(loadConfig({ env: { SECAI_TRUST_PROXY: 'true' } }).trustProxy, true);
  assert.is(loadConfig({ env: { SECAI_TRUST_PROXY: '0' } }).trustProxy, false);
});

test('a wrong secret is named but never repeated', () => {
  try {
    loadConfig({ env: { SECAI_JWT_SECRET: 'short-secret-value', DATABASE_URL: 'mysql://user:hunter2@db/x' } });
    assert.unreachable();
  } catch (err) {
    assert.instance(err, ValidationError);
    const message = (err as ValidationError).message;
    assert.match(message, /SECAI_JWT_SECRET: must be at least 32 characters/);
    assert.match(message, /DATABASE_URL: must be a postgres:\/\/ URL/);
    assert.not.ok(message.includes('short-secret-value') || message.includes('hunter2'), message);
  }
});

test('a value from a higher source hides a wrong one below it', () => {
  const config = loadConfig({ env: { SECAI_PORT: 'http' }, flags: { port: '8081' } });
  assert.is(config.port, 8081);
});

test('log sources: files and parse rules from JSON, a bad rule named by its source', () => {
  const config = loadConfig({
    env: {
      SECAI_LOG_FILES: '["/var/log/auth.log", {"paths": "/var/log/app/*.log", "source": "app", "multiline": {"start": "^\\\\d"}}]',
      SECAI_LOG_PARSERS: '{"app": [{"name": "line", "kind": "regex", "pattern": "^(?<user__name>\\\\w+) did (?<event__action>\\\\w+)$"}]}',
    },
  });
  assert.equal(config.logFiles, [
    { paths: ['/var/log/auth.log'] },
    { paths: ['/var/log/app/*.log'], source: 'app', multiline: { start: '^\\d' } },
  ]);
  assert.is(config.logParsers.app?.[0]?.name, 'line');
  const sources = loadConfig({ env: { SECAI_LOG_SOURCES: '{"trail": {"product": "aws", "service": "cloudtrail"}}' } });
  assert.equal(sources.logSources, { trail: { product: 'aws', service: 'cloudtrail' } });
  assert.throws(() => loadConfig({ env: { SECAI_LOG_SOURCES: '{"trail": {"vendor": "aws"}}' } }), /SECAI_LOG_SOURCES|logSources/);
  const err = (() => {
    try {
      loadConfig({ env: { SECAI_LOG_PARSERS: '{"app": [{"name": "broken", "kind": "grok", "pattern": "%{NOPE:x}"}]}' } });
    } catch (e) {
      return e as ValidationError;
    }
  })();
  assert.instance(err, ValidationError);
  assert.match(String(err?.message), /SECAI_LOG_PARSERS.*broken/s);
});

test.run();
