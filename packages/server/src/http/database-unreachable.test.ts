import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceUnavailableError, ValidationError } from '@secai/core';
import Database from 'better-sqlite3';
import knex from 'knex';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PG_URL } from '../_test/harness.js';
import { isDatabaseUnreachable } from './database-unreachable.js';
import { knownError } from './problem.js';

const dir = mkdtempSync(join(tmpdir(), 'secai-unreachable-'));
/** knex warns on every failed connection attempt; here they are the point. */
const quiet = { warn() {}, error() {}, debug() {}, deprecate() {} };

/** What a rejected promise rejected with: the real error a driver throws, not a hand-made one. */
async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('a refused PostgreSQL connection is an outage', async () => {
  const db = knex({ client: 'pg', connection: `postgres://secai@127.0.0.1:${await closedPort()}/secai`, log: quiet });
  const err = await failure(() => db.raw('select 1'));
  await db.destroy();
  assert.ok(isDatabaseUnreachable(err), String(err));
});

test('a PostgreSQL server that drops the connection is an outage ("Connection terminated")', async () => {
  // Accepts and hangs up at once, as a PostgreSQL that is going down does.
  const dropper = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => dropper.listen(0, '127.0.0.1', resolve));
  const db = knex({
    client: 'pg',
    connection: `postgres://secai@127.0.0.1:${(dropper.address() as { port: number }).port}/secai`,
    log: quiet,
  });
  const err = await failure(() => db.raw('select 1'));
  await db.destroy();
  dropper.close();
  assert.ok(isDatabaseUnreachable(err), String(err));
});

test('a pool that finds no free connection in time is an outage (KnexTimeoutError)', async () => {
  const db = knex({
    client: 'better-sqlite3',
    connection: { filename: join(dir, 'pool.db') },
    useNullAsDefault: true,
    pool: { min: 1, max: 1 },
    acquireConnectionTimeout: 100,
    log: quiet,
  });
  let release: () => void = () => {};
  const held = db.transaction(() => new Promise<void>((resolve) => (release = resolve)));
  const err = await failure(() => db.raw('select 1'));
  release();
  await held;
  await db.destroy();
  assert.is((err as Error).name, 'KnexTimeoutError');
  assert.ok(isDatabaseUnreachable(err));
});

test('an SQLite file locked by another writer past busy_timeout is an outage (SQLITE_BUSY)', () => {
  const file = join(dir, 'busy.db');
  const holder = new Database(file);
  holder.pragma('journal_mode = WAL');
  holder.exec('create table t (x)');
  holder.exec('begin immediate');
  const other = new Database(file);
  other.pragma('busy_timeout = 0');
  let err: unknown;
  try {
    other.exec('insert into t values (1)');
  } catch (e) {
    err = e;
  }
  holder.exec('rollback');
  holder.close();
  other.close();
  assert.is((err as { code?: string }).code, 'SQLITE_BUSY');
  assert.ok(isDatabaseUnreachable(err));
});

test('an SQLite file that cannot be opened is an outage (SQLITE_CANTOPEN)', () => {
  let err: unknown;
  try {
    new Database(join(dir, 'missing.db'), { readonly: true });
  } catch (e) {
    err = e;
  }
  assert.is((err as { code?: string }).code, 'SQLITE_CANTOPEN');
  assert.ok(isDatabaseUnreachable(err));
});

// Needs a PostgreSQL to end our own backend on: skipped, not passed, without one.
(PG_URL ? test : test.skip)('a PostgreSQL administrator shutdown of the connection is an outage (57P01)', async () => {
  const db = knex({ client: 'pg', connection: PG_URL, pool: { min: 0, max: 1 }, log: quiet });
  const err = await failure(() => db.raw('select pg_terminate_backend(pg_backend_pid())'));
  await db.destroy();
  assert.is((err as { code?: string }).code, '57P01');
  assert.ok(isDatabaseUnreachable(err));
});

test('wrapped driver errors are found through cause, nativeError and AggregateError', async () => {
  const db = knex({ client: 'pg', connection: `postgres://secai@127.0.0.1:${await closedPort()}/secai`, log: quiet });
  const refused = await failure(() => db.raw('select 1'));
  await db.destroy();
  assert.ok(isDatabaseUnreachable(new Error('wrapped', { cause: refused })));
  assert.ok(isDatabaseUnreachable(Object.assign(new Error('objection DBError'), { nativeError: refused })));
  assert.ok(isDatabaseUnreachable(new AggregateError([new Error('other'), refused])));
});

test('errors of the request, the data or the code are not an outage', async () => {
  const db = knex({ client: 'better-sqlite3', connection: { filename: join(dir, 'errors.db') }, useNullAsDefault: true });
  await db.raw('create table u (x unique)');
  await db.raw('insert into u values (1)');
  const unique = await failure(() => db.raw('insert into u values (1)'));
  const syntax = await failure(() => db.raw('selec 1'));
  await db.destroy();
  for (const err of [unique, syntax, new TypeError('x is undefined'), new ValidationError('bad'), null, 'text', { code: 42 }]) {
    assert.not.ok(isDatabaseUnreachable(err), String(err));
  }
});

test('an outage becomes a 503 SERVICE_UNAVAILABLE with a Retry-After; other unknown errors stay unknown', async () => {
  const db = knex({ client: 'pg', connection: `postgres://secai@127.0.0.1:${await closedPort()}/secai`, log: quiet });
  const refused = await failure(() => db.raw('select 1'));
  await db.destroy();
  const known = knownError(refused);
  assert.instance(known, ServiceUnavailableError);
  assert.is(known?.code, 'SERVICE_UNAVAILABLE');
  assert.is(known?.status, 503);
  assert.ok((known as ServiceUnavailableError).retryAfterSeconds > 0);
  assert.is(knownError(new TypeError('bug')), null);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
