import { z } from 'zod';
import { JOB_STATES } from '../constants/job.js';
import { Id, listParam, PageQuery, Timestamp } from './common.js';

export { CANCELLABLE_JOB_STATES, FINISHED_JOB_STATES, JOB_STATES, RETRYABLE_JOB_STATES } from '../constants/job.js';

export const JobState = z.enum(JOB_STATES);
export type JobState = z.infer<typeof JobState>;

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
