import type { z } from 'zod';

/**
 * A kind of background job: its payload's schema, its handler and how it is run. Handlers must be
 * idempotent: a job whose worker died, or whose Redis restarted mid-run, runs again.
 */
export interface JobDefinition<P = unknown> {
  /** Stable name, stored with each job: `scan-import`, `audit-retention`. */
  name: string;
  payload: z.ZodType<P>;
  handler(payload: P, ctx: JobContext): Promise<unknown>;
  /** The queue it runs on (`secai worker --queues`); `default` unless given. */
  queue?: string;
  /** An attempt that runs longer fails with a timeout (and is retried). */
  timeoutMs?: number;
  /** Retries after the first attempt; backoff doubles from `backoffMs` with jitter, capped. */
  retries?: number;
  backoffMs?: number;
  /** At most this many of this job run at once in one process. */
  concurrency?: number;
}

export interface JobContext {
  jobId: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** Aborts on timeout, on cancellation and when the process must stop: stop early, it is retried. */
  signal: AbortSignal;
  /** Reports progress; cheap to call often (it is coalesced). */
  progress(done: number, total?: number | null, message?: string | null): void;
}

/** Declares a job definition with its payload type inferred from the schema. */
export function defineJob<P>(definition: JobDefinition<P>): JobDefinition<P> {
  return definition;
}
