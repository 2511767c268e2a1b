import type { Redis } from 'ioredis';
import { type Logger, pino } from 'pino';
import type { Cache } from '../cache/cache.js';
import { MemoryCache } from '../cache/memory-cache.js';
import { RedisCache } from '../cache/redis-cache.js';
import type { Config } from '../config.js';
import type { Counters } from '../counters/counters.js';
import { MemoryCounters } from '../counters/memory-counters.js';
import { RedisCounters } from '../counters/redis-counters.js';
import { DatabaseLock } from '../lock/database-lock.js';
import type { Lock } from '../lock/lock.js';
import { RedisLock } from '../lock/redis-lock.js';
import { createLogStore } from '../logstore/index.js';
import type { LogStore } from '../logstore/log-store.js';
import { MemoryPubSub } from '../pubsub/memory-pubsub.js';
import type { PubSub } from '../pubsub/pubsub.js';
import { RedisPubSub } from '../pubsub/redis-pubsub.js';
import { BeeQueueTransport } from '../queue/bee-queue.js';
import { DatabaseQueue } from '../queue/database-queue.js';
import type { Queue } from '../queue/queue.js';
import { createRedis } from '../redis/connection.js';
import type { Db } from '../store/database.js';

/** The engines behind the services: embedded by default, Redis when `redisUrl` is set. */
export interface Adapters {
  pubsub: PubSub;
  cache: Cache;
  lock: Lock;
  counters: Counters;
  /** The transport of background jobs: the database polled in-process, or bee-queue on Redis. */
  queue: Queue;
  /** Where events are stored and searched: beside the database (SQLite or PostgreSQL), or Elasticsearch. */
  logStore: LogStore;
  /** The command connection, when Redis is configured (health checks, bee-queue's supervisor). */
  redis: Redis | null;
}

/** Builds every adapter the configuration asks for; `overrides` replace single ones (tests). */
export function createAdapters(
  config: Config,
  db: Db,
  overrides: Partial<Adapters> = {},
  logger: Logger = pino({ level: 'silent' }),
): Adapters {
  if (!config.redisUrl) {
    return {
      pubsub: overrides.pubsub ?? new MemoryPubSub(),
      cache: overrides.cache ?? new MemoryCache(),
      lock: overrides.lock ?? new DatabaseLock(db),
      counters: overrides.counters ?? new MemoryCounters(),
      queue: overrides.queue ?? new DatabaseQueue(db),
      logStore: overrides.logStore ?? createLogStore(config, db),
      redis: overrides.redis ?? null,
    };
  }
  const redis = overrides.redis ?? createRedis(config.redisUrl, config.redisPrefix);
  // ioredis reconnects by itself and says so on every failed try; without a listener each one is
  // printed as an unhandled error. Readiness (/readyz) reports an outage; the log has the details.
  redis.on('error', (err: Error) => logger.debug({ err }, 'redis connection error'));
  return {
    pubsub: overrides.pubsub ?? new RedisPubSub(redis, config.redisPrefix),
    cache: overrides.cache ?? new RedisCache(redis),
    lock: overrides.lock ?? new RedisLock(redis),
    counters: overrides.counters ?? new RedisCounters(redis),
    queue: overrides.queue ?? new BeeQueueTransport({ url: config.redisUrl, prefix: config.redisPrefix, redis, logger }),
    logStore: overrides.logStore ?? createLogStore(config, db),
    redis,
  };
}

export async function closeAdapters(adapters: Adapters): Promise<void> {
  await adapters.queue.close().catch(() => {});
  await Promise.allSettled([
    adapters.logStore.close(),
    adapters.pubsub.close(),
    adapters.cache.close(),
    adapters.lock.close(),
    adapters.counters.close(),
  ]);
  if (adapters.redis) await adapters.redis.quit().catch(() => adapters.redis?.disconnect());
}
