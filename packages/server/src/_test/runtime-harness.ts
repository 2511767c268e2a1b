// Test support for the job engine: a runtime (no HTTP) on SQLite, PostgreSQL (a schema of its own)
// or with Redis (a key prefix of its own), cleaned up on stop. Suites whose engine is unavailable
// are registered as skipped.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../config.js';
import { createRuntime, type Runtime } from '../runtime/runtime.js';
import { dropSchema, PG_URL } from './harness.js';
import { dropPrefix, REDIS_URL } from './redis.js';

export { REDIS_URL };

/** Where jobs are kept and how they travel: the database queue on SQLite or PostgreSQL, or bee-queue on Redis (over SQLite). */
export type EngineKind = 'sqlite' | 'postgresql' | 'redis';
export const ENGINE_KINDS: readonly EngineKind[] = ['sqlite', 'postgresql', 'redis'];

export function engineAvailable(kind: EngineKind): boolean {
  return kind === 'sqlite' || (kind === 'postgresql' ? Boolean(PG_URL) : Boolean(REDIS_URL));
}

export interface TestRuntimeOptions {
  /** Shares the data of another test runtime (a second process of one deployment). */
  share?: TestStore;
  redisUrl?: string;
  config?: Record<string, unknown>;
}

/** The data a test runtime lives on: a data dir, maybe a PG schema and a Redis prefix. */
export interface TestStore {
  kind: EngineKind;
  dataDir: string;
  schema: string | undefined;
  redisUrl: string | undefined;
  redisPrefix: string;
  /** Removes the data dir, drops the schema, deletes the Redis keys. */
  drop(): Promise<void>;
}

export function createTestStore(kind: EngineKind, redisUrl = REDIS_URL): TestStore {
  const unique = `${process.pid}_${randomBytes(4).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'secai-jobs-'));
  const schema = kind === 'postgresql' ? `secai_test_${unique}` : undefined;
  const redisPrefix = `secai-test-${unique}:`;
  return {
    kind,
    dataDir,
    schema,
    redisUrl: kind === 'redis' ? redisUrl : undefined,
    redisPrefix,
    async drop() {
      rmSync(dataDir, { recursive: true, force: true });
      if (schema) await dropSchema(schema);
      if (kind === 'redis' && redisUrl) await dropPrefix(redisUrl, redisPrefix);
    },
  };
}

export async function createTestRuntime(store: TestStore, config: Record<string, unknown> = {}): Promise<Runtime> {
  const cfg = loadConfig({
    env: {},
    flags: {
      port: 0,
      dataDir: store.dataDir,
      databaseUrl: store.kind === 'postgresql' ? PG_URL : undefined,
      redisUrl: store.redisUrl,
      redisPrefix: store.redisPrefix,
      jwtSecret: 'test-jwt-secret-that-is-at-least-32-characters',
      logLevel: 'silent',
      shutdownTimeoutSeconds: 5,
      ...config,
    },
  });
  return createRuntime(cfg, { logger: pino({ level: 'silent' }), ...(store.schema && { schema: store.schema }) });
}

/** Polls `check` every 20 ms until it is truthy or `ms` pass (then throws with `what`). */
export async function waitFor<T>(check: () => Promise<T> | T, what: string, ms = 10_000): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
