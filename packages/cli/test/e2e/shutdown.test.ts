// R10: SIGTERM to `secai serve` under a 50-connection keep-alive load. No request that was sent
// may be reset; keep-alive connections get `Connection: close` on their next answer; the process
// exits within the shutdown timeout although the load goes on.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const bin = fileURLToPath(new URL('../../bin/run.js', import.meta.url));
const CONNECTIONS = 50;
const SHUTDOWN_TIMEOUT_S = 5;
const ADMIN_PASSWORD = 'shutdown-test-admin-password';

interface Outcome {
  ok: number;
  closeHeaders: number;
  resets: number;
  refused: number;
  other: string[];
}

/** One GET on the keep-alive agent: its status and Connection header, or the error code. */
function get(agent: Agent, url: string, token: string): Promise<{ status: number; connection: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = request(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: String(res.headers.connection ?? '') }));
      res.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    req.end();
  });
}

test('SIGTERM under a 50-connection load resets no request and exits within the shutdown timeout', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'secai-shutdown-'));
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--log-level', 'warn', '--demo', '--data-dir', dataDir], {
    env: { ...process.env, SECAI_ADMIN_PASSWORD: ADMIN_PASSWORD, SECAI_SHUTDOWN_TIMEOUT: String(SHUTDOWN_TIMEOUT_S) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  try {
    let base = '';
    for (let i = 0; i < 600 && !base; i++) {
      base = stderr.match(/listening on (http:\/\/\S+)/)?.[1] ?? '';
      await delay(50);
    }
    assert.ok(base, stderr);
    const login = await fetch(`${base}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    const { access_token: token } = (await login.json()) as { access_token: string };

    const outcome: Outcome = { ok: 0, closeHeaders: 0, resets: 0, refused: 0, other: [] };
    let exitedAt = 0;
    void exited.then(() => {
      exitedAt = Date.now();
    });
    const loadEnds = Date.now() + 45_000;
    const answered = new Set<number>();
    // Each worker keeps one connection busy, back to back, until well after the process is gone.
    const worker = async (i: number) => {
      while (Date.now() < loadEnds && !(exitedAt && Date.now() > exitedAt + 500)) {
        const path = i % 2 ? '/v1/alerts?limit=100' : '/healthz';
        const r = await get(agent, `${base}${path}`, token);
        if ('status' in r) {
          answered.add(i);
          if (r.status === 200) outcome.ok++;
          else outcome.other.push(String(r.status));
          if (r.connection === 'close') outcome.closeHeaders++;
        } else if (r.error === 'ECONNREFUSED') {
          outcome.refused++;
          await delay(20);
        } else if (r.error === 'ECONNRESET' || r.error === 'socket hang up' || r.error === 'EPIPE') outcome.resets++;
        else outcome.other.push(r.error);
      }
    };
    const load = Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => worker(i)));
    // The load is on once every connection has had an answer (a slow machine accepts 50
    // connections slowly), and has run a while.
    for (let i = 0; i < 600 && answered.size < CONNECTIONS; i++) await delay(50);
    assert.is(answered.size, CONNECTIONS, 'every connection answered before SIGTERM');
    await delay(1_000);
    const signalled = Date.now();
    child.kill('SIGTERM');
    const code = await exited;
    const stoppedIn = Date.now() - signalled;
    await load;

    assert.is(code, 0, stderr);
    assert.ok(stoppedIn < SHUTDOWN_TIMEOUT_S * 1000, `took ${stoppedIn} ms to exit under load`);
    assert.is(outcome.resets, 0, `${outcome.resets} requests reset mid-request (${JSON.stringify(outcome)})`);
    assert.equal(outcome.other, [], JSON.stringify(outcome));
    assert.ok(outcome.ok > 200, `only ${outcome.ok} answers`);
    assert.ok(outcome.closeHeaders > 0, 'no answer told its keep-alive connection to close');
  } finally {
    agent.destroy();
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test.run();
