// Log collection tried as a new user would: `secai serve --demo`, a line from util-linux `logger`
// over syslog, then `secai logs search` finds it with its fields; `logs send`, `logs stats` and
// `collectors list` against the same server.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const bin = fileURLToPath(new URL('../../bin/run.js', import.meta.url));
const PASSWORD = 'logs-e2e-admin-password';
const hasLogger = spawnSync('sh', ['-c', 'command -v logger']).status === 0;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('serve --demo, logger over syslog TCP, and logs search finds the line with its fields', async () => {
  if (!hasLogger) {
    console.log('  [skipped: util-linux logger is not installed]');
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'secai-logs-e2e-'));
  const syslog = await freePort();
  let child: ChildProcess | undefined;
  try {
    child = spawn(
      process.execPath,
      [
        bin,
        'serve',
        '--demo',
        '--port',
        '0',
        '--data-dir',
        dataDir,
        '--log-level',
        'warn',
        '--syslog-udp',
        `127.0.0.1:${syslog}`,
        '--syslog-tcp',
        `127.0.0.1:${syslog}`,
      ],
      { env: { ...process.env, SECAI_ADMIN_PASSWORD: PASSWORD }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let err = '';
    const url = await new Promise<string>((resolve, reject) => {
      child?.stderr?.on('data', (chunk) => {
        err += chunk;
        const m = /listening on (http:\/\/\S+)/.exec(err);
        if (m?.[1]) resolve(m[1]);
      });
      child?.once('exit', (code) => reject(new Error(`secai serve exited with ${code}: ${err}`)));
    });
    assert.match(err, new RegExp(`Collecting syslog-tcp on 127\\.0\\.0\\.1:${syslog}`));
    const login = await fetch(`${url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    const env = { SECAI_URL: url, SECAI_TOKEN: ((await login.json()) as { access_token: string }).access_token };

    const sent = spawnSync('logger', [
      '-n',
      '127.0.0.1',
      '-P',
      String(syslog),
      '-T',
      'sshd[1]: Failed password for root from 10.0.0.9 port 2222 ssh2',
    ]);
    assert.is(sent.status, 0, String(sent.stderr));
    let found: Record<string, Record<string, unknown>>[] = [];
    for (let i = 0; i < 50 && found.length === 0; i++) {
      const search = await cli(['logs', 'search', 'user.name:root AND source.ip:10.0.0.9', '--json'], env);
      assert.is(search.code, 0, search.stderr);
      found = JSON.parse(search.stdout);
      if (found.length === 0) await new Promise((r) => setTimeout(r, 200));
    }
    assert.is(found.length, 1, 'the line logger sent is found');
    const [event] = found;
    assert.is(event?.user?.name, 'root');
    assert.is(event?.source?.port, 2222);
    assert.is(event?.event?.outcome, 'failure');
    assert.is(event?.process?.name, 'sshd');

    // The demo day is there too, searchable by its hosts.
    const stats = await cli(['logs', 'stats', '--by', 'host.name', '--json'], env);
    const top = JSON.parse(stats.stdout) as { total: number; values: { value: string }[] };
    assert.ok(top.total > 20_000, `demo events stored: ${top.total}`);
    assert.ok(top.values.some((v) => v.value.endsWith('.corp.example')));

    const file = join(dataDir, 'app.log');
    writeFileSync(file, 'Dec  3 10:00:00 app-01 myapp[7]: user=carol action=login result=ok\n\nnot a log line at all\n');
    const send = await cli(['logs', 'send', file, '--source', 'myapp'], env);
    assert.is(send.code, 0, send.stderr);
    assert.match(send.stderr, /2 lines accepted/);

    const collectors = await cli(['collectors', 'list', '--json'], env);
    const list = JSON.parse(collectors.stdout) as { name: string; counters: { received: number } }[];
    assert.ok((list.find((c) => c.name === 'syslog-tcp')?.counters.received ?? 0) >= 1);
    assert.is(list.find((c) => c.name === 'http')?.counters.received, 2);
  } finally {
    child?.kill('SIGTERM');
    if (child && child.exitCode === null) await new Promise((r) => child?.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test.run();
