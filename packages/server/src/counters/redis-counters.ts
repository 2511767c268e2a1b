import type { Redis } from 'ioredis';
import type { Counters, WindowCount } from './counters.js';

// INCR, and start the window's expiry on the first hit, in one round trip.
const INCREMENT = `local n = redis.call('incr', KEYS[1])
if n == 1 then redis.call('pexpire', KEYS[1], ARGV[1]) end
local ttl = redis.call('pttl', KEYS[1])
if ttl < 0 then redis.call('pexpire', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`;
const DECREMENT = `if (tonumber(redis.call('get', KEYS[1]) or '0')) > 0 then return redis.call('decr', KEYS[1]) else return 0 end`;

/** Fixed-window counts in Redis under `count:`, shared by every instance. */
export class RedisCounters implements Counters {
  constructor(private readonly redis: Redis) {}

  async increment(key: string, windowMs: number): Promise<WindowCount> {
    const [count, ttl] = (await this.redis.eval(INCREMENT, 1, `count:${key}`, Math.max(1, Math.round(windowMs)))) as [number, number];
    return { count, resetAt: Date.now() + ttl };
  }

  async decrement(key: string): Promise<void> {
    await this.redis.eval(DECREMENT, 1, `count:${key}`);
  }

  async get(key: string): Promise<WindowCount | undefined> {
    const [count, ttl] = await Promise.all([this.redis.get(`count:${key}`), this.redis.pttl(`count:${key}`)]);
    if (count === null || ttl < 0) return undefined;
    return { count: Number(count), resetAt: Date.now() + ttl };
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(`count:${key}`);
  }

  async close(): Promise<void> {}
}
