import { type Job, NotFoundError, type Schedule, type ScheduleUpdate } from '@secai/core';
import { nowIso } from '../_lib/time.js';
import type { PubSub } from '../pubsub/pubsub.js';
import { BUILT_IN_SCHEDULES, describeSchedule } from '../schedules/built-in.js';
import { assertCron, cronClock } from '../schedules/cron.js';
import type { ScheduleRunner } from '../schedules/schedule-runner.js';
import { inTransaction } from '../store/database.js';
import type { ScheduleRow, SchedulesRepository } from '../store/repositories/index.js';
import type { RequestContext, ServiceDeps } from './context.js';

/** Where a change to a schedule is announced, so every instance's scheduler re-reads at once. */
export const SCHEDULES_CHANGED = 'schedules.changed';

export interface SchedulesServiceOptions {
  /** Starts a run: a job of the schedule's name (createServices passes `enqueueScheduleRun`). */
  run: ScheduleRunner;
  pubsub?: PubSub;
}

/** The server's recurring tasks: their settings, their last run, and a run by hand. */
export class SchedulesService {
  private readonly repo: SchedulesRepository;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly options: SchedulesServiceOptions,
  ) {
    this.repo = deps.repos.schedules;
  }

  /** Inserts the built-in schedules that are missing; schedules that exist are left as they are. */
  async seed(): Promise<void> {
    await this.repo.insertMissing(
      this.deps.db,
      BUILT_IN_SCHEDULES.map((s) => ({ id: s.id, cron: s.cron, timezone: s.timezone, enabled: true })),
      nowIso(),
    );
  }

  async list(): Promise<Schedule[]> {
    const now = new Date();
    return (await this.repo.list(this.deps.db)).map((row) => toSchedule(row, now));
  }

  async get(id: string): Promise<Schedule> {
    return toSchedule(await this.find(id), new Date());
  }

  /**
   * Enables or disables a schedule or changes its cron or time zone (checked together: a bad one
   * is 400 CRON_INVALID). A changed schedule counts its ticks from the change: ticks it missed
   * before are not caught up.
   */
  async update(ctx: RequestContext, id: string, input: ScheduleUpdate): Promise<Schedule> {
    const { db, audit } = this.deps;
    const updated = await inTransaction(db, async (trx) => {
      const current = await this.repo.lockById(trx, id);
      if (!current) throw scheduleNotFound(id);
      const next = { cron: input.cron ?? current.cron, timezone: input.timezone ?? current.timezone };
      if (input.cron !== undefined || input.timezone !== undefined) assertCron(next.cron, next.timezone);
      const changed = (Object.keys(input) as (keyof ScheduleUpdate)[]).filter((k) => input[k] !== undefined && input[k] !== current[k]);
      if (changed.length === 0) return current;
      await this.repo.updateSettings(trx, id, input, nowIso());
      await audit.record(
        ctx,
        {
          action: 'schedule.update',
          targetType: 'schedule',
          targetId: id,
          details: {
            changed,
            from: Object.fromEntries(changed.map((k) => [k, current[k]])),
            to: Object.fromEntries(changed.map((k) => [k, input[k]])),
          },
        },
        trx,
      );
      return (await this.repo.findById(trx, id)) as ScheduleRow;
    });
    await this.announce(id);
    return toSchedule(updated, new Date());
  }

  /**
   * Runs a schedule now, whether enabled or not, as a job started by the caller; the job is the
   * answer. The cron's own ticks go on as before.
   */
  async runNow(ctx: RequestContext, id: string): Promise<Job> {
    const { db, audit } = this.deps;
    await this.find(id);
    const { run } = this.options;
    const tick = nowIso();
    await this.repo.recordManualStart(db, id, tick);
    let job: Job;
    try {
      job = await run(ctx, id, tick);
    } catch (err) {
      await this.repo.recordOutcome(db, id, 'failed', err instanceof Error ? err.message : String(err));
      throw err;
    }
    await this.repo.recordJob(db, id, job.id);
    await audit.record(ctx, { action: 'schedule.run', targetType: 'schedule', targetId: id, details: { job_id: job.id, tick } });
    return job;
  }

  private async find(id: string): Promise<ScheduleRow> {
    const row = await this.repo.findById(this.deps.db, id);
    if (!row) throw scheduleNotFound(id);
    return row;
  }

  private async announce(id: string): Promise<void> {
    // At most once and best effort (pubsub.ts): schedulers also re-read the table every minute.
    await this.options.pubsub?.publish(SCHEDULES_CHANGED, { id }).catch(() => {});
  }
}

function toSchedule(row: ScheduleRow, now: Date): Schedule {
  return {
    id: row.id,
    name: row.id,
    description: describeSchedule(row.id),
    cron: row.cron,
    timezone: row.timezone,
    enabled: row.enabled,
    last_run_at: row.last_run_at,
    last_job_id: row.last_job_id,
    last_outcome: row.last_outcome,
    last_error: row.last_error,
    next_run_at: row.enabled ? nextRunAt(row, now) : null,
    updated_at: row.updated_at,
  };
}

/** The next tick; null for a row whose cron no longer reads (written before a croner upgrade). */
function nextRunAt(row: ScheduleRow, now: Date): string | null {
  try {
    return cronClock(row.cron, row.timezone).next(now)?.toISOString() ?? null;
  } catch {
    return null;
  }
}

const scheduleNotFound = (id: string) =>
  new NotFoundError('SCHEDULE_NOT_FOUND', `No schedule is called ${id}; GET /v1/schedules lists them`, { id });
