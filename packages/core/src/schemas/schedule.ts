import { z } from 'zod';
import { Id, Timestamp } from './common.js';

/**
 * A recurring task of the server (audit retention, risk-acceptance expiry, feed reloads, the daily
 * snapshot): a cron expression in a time zone, run once per tick across all instances.
 */
export const Schedule = z
  .object({
    id: Id,
    /** What it does, e.g. `audit-retention`. */
    name: z.string(),
    description: z.string(),
    /** Five or six fields (seconds first when six), e.g. `0 3 * * *`. */
    cron: z.string(),
    /** IANA time zone the cron is read in, e.g. `Europe/Amsterdam`. */
    timezone: z.string(),
    enabled: z.boolean(),
    last_run_at: Timestamp.nullable(),
    /** The job of the last run, when the task runs as a job. */
    last_job_id: Id.nullable(),
    last_outcome: z.enum(['succeeded', 'failed', 'running']).nullable(),
    last_error: z.string().nullable(),
    /** The next tick; null while disabled. */
    next_run_at: Timestamp.nullable(),
    updated_at: Timestamp,
  })
  .meta({ id: 'Schedule' });
export type Schedule = z.infer<typeof Schedule>;

export const ScheduleUpdate = z
  .object({
    enabled: z.boolean().optional(),
    cron: z.string().min(1).max(120).optional(),
    timezone: z.string().min(1).max(64).optional(),
  })
  .strict()
  .meta({ id: 'ScheduleUpdate' });
export type ScheduleUpdate = z.infer<typeof ScheduleUpdate>;
