import type { DbOrTrx } from '../database.js';
import { bool, ScheduleModel } from '../models/index.js';
import { forUpdate } from '../row-lock.js';

export type ScheduleOutcome = 'succeeded' | 'failed' | 'running';

/** A row of `schedules` as the services see it (times as ISO strings, `enabled` a boolean). */
export interface ScheduleRow {
  id: string;
  cron: string;
  timezone: string;
  enabled: boolean;
  last_tick: string | null;
  last_run_at: string | null;
  last_job_id: string | null;
  last_outcome: ScheduleOutcome | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export type ScheduleSettings = Pick<ScheduleRow, 'cron' | 'timezone' | 'enabled'>;

/** An error longer than this is cut: it is a hint for the operator, the job keeps the whole one. */
const MAX_ERROR_LENGTH = 2_000;

const toRow = (r: Record<string, unknown>): ScheduleRow => ({
  id: r.id as string,
  cron: r.cron as string,
  timezone: r.timezone as string,
  enabled: bool(r.enabled),
  last_tick: (r.last_tick as string | null) ?? null,
  last_run_at: (r.last_run_at as string | null) ?? null,
  last_job_id: (r.last_job_id as string | null) ?? null,
  last_outcome: (r.last_outcome as ScheduleOutcome | null) ?? null,
  last_error: (r.last_error as string | null) ?? null,
  created_at: r.created_at as string,
  updated_at: r.updated_at as string,
});

export class SchedulesRepository {
  async list(db: DbOrTrx): Promise<ScheduleRow[]> {
    const rows = await db(ScheduleModel.tableName).select('*').orderBy('id');
    return rows.map(toRow);
  }

  async findById(db: DbOrTrx, id: string): Promise<ScheduleRow | undefined> {
    const row = await db(ScheduleModel.tableName).where({ id }).first();
    return row ? toRow(row) : undefined;
  }

  /** The row locked until the transaction ends (PostgreSQL; SQLite has one writer anyway). */
  async lockById(db: DbOrTrx, id: string): Promise<ScheduleRow | undefined> {
    const row = await forUpdate(db, db(ScheduleModel.tableName).where({ id })).first();
    return row ? toRow(row) : undefined;
  }

  /** Inserts the schedules that do not exist yet; existing rows (and a user's changes to them) stay. */
  async insertMissing(db: DbOrTrx, schedules: (ScheduleSettings & { id: string })[], now: string): Promise<void> {
    if (schedules.length === 0) return;
    const rows = schedules.map((s) => ({ ...s, created_at: now, updated_at: now }));
    await db(ScheduleModel.tableName).insert(rows).onConflict('id').ignore();
  }

  async updateSettings(db: DbOrTrx, id: string, patch: Partial<ScheduleSettings>, now: string): Promise<void> {
    await db(ScheduleModel.tableName)
      .where({ id })
      .update({ ...patch, updated_at: now });
  }

  /**
   * Claims `tick` for this process: moves `last_tick` forward to it unless some process already
   * ran it (or a later one), in one conditional statement. True for exactly one claimant of a tick
   * across every instance on the database.
   */
  async claimTick(db: DbOrTrx, id: string, tick: string, now: string): Promise<boolean> {
    const changed = await db(ScheduleModel.tableName)
      .where({ id, enabled: true })
      .where((q) => q.whereNull('last_tick').orWhere('last_tick', '<', tick))
      .update({ last_tick: tick, last_run_at: now, last_outcome: 'running', last_error: null, last_job_id: null });
    return changed === 1;
  }

  /** A run started by hand: it counts as the last run from now on (`last_tick` stays the cron's). */
  async recordManualStart(db: DbOrTrx, id: string, now: string): Promise<void> {
    await db(ScheduleModel.tableName)
      .where({ id })
      .update({ last_run_at: now, last_outcome: 'running', last_error: null, last_job_id: null });
  }

  /**
   * The job a run started. Only the job id: the job may have finished (and written its outcome)
   * before its enqueue returned here.
   */
  async recordJob(db: DbOrTrx, id: string, jobId: string): Promise<void> {
    await db(ScheduleModel.tableName).where({ id }).update({ last_job_id: jobId });
  }

  /** How the run ended: written by the task's job as it finishes, or by the scheduler when it could not start one. */
  async recordOutcome(db: DbOrTrx, id: string, outcome: Exclude<ScheduleOutcome, 'running'>, error: string | null): Promise<void> {
    await db(ScheduleModel.tableName)
      .where({ id })
      .update({ last_outcome: outcome, last_error: error?.slice(0, MAX_ERROR_LENGTH) ?? null });
  }
}
