import { hostname } from 'node:os';
import { type JobProgress, SecaiError } from '@secai/core';
import type { Logger } from 'pino';
import { z } from 'zod';
import { Batcher } from '../_lib/batcher.js';
import { newSecret } from '../_lib/ids.js';
import { Semaphore } from '../_lib/semaphore.js';
import type { Cache } from '../cache/cache.js';
import type { PubSub, Subscription } from '../pubsub/pubsub.js';
import type { Consumer, Delivery, Queue } from '../queue/queue.js';
import type { Db } from '../store/database.js';
import type { GroupCommit } from '../store/group-commit.js';
import type { JobRow } from '../store/models/job.js';
import type { AttemptOutcome, JobsRepository } from '../store/repositories/jobs-repository.js';
import { retryDelayMs } from './backoff.js';
import type { JobDefinition } from './definition.js';
import type { JobStream } from './job-stream.js';
import { ProgressReporter } from './progress-reporter.js';

export const DEFAULT_RETRIES = 2;
export const DEFAULT_BACKOFF_MS = 1_000;
export const DEFAULT_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_QUEUE = 'default';
/** The channel on which a cancelled running job's process is told to abort it. */
export const CANCEL_CHANNEL = 'jobs.cancel';
/** Rows pushed again per round when the transport lost its store. */
const RECONCILE_BATCH = 1_000;

export interface RunnerDeps {
  db: Db;
  repo: JobsRepository;
  writes: GroupCommit;
  changes: JobStream;
  queue: Queue;
  cache: Cache;
  pubsub: PubSub;
  logger: Logger;
  definitions: ReadonlyMap<string, JobDefinition<unknown>>;
}

export interface WorkOptions {
  queues: readonly string[];
  concurrency: number;
}

/** Why an attempt's signal aborted. */
type Stop = 'timeout' | 'cancelled' | 'shutdown';

interface Running {
  controller: AbortController;
  done: Promise<void>;
}

/**
 * The workers of one process: take deliveries from the transport, claim the row, run the handler
 * with a timeout, and write the outcome (success, a retry after backoff, or the dead letter
 * `failed`). They renew their rows' leases while alive, take over rows whose holder died, and on
 * stop finish what they hold or, at the deadline, release it back to `queued`.
 */
export class JobRunner {
  readonly worker = `${hostname()}:${process.pid}:${newSecret(4)}`;
  private readonly running = new Map<string, Running>();
  private consumer: Consumer | null = null;
  private subscription: Subscription | null = null;
  private timers: NodeJS.Timeout[] = [];

  /**
   * Claims and plain successes, thousands a second under load, go out as one statement per batch
   * (bench/jobs: one statement per job was most of the bee-queue path's cost).
   */
  private readonly claims: Batcher<string, JobRow | undefined>;
  private readonly successes: Batcher<{ id: string; result: string }, boolean>;

  /** The process's handler slots (`concurrency`): a transport may deliver more than it runs. */
  private slots: Semaphore | undefined;
  private readonly definitionSlots = new Map<string, Semaphore>();

  private slotsOf(definition: JobDefinition<unknown>): Semaphore | undefined {
    if (!definition.concurrency) return undefined;
    let slots = this.definitionSlots.get(definition.name);
    if (!slots) {
      slots = new Semaphore(definition.concurrency);
      this.definitionSlots.set(definition.name, slots);
    }
    return slots;
  }

  constructor(private readonly deps: RunnerDeps) {
    const { repo, writes } = deps;
    this.claims = new Batcher(async (ids) => {
      const rows = await writes.run((trx) => repo.claimMany(trx, [...new Set(ids)], this.lease()));
      const byId = new Map(rows.map((r) => [r.id, r]));
      // A job delivered twice in one batch runs once: the first delivery takes the row.
      return ids.map((id) => {
        const row = byId.get(id);
        byId.delete(id);
        return row;
      });
    });
    this.successes = new Batcher(async (items) => {
      const now = new Date().toISOString();
      const byResult = new Map<string, string[]>();
      for (const { id, result } of items) byResult.set(result, [...(byResult.get(result) ?? []), id]);
      const written = new Set<string>();
      for (const [result, ids] of byResult) {
        for (const id of await writes.run((trx) => repo.finishSucceeded(trx, ids, this.worker, result, now))) written.add(id);
      }
      return items.map((i) => written.has(i.id));
    });
  }

  async start(options: WorkOptions): Promise<void> {
    const { queue, pubsub } = this.deps;
    this.slots = new Semaphore(options.concurrency);
    this.subscription = await pubsub.subscribe(CANCEL_CHANNEL, (message) => {
      const id = (message as { id?: unknown }).id;
      if (typeof id === 'string') this.running.get(id)?.controller.abort('cancelled' satisfies Stop);
    });
    const leaseMs = queue.leaseMs;
    this.timers.push(setInterval(() => void this.renewLeases(), Math.max(200, Math.floor(leaseMs / 3))));
    // Looked for often (an indexed query): a dead worker's jobs run again about one lease after it died.
    this.timers.push(setInterval(() => void this.recoverExpired(), Math.max(500, Math.floor(leaseMs / 5))));
    queue.onReconnect(() => void this.reconcile(options.queues));
    await this.recoverExpired();
    if (queue.kind !== 'database') await this.reconcile(options.queues);
    this.consumer = await queue.consume({ queues: options.queues, concurrency: options.concurrency, worker: this.worker }, (d) =>
      this.deliver(d),
    );
  }

  /** Stops taking jobs, lets those in hand finish, and releases what is left when `deadline` aborts. */
  async stop(deadline: AbortSignal): Promise<void> {
    await this.consumer?.stop();
    const release = () => {
      for (const r of this.running.values()) r.controller.abort('shutdown' satisfies Stop);
    };
    if (deadline.aborted) release();
    else deadline.addEventListener('abort', release, { once: true });
    await Promise.all([...this.running.values()].map((r) => r.done));
    deadline.removeEventListener('abort', release);
    for (const timer of this.timers) clearInterval(timer);
    await this.subscription?.unsubscribe();
  }

  get inFlight(): number {
    return this.running.size;
  }

  private lease(now = Date.now()) {
    return { worker: this.worker, until: new Date(now + this.deps.queue.leaseMs).toISOString(), now: new Date(now).toISOString() };
  }

  private async deliver(delivery: Delivery): Promise<void> {
    const row = delivery.claimed ?? (await this.claim(delivery.id));
    // Not claimable: done already, cancelled, or held by a live worker (a duplicate delivery).
    if (!row) return;
    this.deps.changes.changed([row]);
    const controller = new AbortController();
    let finish!: () => void;
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    this.running.set(row.id, { controller, done });
    // The slot is free once the handler is done; the outcome is written in the next group commit
    // (stop waits for it). A worker that dies in between leaves the row to be taken over.
    let written: Promise<void> = Promise.resolve();
    try {
      ({ written } = await this.attempt(row, controller));
    } catch (err) {
      this.deps.logger.error({ err, job: row.id }, 'job attempt failed to run');
    }
    written
      .catch((err: unknown) => this.deps.logger.error({ err, job: row.id }, 'could not record a job attempt'))
      .finally(() => {
        this.running.delete(row.id);
        finish();
      });
  }

  /**
   * Claims a job the transport delivered by id. bee-queue hands out again a job whose worker
   * stopped renewing it (a stall), usually before that worker's lease on the row has run out:
   * such a delivery waits out the lease (at most one) and tries once more, so a dead worker's job
   * runs again at once, while a live holder's renewals keep it theirs.
   */
  private async claim(id: string): Promise<JobRow | undefined> {
    const { repo, db } = this.deps;
    const once = () => this.claims.add(id).catch(() => undefined);
    const row = await once();
    if (row) return row;
    const current = await repo.findById(db, id).catch(() => undefined);
    if (current?.state !== 'running' || !current.lease_until || current.worker === this.worker) return undefined;
    const wait = Date.parse(current.lease_until) - Date.now() + 50;
    if (wait > this.deps.queue.leaseMs + 1_000) return undefined;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    return once();
  }

  /** Runs the handler; resolves when it is done with the write of the outcome, still under way. */
  private async attempt(row: JobRow, controller: AbortController): Promise<{ written: Promise<void> }> {
    const { repo, cache } = this.deps;
    const definition = this.deps.definitions.get(row.name);
    const progress = new ProgressReporter(row.id, cache, async (p) => {
      await repo.writeProgress(this.deps.db, row.id, p, new Date().toISOString());
      this.deps.changes.changed([row.id]);
    });
    let outcome: AttemptOutcome;
    if (!definition) {
      outcome = { state: 'failed', error: { message: `No job definition named ${row.name} in this worker`, code: 'JOB_UNKNOWN' } };
    } else {
      const timeout = setTimeout(() => controller.abort('timeout' satisfies Stop), definition.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      const stopped = new Promise<{ stop: Stop }>((resolve) =>
        controller.signal.addEventListener('abort', () => resolve({ stop: controller.signal.reason as Stop }), { once: true }),
      );
      const ran = (async () => {
        const payload = definition.payload.parse(JSON.parse(row.payload));
        // A definition's own concurrency bounds it within this process, below the worker's.
        const releaseSlot = await this.slots?.acquire();
        const releaseOwn = await this.slotsOf(definition)?.acquire();
        const release = () => {
          releaseOwn?.();
          releaseSlot?.();
        };
        if (controller.signal.aborted) {
          release();
          throw new Error('stopped before it started');
        }
        try {
          return await definition.handler(payload, {
            jobId: row.id,
            attempt: row.attempts,
            signal: controller.signal,
            progress: (d, t, m) => progress.report(d, t, m),
          });
        } finally {
          release();
        }
      })().then(
        (result) => ({ result }),
        (err: unknown) => ({ err }),
      );
      const end = await Promise.race([ran, stopped]);
      clearTimeout(timeout);
      if ('stop' in end && end.stop === 'cancelled') {
        progress.finish();
        return { written: Promise.resolve() }; // cancel() wrote the row already
      }
      outcome =
        'result' in end
          ? { state: 'succeeded', result: end.result }
          : 'stop' in end && end.stop === 'shutdown'
            ? { state: 'released' }
            : this.failure(row, definition, 'stop' in end ? timeoutError(definition) : errorOf(end.err));
    }
    return { written: this.record(row, outcome, progress.finish()) };
  }

  private async record(row: JobRow, outcome: AttemptOutcome, last: JobProgress | undefined): Promise<void> {
    const { repo, writes, logger } = this.deps;
    const now = new Date().toISOString();
    const written =
      outcome.state === 'succeeded' && last === undefined
        ? await this.successes.add({ id: row.id, result: JSON.stringify(outcome.result ?? null) })
        : await writes.run((trx) => repo.finishAttempt(trx, row.id, this.worker, outcome, last, now));
    if (!written) return; // cancelled, or taken over after our lease ran out: theirs to finish
    this.deps.changes.changed([row.id]);
    if (outcome.state === 'failed') logger.warn({ job: row.id, name: row.name, error: outcome.error }, 'job failed for good');
    if (outcome.state === 'queued' || outcome.state === 'released') {
      const runAt = outcome.state === 'queued' ? outcome.runAt : now;
      await this.deps.queue.push([{ id: row.id, queue: row.queue, run_at: runAt }]);
    }
  }

  /** A refusal (a SecaiError with a 4xx status: a bad report, a missing asset) fails at once; other errors are retried. */
  private failure(
    row: JobRow,
    definition: JobDefinition<unknown>,
    error: { message: string; code: string | null; permanent?: boolean },
  ): AttemptOutcome {
    if (error.permanent || row.attempts >= row.max_attempts)
      return { state: 'failed', error: { message: error.message, code: error.code } };
    const delay = retryDelayMs(row.attempts, definition.backoffMs ?? DEFAULT_BACKOFF_MS);
    return { state: 'queued', runAt: new Date(Date.now() + delay).toISOString(), error };
  }

  private async renewLeases(): Promise<void> {
    const ids = [...this.running.keys()];
    await this.deps.repo.renewLeases(this.deps.db, ids, this.worker, this.lease().until).catch(() => {});
  }

  /** Rows whose worker died (lease ran out): queued again and handed to the transport. */
  private async recoverExpired(): Promise<void> {
    try {
      const rows = await this.deps.repo.recoverExpired(this.deps.db, new Date().toISOString(), RECONCILE_BATCH);
      if (rows.length > 0) {
        this.deps.logger.warn({ jobs: rows.length }, 'took over jobs whose worker stopped');
        this.deps.changes.changed(rows);
        await this.deps.queue.push(rows);
      }
    } catch (err) {
      this.deps.logger.debug({ err }, 'could not look for abandoned jobs');
    }
  }

  /** The transport lost what it held (Redis restarted): hands it every queued row again. */
  private async reconcile(queues: readonly string[]): Promise<void> {
    try {
      let after = '';
      for (;;) {
        const rows = await this.deps.repo.queuedAfter(this.deps.db, queues, after, RECONCILE_BATCH);
        if (rows.length === 0) break;
        await this.deps.queue.push(rows);
        after = rows[rows.length - 1]?.id ?? after;
      }
      await this.recoverExpired();
    } catch (err) {
      this.deps.logger.warn({ err }, 'could not push the queued jobs again');
    }
  }
}

function errorOf(err: unknown): { message: string; code: string | null; permanent?: boolean } {
  if (err instanceof SecaiError) return { message: err.message, code: err.code, permanent: err.status >= 400 && err.status < 500 };
  if (err instanceof z.ZodError)
    return { message: 'The job payload does not match its definition', code: 'JOB_PAYLOAD_INVALID', permanent: true };
  if (err instanceof Error) return { message: err.message.slice(0, 2000), code: null };
  return { message: String(err).slice(0, 2000), code: null };
}

function timeoutError(definition: JobDefinition<unknown>): { message: string; code: string } {
  return { message: `The attempt ran longer than ${definition.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`, code: 'JOB_TIMEOUT' };
}
