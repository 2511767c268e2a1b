/**
 * A background job's life: `queued` (waiting, or waiting out a retry's backoff until `run_at`),
 * `running`, then `succeeded`, `failed` (the dead-letter state: its last attempt failed, the
 * error is kept, `retry` queues it again) or `cancelled`.
 */
export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;

/** States a job never leaves by itself; only these are pruned after the retention period. */
export const FINISHED_JOB_STATES = ['succeeded', 'failed', 'cancelled'] as const satisfies readonly (typeof JOB_STATES)[number][];
/** A job in one of these can be cancelled. */
export const CANCELLABLE_JOB_STATES = ['queued', 'running'] as const satisfies readonly (typeof JOB_STATES)[number][];
/** A job in one of these can be retried (queued again from its first attempt). */
export const RETRYABLE_JOB_STATES = ['failed', 'cancelled'] as const satisfies readonly (typeof JOB_STATES)[number][];
