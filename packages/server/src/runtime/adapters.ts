import type { Redis } from 'ioredis';
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
import { MemoryPubSub } from '../pubsub/memory-pubsub.js';
import type { PubSub } from '../pubsub/pubsub.js';
import { RedisPubSub } from '../pubsub/redis-pubsub.js';
import { createRedis } from '../redis/connection.js';
import type { Db } from '../store/database.js';

/** The engines behind the services: embedded by default, Redis when `redisUrl` is set. */
export interface Adapters {
  pubsub: PubSub;
  cache: Cache;
  lock: Lock;
  counters: Counters;
  /** The command connection, when Redis is configured (health checks, bee-queue's supervisor). */
  redis: Redis | null;
}

/** Builds every adapter the configuration asks for; `overrides` replace single ones (tests). */
export function createAdapters(config: Config, db: Db, overrides: Partial<Adapters> = {}): Adapters {
  if (!config.redisUrl) {
    return {
      pubsub: overrides.pubsub ?? new MemoryPubSub(),
      cache: overrides.cache ?? new MemoryCache(),
      lock: overrides.lock ?? new DatabaseLock(db),
      counters: overrides.counters ?? new MemoryCounters(),
      redis: overrides.redis ?? null,
    };
  }
  const redis = overrides.redis ?? createRedis(config.redisUrl, config.redisPrefix);
  return {
    pubsub: overrides.pubsub ?? new RedisPubSub(redis, config.redisPrefix),
    cache: overrides.cache ?? new RedisCache(redis),
    lock: overrides.lock ?? new RedisLock(redis),
    counters: overrides.counters ?? new RedisCounters(redis),
    redis,
  };
}

export async function closeAdapters(adapters: Adapters): Promise<void> {
  await Promise.allSettled([adapters.pubsub.close(), adapters.cache.close(), adapters.lock.close(), adapters.counters.close()]);
  if (adapters.redis) await adapters.redis.quit().catch(() => adapters.redis?.disconnect());
}
