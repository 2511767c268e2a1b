import { z } from 'zod';
import type { Config } from '../config.js';
import { defineJob, type JobContext, type JobDefinition } from '../jobs/definition.js';
import type { Services } from '../services/index.js';
import type { BuiltInScheduleId } from './built-in.js';
import { deleteOldAuditEvents } from './tasks/audit-retention.js';
import { reloadChangedFeeds } from './tasks/feeds-reload.js';
import { type JobPruner, pruneFinishedJobs } from './tasks/job-retention.js';
import { dropOldLogPartitions } from './tasks/log-retention.js';
import { reopenExpiredRiskAcceptances } from './tasks/risk-acceptance-expiry.js';
import { takeTrendSnapshot } from './tasks/trend-snapshot.js';

/** Every schedule run's payload: the tick it is for (a run by hand: when it was asked for). */
export const ScheduledRunPayload = z.object({ tick: z.iso.datetime({ offset: true }) });
export type ScheduledRunPayload = z.infer<typeof ScheduledRunPayload>;

export interface ScheduledJobsDeps {
  services: Pick<Services, 'deps' | 'enrichment' | 'logs'>;
  config: Pick<Config, 'auditRetentionDays' | 'jobRetentionDays' | 'kevFile' | 'epssFile' | 'logRetentionDays' | 'logRetentionMb'>;
  /** The job engine's pruning (`services.jobs`). */
  jobs: JobPruner;
}

/** Retries of a scheduled run: the tasks are idempotent, and a failure is usually the database. */
const RETRIES = 2;
/** Long enough for a retention pass over millions of rows in batches. */
const TIMEOUT_MS = 30 * 60 * 1000;

/**
 * The job definitions of the built-in schedules, one per schedule and of the same name, for
 * `services.jobs.register`. Each runs its task for the tick and writes the schedule's
 * `last_outcome` (and `last_error`) as it ends.
 */
export function scheduledJobs({ services, config, jobs }: ScheduledJobsDeps): JobDefinition<ScheduledRunPayload>[] {
  const { deps } = services;
  const tasks: Record<BuiltInScheduleId, (tick: Date, ctx: JobContext) => Promise<unknown>> = {
    'audit-retention': (_tick, ctx) => deleteOldAuditEvents(deps, config.auditRetentionDays, new Date(), ctx),
    'risk-acceptance-expiry': (_tick, ctx) => reopenExpiredRiskAcceptances(deps, new Date(), ctx),
    'feeds-reload': () => reloadChangedFeeds({ db: deps.db, settings: deps.repos.settings, enrichment: services.enrichment }, config),
    'trend-snapshot': (tick) => takeTrendSnapshot(deps, tick.toISOString().slice(0, 10), new Date()),
    'job-retention': () => pruneFinishedJobs(jobs, config.jobRetentionDays, new Date()),
    'log-retention': () =>
      dropOldLogPartitions(
        services.logs.store,
        { days: config.logRetentionDays, maxBytes: config.logRetentionMb === undefined ? undefined : config.logRetentionMb * 1024 * 1024 },
        new Date(),
      ),
  };
  return Object.entries(tasks).map(([name, task]) =>
    defineJob({
      name,
      payload: ScheduledRunPayload,
      retries: RETRIES,
      timeoutMs: TIMEOUT_MS,
      concurrency: 1,
      handler: async ({ tick }, ctx) => {
        const schedules = deps.repos.schedules;
        try {
          const result = await task(new Date(tick), ctx);
          await schedules.recordOutcome(deps.db, name, 'succeeded', null);
          return result;
        } catch (err) {
          await schedules.recordOutcome(deps.db, name, 'failed', err instanceof Error ? err.message : String(err)).catch(() => {});
          throw err;
        }
      },
    }),
  );
}
