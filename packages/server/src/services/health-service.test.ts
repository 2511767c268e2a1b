import { ServiceUnavailableError } from '@secai/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ServiceDeps } from './context.js';
import { HealthService } from './health-service.js';

/** A database that never answers: a host that drops packets instead of refusing them. */
const silent = { raw: () => new Promise(() => {}), client: { config: { client: 'pg' } } };

test('readiness gives up on a database that never answers, within seconds, with a Retry-After', async () => {
  const health = new HealthService({ db: silent } as unknown as ServiceDeps);
  const started = Date.now();
  try {
    await health.readiness();
    assert.unreachable();
  } catch (err) {
    assert.instance(err, ServiceUnavailableError);
    assert.is((err as ServiceUnavailableError).code, 'NOT_READY');
    assert.is((err as ServiceUnavailableError).status, 503);
    assert.ok((err as ServiceUnavailableError).retryAfterSeconds > 0);
  }
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 1900 && elapsed < 4000, `took ${elapsed} ms`);
});

test('readiness names the database that answers', async () => {
  const answering = { raw: async () => [{ '?column?': 1 }], client: { config: { client: 'better-sqlite3' } } };
  const health = new HealthService({ db: answering } as unknown as ServiceDeps);
  assert.equal(await health.readiness(), { status: 'ready', database: 'sqlite', adapters: 'embedded' });
});

test('with Redis configured, readiness needs Redis to answer too', async () => {
  const answering = { raw: async () => [{ '?column?': 1 }], client: { config: { client: 'pg' } } };
  const deps = { db: answering } as unknown as ServiceDeps;
  assert.equal(await new HealthService(deps, { ping: async () => 'PONG' }).readiness(), {
    status: 'ready',
    database: 'postgresql',
    adapters: 'redis',
  });
  try {
    await new HealthService(deps, { ping: () => new Promise<never>(() => {}) }).readiness();
    assert.unreachable();
  } catch (err) {
    assert.instance(err, ServiceUnavailableError);
    assert.match((err as ServiceUnavailableError).message, /Redis does not answer/);
  }
});

test.run();
