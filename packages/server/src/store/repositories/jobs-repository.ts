import { FINISHED_JOB_STATES, type Job, type JobListQuery, type Page } from '@secai/core';
import { toIso } from '../../_lib/time.js';
import { type DbOrTrx, isPostgres } from '../database.js';
import { type JobRow, toJob } from '../models/job.js';
import { applyKeyset, toPage } from '../pagination.js';

const SORT = { column: 'created_at', direction: 'desc' } as const;

/** SQLite and PostgreSQL both answer `update … returning *` with the rows; knex wraps them differently. */
function returnedRows(result: unknown): JobRow[] {
  if (Array.isArray(result)) return result as JobRow[];
  return ((result as { rows?: JobRow[] }).rows ?? []) as JobRow[];
}

/** Changed-row count of a raw statement: pg's rowCount, better-sqlite3's changes. */
function changed(result: unknown): number {
  const r = result as { rowCount?: number; changes?: number };
  return r.rowCount ?? r.changes ?? 0;
}

/** A claimed attempt's lease: the worker holding it and until when. */
export interface Lease {
  worker: string;
  until: string;
  now: string;
}

/** The outcome of an attempt, written only while the attempt still holds the row. */
export type AttemptOutcome =
  | { state: 'succeeded'; result: unknown }
  | { state: 'queued'; runAt: string; error: { message: string; code: string | null } }
  | { state: 'failed'; error: { message: string; code: string | null } }
  | { state: 'released' };

export class JobsRepository {
  async insert(db: DbOrTrx, row: JobRow): Promise<void> {
    await db('jobs').insert(row);
  }

  async insertMany(db: DbOrTrx, rows: readonly JobRow[]): Promise<void> {
    if (rows.length > 0) await db('jobs').insert(rows);
  }

  /** Inserts, or returns the job already holding the dedupe key. */
  async insertDeduped(db: DbOrTrx, row: JobRow): Promise<{ row: JobRow; created: boolean }> {
    if (!row.dedupe_key) {
      await this.insert(db, row);
      return { row, created: true };
    }
    const result = await db.raw(
      `insert into jobs (${Object.keys(row).join(', ')}) values (${Object.keys(row)
        .map(() => '?')
        .join(', ')}) on conflict (dedupe_key) do nothing`,
      Object.values(row) as never[],
    );
    if (changed(result) === 1) return { row, created: true };
    const existing = await db('jobs').where({ dedupe_key: row.dedupe_key }).first();
    return { row: existing as JobRow, created: false };
  }

  async findById(db: DbOrTrx, id: string): Promise<JobRow | undefined> {
    return (await db('jobs').where({ id }).first()) as JobRow | undefined;
  }

  /** Newest first; `createdBy` narrows to one user's jobs (callers without jobs:read). */
  async list(db: DbOrTrx, query: JobListQuery, createdBy?: string): Promise<Page<Job>> {
    const q = db('jobs');
    if (query.state && query.state.length > 0) q.whereIn('state', query.state);
    if (query.name) q.where('name', query.name);
    if (query.since) q.where('created_at', '>=', toIso(query.since));
    if (createdBy) q.where('created_by', createdBy);
    const rows = (await applyKeyset(q, SORT, query.limit, query.cursor)) as JobRow[];
    return toPage(rows, SORT, query.limit, toJob);
  }

  /**
   * Claims up to `limit` due jobs of `queues` for one worker (the database queue). On PostgreSQL
   * `for update skip locked` lets several processes claim side by side without waiting on or
   * taking each other's rows; SQLite has one writer, so the update alone is atomic.
   */
  async claimDue(db: DbOrTrx, queues: readonly string[], limit: number, lease: Lease): Promise<JobRow[]> {
    const inQueues = queues.map(() => '?').join(', ');
    const pick = `select id from jobs where state = 'queued' and queue in (${inQueues}) and run_at <= ? order by run_at limit ?${
      isPostgres(db) ? ' for update skip locked' : ''
    }`;
    const result = await db.raw(
      `update jobs set state = 'running', attempts = attempts + 1, worker = ?, lease_until = ?,
         started_at = coalesce(started_at, ?), updated_at = ?
       where id in (${pick}) returning *`,
      [lease.worker, lease.until, lease.now, lease.now, ...queues, lease.now, limit],
    );
    return returnedRows(result);
  }

  /**
   * Claims jobs a transport (bee-queue) delivered by id, in one statement: each only if it is
   * waiting and due, or its holder's lease ran out. Answers the rows it claimed.
   *
   * The state test is a CASE, not `(state = 'queued' and …) or (state = 'running' and …)`: given
   * that, SQLite walks the (state, …) index over every queued row instead of looking the ids up by
   * key, once the list holds more than a few ids (bench/jobs: 750 ms of 10,000 claims became 50).
   */
  async claimMany(db: DbOrTrx, ids: readonly string[], lease: Lease): Promise<JobRow[]> {
    const result = await db.raw(
      `update jobs set state = 'running', attempts = attempts + 1, worker = ?, lease_until = ?,
         started_at = coalesce(started_at, ?), updated_at = ?
       where id in (${ids.map(() => '?').join(', ')})
         and case state when 'queued' then run_at <= ? when 'running' then lease_until < ? and attempts < max_attempts else false end
       returning *`,
      // A delivery up to a second early (another clock) is on time; an older one of a job now waiting out a backoff is not.
      [lease.worker, lease.until, lease.now, lease.now, ...ids, new Date(Date.parse(lease.now) + 1_000).toISOString(), lease.now],
    );
    return returnedRows(result);
  }

  /**
   * Records many successful attempts with the same result (a no-op's `null`, say) in one
   * statement, each only while its attempt still holds the row; answers the ids written.
   */
  async finishSucceeded(db: DbOrTrx, ids: readonly string[], worker: string, result: string, now: string): Promise<Set<string>> {
    const written = await db.raw(
      `update jobs set state = 'succeeded', result = ?, error = null, finished_at = ?, updated_at = ?, lease_until = null, worker = null
       where id in (${ids.map(() => '?').join(', ')}) and state = 'running' and worker = ?
       returning id`,
      [result, now, now, ...ids, worker],
    );
    return new Set(returnedRows(written).map((r) => r.id));
  }

  async renewLeases(db: DbOrTrx, ids: readonly string[], worker: string, until: string): Promise<void> {
    if (ids.length === 0) return;
    await db('jobs').whereIn('id', ids).where({ state: 'running', worker }).update({ lease_until: until });
  }

  /** Writes an attempt's outcome if the attempt still holds the row (not cancelled, not taken over); true if it did. */
  async finishAttempt(db: DbOrTrx, id: string, worker: string, outcome: AttemptOutcome, progress: unknown, now: string): Promise<boolean> {
    const base = {
      updated_at: now,
      lease_until: null,
      worker: null,
      ...(progress !== undefined && { progress: JSON.stringify(progress) }),
    };
    const patch =
      outcome.state === 'succeeded'
        ? { ...base, state: 'succeeded', result: JSON.stringify(outcome.result ?? null), error: null, finished_at: now }
        : outcome.state === 'queued'
          ? { ...base, state: 'queued', run_at: outcome.runAt, error: JSON.stringify(outcome.error) }
          : outcome.state === 'failed'
            ? { ...base, state: 'failed', error: JSON.stringify(outcome.error), finished_at: now }
            : { ...base, state: 'queued', run_at: now, attempts: db.raw('attempts - 1') };
    return (await db('jobs').where({ id, state: 'running', worker }).update(patch)) === 1;
  }

  async writeProgress(db: DbOrTrx, id: string, progress: unknown, now: string): Promise<void> {
    await db('jobs')
      .where({ id, state: 'running' })
      .update({ progress: JSON.stringify(progress), updated_at: now });
  }

  /** Cancels a queued or running job; the row says cancelled at once, a running handler is told separately. */
  async cancel(db: DbOrTrx, id: string, now: string): Promise<JobRow | undefined> {
    const result = await db.raw(
      `update jobs set state = 'cancelled', finished_at = ?, updated_at = ?, lease_until = null
       where id = ? and state in ('queued', 'running') returning *`,
      [now, now, id],
    );
    return returnedRows(result)[0];
  }

  /** Queues a failed or cancelled job again from its first attempt. */
  async requeue(db: DbOrTrx, id: string, now: string): Promise<JobRow | undefined> {
    const result = await db.raw(
      `update jobs set state = 'queued', attempts = 0, run_at = ?, error = null, result = null, progress = null,
         started_at = null, finished_at = null, lease_until = null, worker = null, updated_at = ?
       where id = ? and state in ('failed', 'cancelled') returning *`,
      [now, now, id],
    );
    return returnedRows(result)[0];
  }

  /**
   * Running jobs whose lease ran out (their process died): queued again, or failed when that was
   * their last attempt. Returns the ones queued again, for the transport to deliver.
   */
  async recoverExpired(db: DbOrTrx, now: string, limit: number): Promise<JobRow[]> {
    const lost = JSON.stringify({ message: 'The worker running this job stopped before it finished', code: 'JOB_WORKER_LOST' });
    await db.raw(
      `update jobs set state = 'failed', error = ?, finished_at = ?, updated_at = ?, lease_until = null, worker = null
       where id in (select id from jobs where state = 'running' and lease_until < ? and attempts >= max_attempts limit ?)`,
      [lost, now, now, now, limit],
    );
    const result = await db.raw(
      `update jobs set state = 'queued', run_at = ?, updated_at = ?, lease_until = null, worker = null
       where id in (select id from jobs where state = 'running' and lease_until < ? limit ?) returning *`,
      [now, now, now, limit],
    );
    return returnedRows(result);
  }

  /** Queued jobs after `afterId` in id order (a transport that lost its store delivers them again). */
  async queuedAfter(db: DbOrTrx, queues: readonly string[], afterId: string, limit: number): Promise<JobRow[]> {
    return (await db('jobs')
      .where('state', 'queued')
      .whereIn('queue', queues as string[])
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)) as JobRow[];
  }

  /** Deletes up to `limit` jobs finished before `before`; returns how many. */
  async pruneBatch(db: DbOrTrx, before: string, limit: number): Promise<number> {
    const ids = db('jobs')
      .select('id')
      .whereIn('state', FINISHED_JOB_STATES as unknown as string[])
      .where('finished_at', '<', before)
      .orderBy('finished_at')
      .limit(limit);
    return db('jobs').whereIn('id', ids).delete();
  }
}
