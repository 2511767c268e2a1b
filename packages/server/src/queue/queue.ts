import type { JobRow } from '../store/models/job.js';

/**
 * The transport of background jobs. Job records always live in the `jobs` table; a transport only
 * decides how a worker learns that a job is due: the database queue polls the table itself
 * (embedded default), bee-queue carries job ids on Redis (`REDIS_URL`). Either way a worker claims
 * the row before running it, so a job delivered twice runs once unless its holder died.
 */
export interface Queue {
  readonly kind: 'database' | 'bee-queue';
  /**
   * How long a worker's claim on a row holds without renewal: a row held longer by a dead worker
   * is taken over. bee-queue's is its stall interval, so a job it hands out again after a worker
   * died can be claimed at once.
   */
  readonly leaseMs: number;
  /** Tells the transport these jobs (already `queued` in the table) are due at their `run_at`. */
  push(jobs: readonly JobRef[]): Promise<void>;
  /** Delivers due jobs of `queues` to `work`, at most `concurrency` at once, until stopped. */
  consume(options: ConsumeOptions, work: (delivery: Delivery) => Promise<void>): Promise<Consumer>;
  /**
   * Called after the transport lost its store and got it back (Redis restarted): the jobs it held
   * may be gone, and the caller hands it the queued ones again (`push` of a job it still holds is a
   * no-op). The database queue never calls it.
   */
  onReconnect(listener: () => void): void;
  close(): Promise<void>;
}

export interface JobRef {
  id: string;
  queue: string;
  /** ISO time; the transport delivers it no earlier. */
  run_at: string;
}

export interface ConsumeOptions {
  queues: readonly string[];
  concurrency: number;
  /** The worker's name, stored in the rows it holds. */
  worker: string;
}

/** A job handed to a worker: claimed already (the database queue claims in batches), or only its id. */
export type Delivery = { id: string; claimed: JobRow } | { id: string; claimed: null };

export interface Consumer {
  /** Takes no new jobs; those being worked go on (the caller waits for them). */
  stop(): Promise<void>;
}
