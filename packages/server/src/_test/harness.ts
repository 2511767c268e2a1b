// Test support: a real server on port 0, on SQLite (a temp file) or PostgreSQL (a schema of its
// own per server, dropped on close). PostgreSQL suites are skipped, not passed, without
// SECAI_TEST_DATABASE_URL.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knex from 'knex';
import { pino } from 'pino';
import { suite, type Test } from 'uvu';
import { type Config, loadConfig } from '../config.js';
import { type RunningServer, startServer } from '../main.js';

export type DatabaseKind = 'sqlite' | 'postgresql';

export const TEST_ADMIN_PASSWORD = 'test-admin-password';
export const TEST_JWT_SECRET = 'test-jwt-secret-that-is-at-least-32-characters';
export const PG_URL = process.env.SECAI_TEST_DATABASE_URL;

export interface TestServer extends RunningServer {
  kind: DatabaseKind;
  config: Config;
  /** An access token of the first admin. */
  adminToken: string;
  call(
    method: string,
    path: string,
    options?: { token?: string | undefined; body?: unknown; headers?: Record<string, string> },
  ): Promise<ApiResponse>;
  login(username: string, password: string): Promise<{ access_token: string; refresh_token: string }>;
  /** Creates a user with the given roles and returns an access token for it. */
  userToken(username: string, roles: string[]): Promise<string>;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON and assert on it.
  body: any;
}

export async function startTestServer(kind: DatabaseKind, overrides: Record<string, unknown> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'secai-test-'));
  const schema = kind === 'postgresql' ? testSchema() : undefined;
  const config = loadConfig({
    env: {},
    flags: {
      port: 0,
      dataDir,
      databaseUrl: kind === 'postgresql' ? PG_URL : undefined,
      adminPassword: TEST_ADMIN_PASSWORD,
      jwtSecret: TEST_JWT_SECRET,
      logLevel: 'silent',
      loginMaxPerIp: 10_000,
      loginMaxFailuresPerAccount: 10_000,
      ...overrides,
    },
  });
  const running = await startServer(config, { logger: pino({ level: 'silent' }), ...(schema && { schema }) });

  const call: TestServer['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${running.url}${path}`, { method, headers, ...(body !== undefined && { body }) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body: parsed };
  };

  const login: TestServer['login'] = async (username, password) => {
    const res = await call('POST', '/v1/auth/login', { body: { username, password } });
    if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  const adminToken = (await login('admin', TEST_ADMIN_PASSWORD)).access_token;

  return {
    ...running,
    kind,
    config,
    adminToken,
    call,
    login,
    async userToken(username, roles) {
      const password = `${username}-password-1`;
      const res = await call('POST', '/v1/users', { token: adminToken, body: { username, password, roles } });
      if (res.status !== 201) throw new Error(`creating ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return (await login(username, password)).access_token;
    },
    async close() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (schema) await dropSchema(schema);
    },
  };
}

/** A PostgreSQL schema of a test's own, unique to the run. */
export const testSchema = (): string => `secai_test_${process.pid}_${randomBytes(4).toString('hex')}`;

/** Drops a test's PostgreSQL schema with everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  if (!PG_URL) return;
  const admin = knex({ client: 'pg', connection: PG_URL });
  try {
    await admin.raw('drop schema if exists ?? cascade', [schema]);
  } finally {
    await admin.destroy();
  }
}

export function databaseAvailable(kind: DatabaseKind): boolean {
  return kind === 'sqlite' || Boolean(PG_URL);
}

/**
 * Defines the same tests once per database, each suite against its own fresh server. Where a
 * database is unavailable its tests are registered as skipped, so the summary counts them.
 */
export function forEachDatabase(
  title: string,
  define: (test: Test, server: () => TestServer) => void,
  overrides?: Record<string, unknown>,
): void {
  for (const kind of ['sqlite', 'postgresql'] as const) {
    const s = suite(`${title} [${kind}]`);
    let server: TestServer | undefined;
    if (databaseAvailable(kind)) {
      s.before(async () => {
        server = await startTestServer(kind, overrides);
      });
      s.after(async () => {
        await server?.close();
      });
      define(s, () => server as TestServer);
    } else {
      const skipping = Object.assign((name: string) => s.skip(name), { skip: s.skip, only: s.skip, before: () => {}, after: () => {} });
      define(skipping as unknown as Test, () => {
        throw new Error('unavailable');
      });
    }
    s.run();
  }
}
