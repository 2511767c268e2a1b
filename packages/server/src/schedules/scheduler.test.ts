import type { Job } from '@secai/core';
import { pino } from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DatabaseLock } from '../lock/database-lock.js';
import { type Db, openDatabase } from '../store/database.js';
import { SchedulesRepository } from '../store/repositories/index.js';
import { BUILT_IN_SCHEDULES } from './built-in.js';
import { assertCron, cronClock } from './cron.js';
import type { ScheduleRunner } from './schedule-runner.js';
import { Scheduler } from './scheduler.js';

const logger = pino({ level: 'silent' });
const repo = new SchedulesRepository();

/** A runner that records what it was asked to run and answers with a minimal job. */
function recordingRunner(fail = false): ScheduleRunner & { runs: { name: string; tick: string }[] } {
  const runs: { name: string; tick: string }[] = [];
  const run = async (_ctx: unknown, name: string, tick: string) => {
    runs.push({ name, tick });
    if (fail) throw new Error('queue unreachable');
    return { id: `job-${runs.length}` } as Job;
  };
  return Object.assign(run, { runs });
}

/** A fresh in-memory database with one schedule, as if it had been created or changed at `since`. */
async function withSchedule(row: {
  cron: string;
  timezone?: string;
  enabled?: boolean;
  since: string;
  lastTick?: string | null;
}): Promise<Db> {
  const db = await openDatabase({ filename: ':memory:' });
  await db('schedules').insert({
    id: 'task',
    cron: row.cron,
    timezone: row.timezone ?? 'UTC',
    enabled: row.enabled ?? true,
    last_tick: row.lastTick ?? null,
    created_at: row.since,
    updated_at: row.since,
  });
  return db;
}

function schedulerAt(db: Db, run: ScheduleRunner, clock: { now: Date }): Scheduler {
  return new Scheduler({ db, repo, lock: new DatabaseLock(db), run, logger, now: () => clock.now });
}

test('computes the next tick in the schedule time zone, across the summer time change', () => {
  const daily = cronClock('0 3 * * *', 'Europe/Amsterdam');
  assert.is(daily.next(new Date('2026-01-10T00:00:00Z'))?.toISOString(), '2026-01-10T02:00:00.000Z'); // CET, UTC+1
  assert.is(daily.next(new Date('2026-07-10T00:00:00Z'))?.toISOString(), '2026-07-10T01:00:00.000Z'); // CEST, UTC+2
  assert.is(cronClock('0 3 * * *', 'UTC').next(new Date('2026-01-10T00:00:00Z'))?.toISOString(), '2026-01-10T03:00:00.000Z');
});

test('a time skipped by the spring change runs at the end of the gap; one repeated in autumn runs once', () => {
  const clock = cronClock('30 2 * * *', 'Europe/Amsterdam');
  // 2026-03-29: 02:00 CET jumps to 03:00 CEST, so 02:30 never happens; it runs at 03:00 CEST.
  assert.is(clock.next(new Date('2026-03-28T12:00:00Z'))?.toISOString(), '2026-03-29T01:00:00.000Z');
  // 2026-10-25: 03:00 CEST falls back to 02:00 CET, so 02:30 happens twice; it runs at the first.
  const first = clock.next(new Date('2026-10-24T12:00:00Z'));
  assert.is(first?.toISOString(), '2026-10-25T00:30:00.000Z');
  assert.is(clock.next(first as Date)?.toISOString(), '2026-10-26T01:30:00.000Z');
});

test('an invalid cron or an unknown time zone is CRON_INVALID naming the field', () => {
  for (const [cron, timezone, field] of [
    ['0 3 * *', 'UTC', 'cron'],
    ['61 * * * *', 'UTC', 'cron'],
    ['0 0 30 2 *', 'UTC', 'cron'],
    ['0 3 * * *', 'Mars/Olympus_Mons', 'timezone'],
  ] as const) {
    try {
      assertCron(cron, timezone);
      assert.unreachable(`${cron} in ${timezone} was accepted`);
    } catch (err) {
      assert.is((err as { code?: string }).code, 'CRON_INVALID', `${cron} ${timezone}`);
      assert.is((err as { status?: number }).status, 400);
      assert.equal((err as { details: { issues: { path: string[] }[] } }).details.issues[0]?.path, [field]);
    }
  }
  assertCron('*/2 * * * * *', 'Europe/Amsterdam');
});

test('the built-in schedules have valid crons', () => {
  for (const s of BUILT_IN_SCHEDULES) assertCron(s.cron, s.timezone);
});

test('runs a due tick once and then waits for the next one', async () => {
  const db = await withSchedule({ cron: '0 * * * *', since: '2026-05-01T09:10:00.000Z' });
  const run = recordingRunner();
  const clock = { now: new Date('2026-05-01T09:59:59.000Z') };
  const scheduler = schedulerAt(db, run, clock);
  assert.is((await scheduler.runDue())?.toISOString(), '2026-05-01T10:00:00.000Z');
  await scheduler.settle();
  assert.equal(run.runs, []);

  clock.now = new Date('2026-05-01T10:00:00.300Z');
  assert.is((await scheduler.runDue())?.toISOString(), '2026-05-01T11:00:00.000Z');
  await scheduler.settle();
  assert.equal(run.runs, [{ name: 'task', tick: '2026-05-01T10:00:00.000Z' }]);
  const row = await repo.findById(db, 'task');
  assert.is(row?.last_tick, '2026-05-01T10:00:00.000Z');
  assert.is(row?.last_job_id, 'job-1');
  assert.is(row?.last_outcome, 'running');

  await scheduler.runDue();
  await scheduler.settle();
  assert.is(run.runs.length, 1, 'the same tick again');
  await db.destroy();
});

test('a tick missed while no instance ran runs once at start: only the latest', async () => {
  // Daily at 03:00; last ran on May 1st; the server was down until May 4th 12:00.
  const db = await withSchedule({ cron: '0 3 * * *', since: '2026-04-01T00:00:00.000Z', lastTick: '2026-05-01T03:00:00.000Z' });
  const run = recordingRunner();
  const clock = { now: new Date('2026-05-04T12:00:00.000Z') };
  const first = schedulerAt(db, run, clock);
  assert.is((await first.runDue())?.toISOString(), '2026-05-05T03:00:00.000Z');
  await first.settle();
  assert.equal(run.runs, [{ name: 'task', tick: '2026-05-04T03:00:00.000Z' }]);
  // A second instance starting just after finds nothing left to catch up.
  const second = schedulerAt(db, run, clock);
  await second.runDue();
  await second.settle();
  assert.is(run.runs.length, 1);
  await db.destroy();
});

test('a schedule that never ran counts its ticks from its creation, not from the epoch', async () => {
  const db = await withSchedule({ cron: '0 3 * * *', since: '2026-05-04T12:00:00.000Z' });
  const run = recordingRunner();
  const scheduler = schedulerAt(db, run, { now: new Date('2026-05-04T12:00:05.000Z') });
  assert.is((await scheduler.runDue())?.toISOString(), '2026-05-05T03:00:00.000Z');
  await scheduler.settle();
  assert.equal(run.runs, []);
  await db.destroy();
});

test('a disabled schedule does not run, even with ticks missed', async () => {
  const db = await withSchedule({ cron: '* * * * *', enabled: false, since: '2026-05-01T00:00:00.000Z' });
  const run = recordingRunner();
  const scheduler = schedulerAt(db, run, { now: new Date('2026-05-02T00:00:00.000Z') });
  assert.is(await scheduler.runDue(), null);
  await scheduler.settle();
  assert.equal(run.runs, []);
  await db.destroy();
});

test('a run that cannot start is recorded as failed and its tick is not retried', async () => {
  const db = await withSchedule({ cron: '0 * * * *', since: '2026-05-01T09:10:00.000Z' });
  const run = recordingRunner(true);
  const clock = { now: new Date('2026-05-01T10:00:01.000Z') };
  const scheduler = schedulerAt(db, run, clock);
  await scheduler.runDue();
  await scheduler.settle();
  const row = await repo.findById(db, 'task');
  assert.is(row?.last_outcome, 'failed');
  assert.is(row?.last_error, 'queue unreachable');
  await scheduler.runDue();
  await scheduler.settle();
  assert.is(run.runs.length, 1);
  await db.destroy();
});

test('a tick whose lease another instance holds is left to it and asked again shortly', async () => {
  const db = await withSchedule({ cron: '0 * * * *', since: '2026-05-01T09:10:00.000Z' });
  const lock = new DatabaseLock(db);
  const held = await lock.acquire('schedule:task', 60_000);
  const run = recordingRunner();
  const clock = { now: new Date('2026-05-01T10:00:01.000Z') };
  const scheduler = schedulerAt(db, run, clock);
  await scheduler.runDue();
  await scheduler.settle();
  assert.equal(run.runs, []);
  await held?.release();
  // Asked again once the retry delay has passed; the lease is free now.
  await new Promise((resolve) => setTimeout(resolve, 300));
  await scheduler.runDue();
  await scheduler.settle();
  assert.equal(run.runs, [{ name: 'task', tick: '2026-05-01T10:00:00.000Z' }]);
  await db.destroy();
});

test('start runs what is due and stop waits for a claim in progress', async () => {
  const db = await withSchedule({ cron: '0 * * * *', since: '2026-05-01T09:10:00.000Z' });
  let release: () => void = () => {};
  const runs: string[] = [];
  const run: ScheduleRunner = async (_ctx, _name, tick) => {
    runs.push(tick);
    await new Promise<void>((resolve) => {
      release = resolve;
    });
    return { id: 'slow-job' } as Job;
  };
  const scheduler = schedulerAt(db, run, { now: new Date('2026-05-01T10:00:01.000Z') });
  await scheduler.start();
  for (let i = 0; i < 50 && runs.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.is(runs.length, 1);
  let stopped = false;
  const stopping = scheduler.stop(new AbortController().signal).then(() => {
    stopped = true;
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.is(stopped, false, 'stop returned while the run was starting');
  release();
  await stopping;
  assert.is((await repo.findById(db, 'task'))?.last_job_id, 'slow-job');
  await db.destroy();
});

test('stop gives up waiting at the deadline', async () => {
  const db = await withSchedule({ cron: '0 * * * *', since: '2026-05-01T09:10:00.000Z' });
  const run: ScheduleRunner = () => new Promise<Job>(() => {});
  const scheduler = schedulerAt(db, run, { now: new Date('2026-05-01T10:00:01.000Z') });
  await scheduler.start();
  await new Promise((resolve) => setTimeout(resolve, 50));
  const deadline = new AbortController();
  setTimeout(() => deadline.abort(), 50);
  const started = Date.now();
  await scheduler.stop(deadline.signal);
  assert.ok(Date.now() - started < 1_000);
  await db.destroy();
});

test.run();
