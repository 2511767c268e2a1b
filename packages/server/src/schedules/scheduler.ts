import type { Logger } from 'pino';
import type { Lock } from '../lock/lock.js';
import type { PubSub, Subscription } from '../pubsub/pubsub.js';
import { aborted, type Component } from '../runtime/component.js';
import type { Runtime } from '../runtime/runtime.js';
import { systemContext } from '../services/context.js';
import { SCHEDULES_CHANGED } from '../services/schedules-service.js';
import type { Db } from '../store/database.js';
import type { ScheduleRow, SchedulesRepository } from '../store/repositories/index.js';
import { type CronClock, cronClock } from './cron.js';
import type { ScheduleRunner } from './schedule-runner.js';

/**
 * How long a claim may hold a schedule's lease: the claim is one UPDATE and the start one enqueue,
 * so a minute is ample, and a process that died holding it blocks the schedule no longer than that.
 */
const LEASE_MS = 60_000;
/** A lease held by another instance is asked for again this soon (it is released in milliseconds). */
const LEASE_RETRY_MS = 250;
/**
 * The longest the scheduler sleeps: it re-reads the table at least this often, so a change made
 * on an instance whose announcement did not reach this one (no Redis) applies within a minute.
 */
const REREAD_MS = 60_000;

export interface SchedulerOptions {
  db: Db;
  repo: SchedulesRepository;
  lock: Lock;
  run: ScheduleRunner;
  logger: Logger;
  /** Hears changes made on any instance (`SchedulesService.update`). */
  pubsub?: PubSub;
  /** The clock ticks are computed from (tests move it); timers still use real time. */
  now?: () => Date;
}

/**
 * Runs every enabled schedule at its cron's ticks, each tick exactly once across all instances:
 * an instance that sees a tick due takes the schedule's lease (`Lock`), then claims the tick in
 * the database (`last_tick` moves forward only if no one ran it yet), then starts the run (a
 * job). The lease keeps instances from racing the claim; the conditional update alone decides,
 * so a lease that expired mid-claim cannot produce a second run.
 *
 * Missed runs: a schedule's ticks count from its last run tick (or from its last change, if
 * later). When every instance was down over one or more ticks, the first instance up runs the
 * latest missed tick once, at start, and none of the earlier ones.
 *
 * One timer, for the earliest due tick (at most a minute away, see REREAD_MS), unref'd so it never
 * keeps a process alive. On stop the timer is cleared and a claim in progress is waited for.
 */
export class Scheduler implements Component {
  readonly name = 'scheduler';
  private readonly now: () => Date;
  private timer: NodeJS.Timeout | null = null;
  /** When the armed timer fires (real time, ms). */
  private timerAt = 0;
  private subscription: Subscription | null = null;
  private stopped = true;
  /** Schedules with a claim in progress in this process (never two for one schedule). */
  private readonly claiming = new Map<string, Promise<void>>();
  /** Schedules whose lease was busy: when to ask again. */
  private readonly retryAt = new Map<string, number>();
  /** The pass in progress; a wake-up meanwhile waits for it and runs another. */
  private pass: Promise<void> | null = null;

  constructor(private readonly options: SchedulerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async start(): Promise<void> {
    this.stopped = false;
    if (this.options.pubsub) this.subscription = await this.options.pubsub.subscribe(SCHEDULES_CHANGED, () => this.wake());
    this.wake();
  }

  async stop(deadline: AbortSignal): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.subscription?.unsubscribe().catch(() => {});
    this.subscription = null;
    const inFlight = Promise.allSettled([this.pass, ...this.claiming.values()]);
    await Promise.race([inFlight, aborted(deadline)]);
  }

  /** Runs a pass now (re-reading the schedules), then sleeps until the next due tick. */
  wake(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const previous = this.pass ?? Promise.resolve();
    const pass = previous
      .then(() => this.runDue())
      .catch((err: unknown) => {
        this.options.logger.error({ err }, 'scheduler pass failed; retrying in a minute');
        return null;
      })
      .then((next) => {
        if (this.pass === pass) this.pass = null;
        this.arm(next);
      });
    this.pass = pass;
  }

  /**
   * One pass: reads the schedules, starts a claim for each whose tick is due, and answers when
   * the next one is due (null when none is). Claims run on; `settle()` waits for them.
   */
  async runDue(): Promise<Date | null> {
    const rows = await this.options.repo.list(this.options.db);
    const now = this.now();
    let earliest: number | null = null;
    const consider = (at: number) => {
      if (earliest === null || at < earliest) earliest = at;
    };
    for (const row of rows) {
      if (!row.enabled) continue;
      const clock = this.clockOf(row);
      if (!clock) continue;
      const due = clock.next(new Date(countsFrom(row)));
      if (!due) continue;
      if (due.getTime() > now.getTime()) {
        consider(due.getTime());
        continue;
      }
      // Due now, or missed: the latest tick at or before now is the one that runs.
      const tick = clock.latest(now) ?? due;
      // Retries wait in real time (a lease is released in real time), whatever clock ticks are read on.
      const retryInMs = (this.retryAt.get(row.id) ?? 0) - Date.now();
      if (this.claiming.has(row.id) || retryInMs > 0) {
        consider(now.getTime() + Math.max(retryInMs, LEASE_RETRY_MS));
        continue;
      }
      this.retryAt.delete(row.id);
      const after = clock.next(tick);
      if (after) consider(after.getTime());
      this.startClaim(row.id, tick, now);
    }
    return earliest === null ? null : new Date(earliest);
  }

  /** Waits for every claim started so far (tests). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.claiming.values()]);
  }

  private startClaim(id: string, tick: Date, now: Date): void {
    const claim = this.claim(id, tick, now)
      .then((outcome) => {
        if (outcome === 'busy') {
          this.retryAt.set(id, Date.now() + LEASE_RETRY_MS);
          this.arm(new Date(Date.now() + LEASE_RETRY_MS));
        }
      })
      .catch((err: unknown) => this.options.logger.error({ err, schedule: id, tick: tick.toISOString() }, 'schedule tick failed'))
      .finally(() => this.claiming.delete(id));
    this.claiming.set(id, claim);
  }

  /** Lease, claim, start: `busy` when another instance holds the lease right now. */
  private async claim(id: string, tick: Date, now: Date): Promise<'ran' | 'taken' | 'busy'> {
    const { db, repo, lock, run, logger } = this.options;
    const lease = await lock.acquire(`schedule:${id}`, LEASE_MS);
    if (!lease) return 'busy';
    try {
      const tickIso = tick.toISOString();
      if (!(await repo.claimTick(db, id, tickIso, now.toISOString()))) return 'taken';
      logger.info({ schedule: id, tick: tickIso }, 'schedule tick');
      try {
        const job = await run(systemContext, id, tickIso);
        await repo.recordJob(db, id, job.id);
      } catch (err) {
        // The tick is spent: it is not retried (its job would have retried); the next tick runs.
        await repo.recordOutcome(db, id, 'failed', err instanceof Error ? err.message : String(err));
        throw err;
      }
      return 'ran';
    } finally {
      await lease.release().catch(() => {});
    }
  }

  private arm(next: Date | null): void {
    if (this.stopped) return;
    const nowMs = Date.now();
    const wanted = next ? next.getTime() - this.now().getTime() : REREAD_MS;
    const delay = Math.max(0, Math.min(wanted, REREAD_MS));
    const at = nowMs + delay;
    // Keep the earlier of an armed timer and this one.
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.wake();
    }, delay);
    this.timer.unref();
  }

  /** The row's cron, or null (logged) when it no longer reads, e.g. a time zone gone from ICU. */
  private clockOf(row: ScheduleRow): CronClock | null {
    try {
      return cronClock(row.cron, row.timezone);
    } catch (err) {
      this.options.logger.warn({ err, schedule: row.id }, 'schedule skipped: its cron or time zone is invalid');
      return null;
    }
  }
}

/** Ticks count from the last one run, or from the last change when later (a new or re-enabled schedule). */
function countsFrom(row: ScheduleRow): string {
  return row.last_tick && row.last_tick > row.updated_at ? row.last_tick : row.updated_at;
}

/** The scheduler of a runtime: its database, lock and pub/sub, starting runs with `run`. */
export function createScheduler(
  runtime: Pick<Runtime, 'db' | 'adapters' | 'services' | 'logger'>,
  run: ScheduleRunner,
  now?: () => Date,
): Scheduler {
  return new Scheduler({
    db: runtime.db,
    repo: runtime.services.deps.repos.schedules,
    lock: runtime.adapters.lock,
    pubsub: runtime.adapters.pubsub,
    logger: runtime.logger,
    run,
    ...(now && { now }),
  });
}
