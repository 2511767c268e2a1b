import { randomUUID } from 'node:crypto';
import type { Db } from '../store/database.js';
import type { Lease, Lock } from './lock.js';

/**
 * Leases as rows of `locks` (name, holder, expires_at). Taking one is a single statement: insert
 * the row, or take it over if its lease has run out; the row count says who won. Correct across
 * processes on one PostgreSQL, and trivially within SQLite's one writer.
 */
export class DatabaseLock implements Lock {
  constructor(private readonly db: Db) {}

  async acquire(key: string, ttlMs: number): Promise<Lease | null> {
    const holder = randomUUID();
    const now = Date.now();
    const expires = new Date(now + ttlMs).toISOString();
    const result = await this.db.raw(
      `insert into locks (name, holder, expires_at) values (?, ?, ?)
       on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
       where locks.expires_at <= ?`,
      [key, holder, expires, new Date(now).toISOString()],
    );
    if (changedRows(result) !== 1) return null;
    return {
      key,
      extend: async (ms) =>
        (await this.db('locks')
          .where({ name: key, holder })
          .update({ expires_at: new Date(Date.now() + ms).toISOString() })) === 1,
      release: async () => {
        await this.db('locks').where({ name: key, holder }).delete();
      },
    };
  }

  async close(): Promise<void> {}
}

/** Rows an `insert … on conflict do update` changed: pg's rowCount, better-sqlite3's changes. */
function changedRows(result: unknown): number {
  const r = result as { rowCount?: number; changes?: number };
  return r.rowCount ?? r.changes ?? 0;
}
