import BeeQueue from 'bee-queue';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { redisSettings } from '../redis/connection.js';
import type { ConsumeOptions, Consumer, Delivery, JobRef, Queue } from './queue.js';

export interface BeeQueueOptions {
  url: string;
  /** The deployment's key prefix (config.redisPrefix); bee-queue's keys go under `<prefix>bq:`. */
  prefix: string;
  /** The runtime's ioredis connection: its `close`/`ready` events say when Redis went away and came back. */
  redis: Redis;
  logger: Logger;
  /** A job whose worker stopped renewing it for this long is handed out again. */
  stallIntervalMs?: number;
}

/**
 * Jobs taken from Redis per worker slot: the next ones are claimed (in one statement) while the
 * slots work, instead of each slot waiting for its own claim. The runner still runs at most
 * `concurrency` handlers at once.
 */
const DELIVERIES_PER_SLOT = 4;
/** A push that Redis does not take within this time is left to the reconcile after Redis returns. */
const PUSH_TIMEOUT_MS = 2_000;
/** Closing the Queue objects of a dead connection must not wait for it. */
const CLOSE_TIMEOUT_MS = 500;

interface Lane {
  producer: BeeQueue;
  consumer: { queue: BeeQueue; concurrency: number; work: (delivery: Delivery) => Promise<void> } | null;
}

/**
 * bee-queue 2.0.0 on Redis, supervised. bee-queue talks through its own redis@3 clients (never an
 * ioredis instance: it does not recognise one, see DEPENDENCIES.md), and after a Redis restart its
 * blocking wait for the next job never resumes: in a trial 268 of 2,000 jobs ran and the rest
 * waited for ever. So every Queue object is thrown away and made anew when the runtime's ioredis
 * connection comes back after a loss, stalled jobs are checked every stall interval, and the
 * reconnect listeners (the jobs engine) push the queued rows again, since a Redis that restarted
 * without persistence lost them. Carried data is the job id; the row is the job.
 *
 * bee-queue job ids are `<job id>@<run_at ms>`: pushing a job Redis still holds is a no-op
 * (bee-queue's addJob skips a known id), while a retry or a release, which moves run_at, is a new
 * delivery even while the old one is still being acknowledged.
 */
export class BeeQueueTransport implements Queue {
  readonly kind = 'bee-queue' as const;
  readonly leaseMs: number;
  private readonly lanes = new Map<string, Lane>();
  private readonly listeners: (() => void)[] = [];
  private readonly settings: BeeQueue.QueueSettings;
  private pending: JobRef[] = [];
  private flushing: Promise<void> | null = null;
  private down = false;
  private closed = false;
  private recreating: Promise<void> = Promise.resolve();

  constructor(private readonly options: BeeQueueOptions) {
    this.leaseMs = options.stallIntervalMs ?? 5_000;
    this.settings = {
      prefix: `${options.prefix}bq`,
      redis: {
        ...redisSettings(options.url),
        // redis@3 backs off without a cap; the supervisor recreates the clients anyway.
        retry_strategy: (o: { attempt: number }) => Math.min(o.attempt * 100, 1_000),
      } as never,
      stallInterval: this.leaseMs,
      removeOnSuccess: true,
      removeOnFailure: true,
      storeJobs: false,
      sendEvents: false,
    };
    options.redis.on('close', this.onClose);
    options.redis.on('ready', this.onReady);
    options.redis.on('error', this.onError);
  }

  /** ioredis reports every failed reconnect; the supervisor acts on `close` and `ready`, so these are only logged. */
  private readonly onError = (err: Error) => {
    this.options.logger.debug({ err }, 'redis connection error');
  };

  private readonly onClose = () => {
    this.down = true;
  };

  private readonly onReady = () => {
    if (!this.down || this.closed) return;
    this.down = false;
    this.options.logger.warn('redis is back: recreating the bee-queue queues');
    this.recreating = this.recreating
      .then(() => this.recreateAll())
      .catch((err: unknown) => {
        this.options.logger.error({ err }, 'could not recreate the bee-queue queues');
      });
  };

  private async recreateAll(): Promise<void> {
    for (const [name, lane] of this.lanes) {
      const old = [lane.producer, lane.consumer?.queue];
      lane.producer = this.producerQueue(name);
      if (lane.consumer) lane.consumer.queue = this.startConsumer(name, lane.consumer.concurrency, lane.consumer.work);
      await Promise.all(old.map((q) => (q ? forceClose(q) : undefined)));
    }
    for (const listener of this.listeners) listener();
  }

  private producerQueue(name: string): BeeQueue {
    const queue = new BeeQueue(name, { ...this.settings, isWorker: false, getEvents: false });
    queue.on('error', (err) => this.options.logger.debug({ err, queue: name }, 'bee-queue producer error'));
    return queue;
  }

  private startConsumer(name: string, concurrency: number, work: (delivery: Delivery) => Promise<void>): BeeQueue {
    const queue = new BeeQueue(name, { ...this.settings, isWorker: true, getEvents: false, activateDelayedJobs: true });
    boundWaits(queue);
    queue.on('error', (err) => this.options.logger.debug({ err, queue: name }, 'bee-queue worker error'));
    queue.process(concurrency * DELIVERIES_PER_SLOT, async (job: BeeQueue.Job<{ id: string }>) => {
      await work({ id: job.data.id, claimed: null });
    });
    queue.checkStalledJobs(this.leaseMs).catch(() => {});
    return queue;
  }

  private lane(name: string): Lane {
    let lane = this.lanes.get(name);
    if (!lane) {
      lane = { producer: this.producerQueue(name), consumer: null };
      this.lanes.set(name, lane);
    }
    return lane;
  }

  /** Pushes are gathered per tick and saved with one round trip per queue. */
  push(jobs: readonly JobRef[]): Promise<void> {
    this.pending.push(...jobs);
    this.flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flush());
    return this.flushing;
  }

  private async flush(): Promise<void> {
    const refs = this.pending;
    this.pending = [];
    this.flushing = null;
    const byQueue = new Map<string, JobRef[]>();
    for (const ref of refs) byQueue.set(ref.queue, [...(byQueue.get(ref.queue) ?? []), ref]);
    const saves = [...byQueue].map(([name, list]) => {
      const producer = this.lane(name).producer;
      const jobs = list.map((ref) => {
        const runAt = Date.parse(ref.run_at);
        const job = producer.createJob({ id: ref.id }).setId(`${ref.id}@${runAt}`);
        return runAt > Date.now() ? job.delayUntil(runAt) : job;
      });
      return producer.saveAll(jobs);
    });
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(resolve, PUSH_TIMEOUT_MS, 'timeout').unref());
    const outcome = await Promise.race([Promise.allSettled(saves), timeout]);
    if (outcome === 'timeout')
      this.options.logger.warn({ jobs: refs.length }, 'redis did not take the jobs in time; they are pushed again when it is back');
  }

  async consume(options: ConsumeOptions, work: (delivery: Delivery) => Promise<void>): Promise<Consumer> {
    for (const name of options.queues) {
      const lane = this.lane(name);
      if (lane.consumer) throw new Error(`queue ${name} is consumed already in this process`);
      lane.consumer = { queue: this.startConsumer(name, options.concurrency, work), concurrency: options.concurrency, work };
    }
    return {
      stop: async () => {
        const closing: Promise<void>[] = [];
        for (const name of options.queues) {
          const lane = this.lanes.get(name);
          if (!lane?.consumer) continue;
          // Stop taking jobs; those in hand finish (the caller waits for its own handlers).
          closing.push(forceClose(lane.consumer.queue));
          lane.consumer = null;
        }
        await Promise.all(closing);
      },
    };
  }

  onReconnect(listener: () => void): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.options.redis.off('close', this.onClose);
    this.options.redis.off('ready', this.onReady);
    this.options.redis.off('error', this.onError);
    await this.recreating;
    if (this.flushing) await this.flushing;
    await Promise.all(
      [...this.lanes.values()].flatMap((lane) => [forceClose(lane.producer), lane.consumer && forceClose(lane.consumer.queue)]),
    );
    this.lanes.clear();
  }
}

/** The longest pause bee-queue takes before it asks Redis again for the next job, after a failure. */
const MAX_WAIT_RETRY_MS = 2_000;

/**
 * bee-queue 2.0.0 retries a failed wait for the next job for ever, and only an abort error of a
 * closed queue ends it. Its pause is one field per queue that each failure doubles, without bound,
 * and a worker queue has a wait per slot (32 here): in a Redis outage of seconds it reached 128 s.
 * A queue closed during an outage fails with other errors, so its timers went on and kept CI's
 * test process alive after the last test. Here the pause is capped as it is written, and a
 * closed queue's wait ends.
 */
export function boundWaits(queue: BeeQueue): void {
  const q = queue as unknown as { paused: boolean; _redisFailureRetryDelay?: number; _waitForJob(): Promise<unknown> };
  let pause = 0;
  Object.defineProperty(q, '_redisFailureRetryDelay', {
    get: () => pause,
    set: (ms: number) => {
      pause = Math.min(ms, MAX_WAIT_RETRY_MS);
    },
  });
  const wait = q._waitForJob.bind(q);
  q._waitForJob = () => (q.paused ? Promise.resolve(null) : wait());
}

/** Closes a Queue object without waiting on a connection that may be dead: its clients are ended after a short grace. */
async function forceClose(queue: BeeQueue): Promise<void> {
  const grace = new Promise<void>((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref());
  await Promise.race([queue.close(0).catch(() => {}), grace]);
  const clients = queue as unknown as Record<'client' | 'bclient' | 'eclient', { end?(flush: boolean): void; connected?: boolean } | null>;
  for (const key of ['client', 'bclient', 'eclient'] as const) {
    try {
      clients[key]?.end?.(false);
    } catch {
      // already ended
    }
  }
}
