import type { Db } from '../store/database.js';
import { JobsRepository } from '../store/repositories/jobs-repository.js';
import type { ConsumeOptions, Consumer, Delivery, JobRef, Queue } from './queue.js';

/**
 * How often an idle worker looks for due jobs. Jobs pushed in this process wake it at once; this
 * bounds the wait for jobs pushed by another process (several `secai serve` on one PostgreSQL)
 * and for retries whose backoff ends.
 */
const POLL_MS = 250;

/**
 * The embedded transport: the `jobs` table is the queue. Workers claim due `queued` rows with a
 * lease (`for update skip locked` on PostgreSQL, so processes share the table); a row whose holder
 * died is taken over when its lease runs out (JobsRepository.recoverExpired); a restart finds the
 * pending rows where it left them.
 */
export class DatabaseQueue implements Queue {
  readonly kind = 'database' as const;
  /** A process killed mid-job holds its rows this long; renewed every third of it while alive. */
  readonly leaseMs = 10_000;
  private readonly repo = new JobsRepository();
  private readonly wakers = new Set<() => void>();

  constructor(private readonly db: Db) {}

  async push(_jobs: readonly JobRef[]): Promise<void> {
    for (const wake of this.wakers) wake();
  }

  async consume(options: ConsumeOptions, work: (delivery: Delivery) => Promise<void>): Promise<Consumer> {
    let stopped = false;
    let inFlight = 0;
    let timer: NodeJS.Timeout | undefined;
    let polling = false;
    let again = false;

    const poll = async (): Promise<void> => {
      if (stopped) return;
      if (polling) {
        again = true;
        return;
      }
      polling = true;
      clearTimeout(timer);
      try {
        do {
          again = false;
          const free = options.concurrency - inFlight;
          if (free <= 0 || stopped) break;
          const now = Date.now();
          const rows = await this.repo.claimDue(this.db, options.queues, free, {
            worker: options.worker,
            until: new Date(now + this.leaseMs).toISOString(),
            now: new Date(now).toISOString(),
          });
          for (const row of rows) {
            inFlight++;
            work({ id: row.id, claimed: row }).finally(() => {
              inFlight--;
              void poll();
            });
          }
          if (rows.length === free) again = true;
        } while (again && !stopped);
      } catch {
        // The database is away for a moment: the next poll tries again.
      } finally {
        polling = false;
        if (!stopped) timer = setTimeout(() => void poll(), POLL_MS);
      }
    };

    const wake = () => void poll();
    this.wakers.add(wake);
    void poll();
    return {
      stop: async () => {
        stopped = true;
        clearTimeout(timer);
        this.wakers.delete(wake);
      },
    };
  }

  onReconnect(_listener: () => void): void {}

  async close(): Promise<void> {
    this.wakers.clear();
  }
}
