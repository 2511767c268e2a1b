import type { Knex } from 'knex';
import type { Db } from './database.js';

/** A batch larger than this is split: one transaction should not hold the writer for long. */
const MAX_BATCH = 500;

/**
 * Group commit: small writes issued close together (job claims and outcomes, thousands a second
 * under load) run in one transaction instead of one each, so the database syncs once per batch.
 * Each write still gets its own result. If the batch's transaction fails, each write is tried
 * again alone, so one bad write fails only its own caller.
 */
export class GroupCommit {
  private batch: { fn: (trx: Knex.Transaction) => Promise<unknown>; resolve(v: unknown): void; reject(e: unknown): void }[] = [];
  private flushing = false;

  constructor(private readonly db: Db) {}

  run<T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.batch.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.batch.length > 0) {
      const items = this.batch.splice(0, MAX_BATCH);
      const results: unknown[] = [];
      try {
        await this.db.transaction(async (trx) => {
          for (const item of items) results.push(await item.fn(trx));
        });
        for (const [i, item] of items.entries()) item.resolve(results[i]);
      } catch {
        for (const item of items) {
          await this.db.transaction((trx) => item.fn(trx)).then(item.resolve, item.reject);
        }
      }
    }
    this.flushing = false;
  }
}
