import {
  ConflictError,
  grants,
  type Job,
  type JobListQuery,
  type JobProgress,
  NotFoundError,
  type Page,
  PermissionError,
  parseOrThrow,
} from '@secai/core';
import type { Logger } from 'pino';
import { Batcher } from '../_lib/batcher.js';
import { newId } from '../_lib/ids.js';
import type { Cache } from '../cache/cache.js';
import type { PubSub } from '../pubsub/pubsub.js';
import type { Queue } from '../queue/queue.js';
import { heldBy, type RequestContext } from '../services/context.js';
import type { StreamService } from '../services/stream-service.js';
import type { Db } from '../store/database.js';
import { GroupCommit } from '../store/group-commit.js';
import { type JobRow, toJob } from '../store/models/job.js';
import { JobsRepository } from '../store/repositories/jobs-repository.js';
import type { JobDefinition } from './definition.js';
import { CANCEL_CHANNEL, DEFAULT_QUEUE, DEFAULT_RETRIES, JobRunner, type WorkOptions } from './job-runner.js';
import { JobStream } from './job-stream.js';
import { progressKey } from './progress-reporter.js';

/** Finished jobs deleted per statement when pruning: short transactions, the table stays writable. */
const PRUNE_BATCH = 1_000;

export interface EnqueueOptions {
  /** Not before this time. */
  runAt?: Date;
  /** A key already used returns that job instead of a new one. */
  dedupeKey?: string;
}

export interface JobsServiceDeps {
  db: Db;
  queue: Queue;
  cache: Cache;
  pubsub: PubSub;
  logger: Logger;
  /** The live stream (its `jobs` topic), when the process has one. */
  stream?: StreamService;
}

/**
 * Background jobs: definitions registered by name, enqueued as rows of `jobs` and handed to the
 * transport (`queue/`), worked by `consume` (the workers component), listed, retried, cancelled
 * and pruned. The row is the record of truth whichever transport runs it.
 */
/** Rows per multi-row insert: 19 columns each stays far below either database's bound on parameters. */
const INSERT_BATCH = 500;

export class JobsService {
  private readonly definitions = new Map<string, JobDefinition<unknown>>();
  private readonly repo = new JobsRepository();
  private readonly writes: GroupCommit;
  /** Jobs enqueued close together (an import of many, a burst of requests) are one multi-row insert. */
  private readonly inserts: Batcher<JobRow, void>;
  private readonly changes: JobStream;

  constructor(private readonly deps: JobsServiceDeps) {
    this.writes = new GroupCommit(deps.db);
    this.changes = new JobStream(deps.stream, deps.db, deps.logger);
    this.inserts = new Batcher(async (rows) => {
      await this.writes.run((trx) => this.repo.insertMany(trx, rows));
      return rows.map(() => undefined);
    }, INSERT_BATCH);
  }

  /** Makes a kind of job known to this process (to enqueue it, and to run it here). */
  register<P>(definition: JobDefinition<P>): void {
    if (this.definitions.has(definition.name)) throw new Error(`job ${definition.name} is registered already`);
    this.definitions.set(definition.name, definition as JobDefinition<unknown>);
  }

  /** The queues the registered definitions run on. */
  queues(): string[] {
    return [...new Set([DEFAULT_QUEUE, ...[...this.definitions.values()].map((d) => d.queue ?? DEFAULT_QUEUE)])];
  }

  async enqueue(ctx: RequestContext, name: string, payload: unknown, options: EnqueueOptions = {}): Promise<Job> {
    const definition = this.definitions.get(name);
    if (!definition) throw new Error(`no job definition named ${name}`);
    const parsed = parseOrThrow(definition.payload, payload, 'job payload');
    const now = new Date().toISOString();
    const row: JobRow = {
      id: newId(),
      name,
      queue: definition.queue ?? DEFAULT_QUEUE,
      state: 'queued',
      payload: JSON.stringify(parsed),
      progress: null,
      attempts: 0,
      max_attempts: 1 + (definition.retries ?? DEFAULT_RETRIES),
      error: null,
      result: null,
      created_by: ctx.actor?.userId ?? null,
      dedupe_key: options.dedupeKey ?? null,
      run_at: options.runAt ? options.runAt.toISOString() : now,
      lease_until: null,
      worker: null,
      created_at: now,
      started_at: null,
      finished_at: null,
      updated_at: now,
    };
    if (!row.dedupe_key) {
      await this.inserts.add(row);
      this.changes.changed([row]);
      await this.deps.queue.push([row]);
      return toJob(row);
    }
    const { row: stored, created } = await this.writes.run((trx) => this.repo.insertDeduped(trx, row));
    if (created) {
      this.changes.changed([stored]);
      await this.deps.queue.push([stored]);
    }
    return toJob(stored);
  }

  /** Every job with jobs:read; otherwise the caller's own. */
  list(ctx: RequestContext, query: JobListQuery): Promise<Page<Job>> {
    return this.repo.list(this.deps.db, query, grants(heldBy(ctx), 'jobs:read') ? undefined : (ctx.actor?.userId ?? ''));
  }

  /** A running job's progress is the latest reported (the cache), not the last written to the row. */
  async get(ctx: RequestContext, id: string): Promise<Job> {
    const job = toJob(await this.visibleRow(ctx, id));
    if (job.state === 'running') {
      const latest = await this.deps.cache.get<JobProgress>(progressKey(id)).catch(() => undefined);
      if (latest) job.progress = latest;
    }
    return job;
  }

  /** Queues a failed (dead-lettered) or cancelled job again, from its first attempt. */
  async retry(ctx: RequestContext, id: string): Promise<Job> {
    const current = await this.visibleRow(ctx, id, 'jobs:write');
    const row = await this.repo.requeue(this.deps.db, id, new Date().toISOString());
    if (!row) {
      throw new ConflictError('JOB_NOT_RETRYABLE', `A ${current.state} job cannot be retried; only failed and cancelled ones`, {
        state: current.state,
      });
    }
    this.changes.changed([row]);
    await this.deps.queue.push([row]);
    return toJob(row);
  }

  /** A queued job is cancelled at once; a running one too, and its handler's signal aborts wherever it runs. */
  async cancel(ctx: RequestContext, id: string): Promise<Job> {
    const current = await this.visibleRow(ctx, id, 'jobs:write');
    const row = await this.repo.cancel(this.deps.db, id, new Date().toISOString());
    if (!row) {
      throw new ConflictError('JOB_NOT_CANCELLABLE', `A ${current.state} job cannot be cancelled; only queued and running ones`, {
        state: current.state,
      });
    }
    this.changes.changed([row]);
    if (current.state === 'running') await this.deps.pubsub.publish(CANCEL_CHANNEL, { id });
    return toJob(row);
  }

  /** Deletes jobs finished (succeeded, failed, cancelled) before `olderThan`, in batches; returns how many. */
  async prune(olderThan: Date): Promise<number> {
    const before = olderThan.toISOString();
    let total = 0;
    for (;;) {
      const deleted = await this.repo.pruneBatch(this.deps.db, before, PRUNE_BATCH);
      total += deleted;
      if (deleted < PRUNE_BATCH) return total;
    }
  }

  /** Starts working jobs in this process; the workers component stops the returned runner. */
  async consume(options: Partial<WorkOptions> & { concurrency: number }): Promise<JobRunner> {
    const runner = new JobRunner({
      ...this.deps,
      repo: this.repo,
      writes: this.writes,
      changes: this.changes,
      definitions: this.definitions,
    });
    await runner.start({ queues: options.queues ?? this.queues(), concurrency: options.concurrency });
    return runner;
  }

  /**
   * Another user's job is not found, unless the caller may read every job; changing it needs
   * jobs:write. One's own jobs are always one's to see, retry and cancel.
   */
  private async visibleRow(ctx: RequestContext, id: string, change?: 'jobs:write'): Promise<JobRow> {
    const row = await this.repo.findById(this.deps.db, id);
    const held = heldBy(ctx);
    const own = row !== undefined && row.created_by !== null && row.created_by === ctx.actor?.userId;
    if (!row || !(own || grants(held, 'jobs:read'))) throw new NotFoundError('JOB_NOT_FOUND', `No job ${id}`);
    if (change && !own && !grants(held, change)) {
      throw new PermissionError(`This needs the ${change} permission`, { permission: change });
    }
    return row;
  }
}
