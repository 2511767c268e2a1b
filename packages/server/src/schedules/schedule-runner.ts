import type { Job } from '@secai/core';
import type { JobsService } from '../jobs/jobs-service.js';
import type { RequestContext } from '../services/context.js';

/**
 * Starts one run of schedule `name` for `tick` (ISO-8601) and answers with its job. Scheduled
 * ticks come with the server's own context, runs started by hand with the caller's. The server
 * enqueues a job of the schedule's name with payload `{ tick }` and dedupe key `<name>@<tick>`, so
 * a tick that somehow got started twice is still one job.
 */
export type ScheduleRunner = (ctx: RequestContext, name: string, tick: string) => Promise<Job>;

/** The dedupe key of a schedule's run: one job per schedule and tick. */
export const scheduleRunKey = (name: string, tick: string): string => `${name}@${tick}`;

/** The runner of every server: a job of the schedule's name, once per tick. */
export function enqueueScheduleRun(jobs: Pick<JobsService, 'enqueue'>): ScheduleRunner {
  return (ctx, name, tick) => jobs.enqueue(ctx, name, { tick }, { dedupeKey: scheduleRunKey(name, tick) });
}
