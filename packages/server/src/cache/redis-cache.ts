import type { Redis } from 'ioredis';
import type { Cache } from './cache.js';

/** Cache entries in Redis under `cache:`, expiring by themselves. */
export class RedisCache implements Cache {
  constructor(private readonly redis: Redis) {}

  async get<T>(key: string): Promise<T | undefined> {
    const text = await this.redis.get(`cache:${key}`);
    return text === null ? undefined : (JSON.parse(text) as T);
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    await this.redis.set(`cache:${key}`, JSON.stringify(value), 'PX', Math.max(1, Math.round(ttlMs)));
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(`cache:${key}`);
  }

  async close(): Promise<void> {}
}
