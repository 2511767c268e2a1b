import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import knex, { type Knex } from 'knex';
import { migrationSource } from './migrations/index.js';

export type Db = Knex;
export type DbOrTrx = Knex | Knex.Transaction;

export interface DatabaseOptions {
  /** `postgres://…` selects PostgreSQL; otherwise `filename` is the SQLite file (or `:memory:`). */
  databaseUrl?: string | undefined;
  filename?: string;
  /** PostgreSQL schema to use (created if missing); tests use one per run. */
  schema?: string | undefined;
}

/** pg hands back Date objects for timestamps; the API speaks ISO strings, as SQLite stores them. */
const TIMESTAMPTZ_OID = 1184;
const TIMESTAMP_OID = 1114;
const INT8_OID = 20;

async function pgTypes() {
  const pg = (await import('pg')).default;
  return {
    getTypeParser(oid: number, format?: string) {
      if (oid === TIMESTAMPTZ_OID || oid === TIMESTAMP_OID) {
        return (v: string) => new Date(oid === TIMESTAMP_OID ? `${v}Z` : v).toISOString();
      }
      // count(*) is int8; our counts fit in a double.
      if (oid === INT8_OID) return (v: string) => Number(v);
      return pg.types.getTypeParser(oid, format as 'text');
    },
  };
}

export { isPostgres } from './dialect.js';

/** Opens the database and runs pending migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<Db> {
  const db = options.databaseUrl?.startsWith('postgres')
    ? await openPostgres(options.databaseUrl, options.schema)
    : openSqlite(options.filename ?? ':memory:');
  await db.migrate.latest({ migrationSource });
  return db;
}

async function openPostgres(url: string, schema: string | undefined): Promise<Db> {
  if (schema) {
    const admin = knex({ client: 'pg', connection: url });
    await admin.raw('create schema if not exists ??', [schema]);
    await admin.destroy();
  }
  return knex({
    client: 'pg',
    connection: { connectionString: url, types: await pgTypes() },
    ...(schema && { searchPath: [schema] }),
    pool: { min: 0, max: 10 },
  });
}

interface SqliteConnection {
  pragma(s: string): unknown;
  prepare(sql: string): unknown;
}

/**
 * knex prepares every statement anew; on a 100-row list that was a fifth of the request. Keep the
 * recent ones (better-sqlite3 statements are reusable, and SQLite re-prepares them itself after a
 * schema change). Long statements (bulk inserts) are not worth keeping.
 */
function cacheStatements(conn: SqliteConnection, max = 256): void {
  const prepare = conn.prepare.bind(conn);
  const cache = new Map<string, unknown>();
  conn.prepare = (sql: string) => {
    if (sql.length > 2048) return prepare(sql);
    let statement = cache.get(sql);
    if (statement === undefined) {
      statement = prepare(sql);
      if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      cache.set(sql, statement);
    }
    return statement;
  };
}

function openSqlite(filename: string): Db {
  if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true, mode: 0o700 });
  return knex({
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    // One connection: better-sqlite3 is synchronous, so a pool only adds lock contention.
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) {
        cacheStatements(conn);
        conn.pragma('journal_mode = WAL');
        conn.pragma('synchronous = NORMAL');
        conn.pragma('foreign_keys = ON');
        conn.pragma('busy_timeout = 5000');
        done(null, conn);
      },
    },
  });
}

/** Runs `fn` in a transaction, or inside the caller's one. */
export function inTransaction<T>(db: DbOrTrx, fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db as Knex.Transaction) : (db as Knex).transaction(fn);
}
