import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const bin = fileURLToPath(new URL('../../bin/run.js', import.meta.url));

function serve(args: string[], env: Record<string, string> = {}): { child: ChildProcess; stderr: () => string; url: Promise<string> } {
  const defaults = [...(args.includes('--port') ? [] : ['--port', '0']), ...(args.includes('--log-level') ? [] : ['--log-level', 'warn'])];
  const child = spawn(process.execPath, [bin, 'serve', ...defaults, ...args], {
    env: { ...process.env, SECAI_ADMIN_PASSWORD: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stderr?.on('data', (chunk) => {
      err += chunk;
      const m = err.match(/listening on (http:\/\/\S+)/);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`secai serve exited with ${code}: ${err}`)));
  });
  return { child, stderr: () => err, url };
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

test('secai serve --demo prints how to log in, serves the demo data and stops cleanly on SIGTERM', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'secai-e2e-'));
  const { child, stderr, url } = serve(['--demo', '--data-dir', dataDir]);
  try {
    const base = await url;
    const password = stderr().match(/created user "admin" with password (\S+)/)?.[1];
    assert.ok(password, stderr());
    assert.match(stderr(), /change it with `secai login --username admin` then `secai passwd`/);
    assert.not.match(stderr(), /PATCH \/v1\/users/);
    assert.match(stderr(), /Demo login: alice \/ demo-analyst-pass \(analyst\)/);
    const login = await fetch(`${base}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: 'demo-analyst-pass' }),
    });
    const { access_token } = (await login.json()) as { access_token: string };
    const headers = { authorization: `Bearer ${access_token}` };
    const assets = (await (await fetch(`${base}/v1/assets?limit=1000`, { headers })).json()) as { data: unknown[] };
    assert.ok(assets.data.length >= 36, `only ${assets.data.length} assets`);
    for (const status of ['new', 'acknowledged', 'investigating', 'resolved', 'false_positive']) {
      const page = (await (await fetch(`${base}/v1/alerts?status=${status}&limit=1`, { headers })).json()) as { data: unknown[] };
      assert.is(page.data.length, 1, `no ${status} alert in the demo data`);
    }
    const vulns = (await (await fetch(`${base}/v1/vulnerabilities?limit=1000`, { headers })).json()) as { data: unknown[] };
    assert.ok(vulns.data.length >= 50);
    const groups = (await (await fetch(`${base}/v1/asset-groups`, { headers })).json()) as { data: { member_count: number }[] };
    assert.ok(groups.data.length >= 3 && groups.data.every((g) => g.member_count > 0));
    const exited = exitCode(child);
    child.kill('SIGTERM');
    assert.is(await exited, 0);
    assert.match(stderr(), /SIGTERM: draining requests and jobs, then closing the database/);
  } finally {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a second start keeps the data and does not seed or print a password again', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'secai-e2e-'));
  try {
    const first = serve(['--data-dir', dataDir], { SECAI_ADMIN_PASSWORD: 'first-start-password' });
    await first.url;
    assert.not.match(first.stderr(), /created user "admin" with password/);
    let exited = exitCode(first.child);
    first.child.kill('SIGINT');
    assert.is(await exited, 0);
    const second = serve(['--data-dir', dataDir]);
    const base = await second.url;
    assert.not.match(second.stderr(), /created user "admin"/);
    const login = await fetch(`${base}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'first-start-password' }),
    });
    assert.is(login.status, 200);
    exited = exitCode(second.child);
    second.child.kill('SIGTERM');
    assert.is(await exited, 0);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a bad flag value exits 2 with the reason, named by its flag', async () => {
  const { child, stderr, url } = serve(['--database-url', 'mysql://nope']);
  url.catch(() => {});
  const code = await exitCode(child);
  assert.is(code, 2);
  assert.match(stderr(), /--database-url: must be a postgres:\/\/ URL/);
});

test('every wrong setting is reported at once, one line each, by its flag, variable or file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'secai-e2e-'));
  const file = join(dir, 'secai.json');
  writeFileSync(file, JSON.stringify({ prot: 8080, bodyLimit: 'lots' }));
  try {
    // Wide columns: oclif would wrap long lines at 80, and each line is one wrong value here.
    const { child, stderr, url } = serve(['--data-dir', dir, '--port', 'abc', '--log-level', 'loud', '--config', file], {
      SECAI_TRUST_PROXY: 'yes',
      SECAI_JWT_SECRET_FILE: join(dir, 'missing-secret'),
      OCLIF_COLUMNS: '400',
    });
    url.catch(() => {});
    assert.is(await exitCode(child), 2);
    const lines = stderr().split('\n');
    for (const expected of [
      /--port: must be a whole number from 0 to 65535 \(got "abc"\)/,
      /--log-level: must be one of fatal, error, warn, info, debug, trace, silent \(got "loud"\)/,
      /SECAI_TRUST_PROXY: must be true or false \(got "yes"\)/,
      /SECAI_JWT_SECRET_FILE: cannot read .*missing-secret \(no such file\)/,
      /prot in .*secai\.json: not a setting \(did you mean port\?\)/,
      /bodyLimit in .*secai\.json: must be a size like 10mb \(got "lots"\)/,
    ]) {
      assert.is(lines.filter((l) => expected.test(l)).length, 1, `${expected} in:\n${stderr()}`);
    }
    assert.match(stderr(), /Invalid configuration \(6 problems\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a taken port exits 1 before opening the database, saying which port and which flag, and never claims to listen', async () => {
  const holder = createServer();
  const port = await new Promise<number>((resolve) =>
    holder.listen(0, '127.0.0.1', () => resolve((holder.address() as { port: number }).port)),
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'secai-e2e-'));
  try {
    // --demo makes the start slow; the port is checked before any of it.
    const { child, stderr, url } = serve(['--data-dir', dataDir, '--demo', '--port', String(port)]);
    url.catch(() => {});
    // Bounded: a server that wrongly keeps running fails the test instead of hanging it.
    const code = await Promise.race([exitCode(child), delay(5000).then(() => 'still running')]);
    child.kill('SIGKILL');
    assert.is(code, 1, stderr());
    // Before the database: no migration, no demo data, nothing written (how long that takes
    // depends on the machine; the order does not).
    assert.equal(readdirSync(dataDir), []);
    assert.ok(stderr().includes(`port ${port} is in use (--port to choose another)`), stderr());
    assert.not.match(stderr(), /listening on/);
  } finally {
    holder.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test.run();
