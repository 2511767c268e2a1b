import { z } from 'zod';
import { Id, listParam, PageQuery, Timestamp } from './common.js';

/**
 * A background job's life: `queued` (waiting, or waiting out a retry's backoff until `run_at`),
 * `running`, then `succeeded`, `failed` (the dead-letter state: its last attempt failed, the
 * error is kept, `retry` queues it again) or `cancelled`.
 */
export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const JobState = z.enum(JOB_STATES);
export type JobState = z.infer<typeof JobState>;

/** States a job never leaves by itself; only these are pruned after the retention period. */
export const FINISHED_JOB_STATES = ['succeeded', 'failed', 'cancelled'] as const satisfies readonly JobState[];
/** A job in one of these can be cancelled; in one of FINISHED_JOB_STATES but `succeeded`, retried. */
export const CANCELLABLE_JOB_STATES = ['queued', 'running'] as const satisfies readonly JobState[];
export const RETRYABLE_JOB_STATES = ['failed', 'cancelled'] as const satisfies readonly JobState[];

export const JobProgress = z
  .object({
    done: z.number().int().min(0),
    total: z.number().int().min(0).nullable(),
    message: z.string().max(500).nullable(),
  })
  .meta({ id: 'JobProgress' });
export type JobProgress = z.infer<typeof JobProgress>;

export const Job = z
  .object({
    id: Id,
    /** The job definition, e.g. `scan-import`. */
    name: z.string(),
    /** The queue it runs on; `secai worker --queues` picks queues. */
    queue: z.string(),
    state: JobState,
    progress: JobProgress.nullable(),
    /** Attempts started so far, and how many it may take in all. */
    attempts: z.number().int(),
    max_attempts: z.number().int(),
    /** The last attempt's error: a message and, for a known error, its code. */
    error: z.object({ message: z.string(), code: z.string().nullable() }).nullable(),
    /** What the handler returned (small JSON), once it succeeded. */
    result: z.unknown().nullable(),
    /** The user who started it; null for the server's own (schedules). */
    created_by: Id.nullable(),
    created_at: Timestamp,
    /** When it may run next (a retry waits out its backoff). */
    run_at: Timestamp,
    started_at: Timestamp.nullable(),
    finished_at: Timestamp.nullable(),
  })
  .meta({ id: 'Job' });
export type Job = z.infer<typeof Job>;

export const JobListQuery = PageQuery.extend({
  state: listParam(JobState),
  name: z.string().max(64).optional(),
  /** Jobs created at or after this time. */
  since: Timestamp.optional(),
});
export type JobListQuery = z.infer<typeof JobListQuery>;
