// A PostgreSQL of the test's own, stopped and started under a running secai server: while it is
// down every request answers 503 with Retry-After and /readyz says not ready; once it is back the
// server recovers by itself. Runs where PostgreSQL's binaries exist and SECAI_TEST_DATABASE_URL
// is set (the sign that PostgreSQL tests are wanted); otherwise it is counted as skipped.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { pino } from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PG_URL, TEST_ADMIN_PASSWORD, TEST_JWT_SECRET } from '../_test/harness.js';
import { loadConfig } from '../config.js';
import { type RunningServer, startServer } from '../main.js';

/** Every wait is bounded: a stuck database fails the test instead of hanging CI. */
const PG_CTL_TIMEOUT_MS = 30_000;
const RECOVERY_TIMEOUT_MS = 15_000;

function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const version = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a))[0];
  return version ? join(root, version, 'bin') : null;
}

const bin = postgresBin();
const asRoot = process.getuid?.() === 0;

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` user. */
function pg(tool: string, args: string[]): void {
  const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin ?? '', tool), ...args]] : [join(bin ?? '', tool), args];
  const result = spawnSync(command as string, argv as string[], { encoding: 'utf8', timeout: PG_CTL_TIMEOUT_MS });
  if (result.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed (${result.status}): ${result.stderr}${result.stdout}`);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function call(base: string, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

const runs = Boolean(bin && PG_URL);

(runs ? test : test.skip)(
  'a PostgreSQL outage answers 503 with Retry-After, /readyz says not ready, and the server recovers by itself',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secai-pg-outage-'));
    const data = join(dir, 'data');
    const port = await freePort();
    if (asRoot) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
      chownSync(dir, uid, gid);
    }
    const start = () =>
      pg('pg_ctl', [
        '-D',
        data,
        '-l',
        join(dir, 'log'),
        '-w',
        '-o',
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
        'start',
      ]);
    const stop = () => pg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    let running: RunningServer | undefined;
    let pgUp = false;
    try {
      pg('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '--no-instructions']);
      start();
      pgUp = true;
      const config = loadConfig({
        env: {},
        flags: {
          port: 0,
          dataDir: dir,
          databaseUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
          adminPassword: TEST_ADMIN_PASSWORD,
          jwtSecret: TEST_JWT_SECRET,
          logLevel: 'silent',
        },
      });
      running = await startServer(config, { logger: pino({ level: 'silent' }) });
      const base = running.url;
      const login = await call(base, 'POST', '/v1/auth/login', undefined, { username: 'admin', password: TEST_ADMIN_PASSWORD });
      assert.is(login.status, 200);
      const token = login.body.access_token as string;
      assert.is((await call(base, 'GET', '/v1/alerts', token)).status, 200);

      stop();
      pgUp = false;
      for (const [method, path, body] of [
        ['GET', '/v1/alerts', undefined],
        ['POST', '/v1/assets', { hostname: 'during-the-outage' }],
        ['POST', '/v1/auth/login', { username: 'admin', password: TEST_ADMIN_PASSWORD }],
      ] as const) {
        const res = await call(base, method, path, path === '/v1/auth/login' ? undefined : token, body);
        assert.is(res.status, 503, `${method} ${path}: ${JSON.stringify(res.body)}`);
        assert.is(res.body.code, 'SERVICE_UNAVAILABLE');
        assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
        assert.ok(Number(res.headers.get('retry-after')) > 0, `${method} ${path}: Retry-After ${res.headers.get('retry-after')}`);
        assert.not.match(JSON.stringify(res.body), /ECONNREFUSED|127\.0\.0\.1|select|terminat/i);
      }
      const ready = await call(base, 'GET', '/readyz');
      assert.is(ready.status, 503);
      assert.is(ready.body.code, 'NOT_READY');
      assert.ok(Number(ready.headers.get('retry-after')) > 0);
      assert.is((await call(base, 'GET', '/healthz')).status, 200);

      start();
      pgUp = true;
      const deadline = Date.now() + RECOVERY_TIMEOUT_MS;
      let status = 0;
      while (Date.now() < deadline) {
        status = (await call(base, 'GET', '/v1/alerts', token)).status;
        if (status === 200) break;
        await delay(200);
      }
      assert.is(status, 200, 'no recovery after the database came back');
      assert.is((await call(base, 'GET', '/readyz')).status, 200);
      assert.is((await call(base, 'POST', '/v1/assets', token, { hostname: 'after-the-outage' })).status, 201);
    } finally {
      await running?.close();
      if (pgUp) stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test.run();
