import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Lease, Lock } from './lock.js';

// Only the holder's token may extend or release a lease (the Redis documentation's lock pattern).
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** Leases as Redis keys under `lock:`: `SET NX PX` takes one, a token proves the holder. */
export class RedisLock implements Lock {
  constructor(private readonly redis: Redis) {}

  async acquire(key: string, ttlMs: number): Promise<Lease | null> {
    const name = `lock:${key}`;
    const token = randomUUID();
    const taken = await this.redis.set(name, token, 'PX', Math.max(1, Math.round(ttlMs)), 'NX');
    if (taken !== 'OK') return null;
    return {
      key,
      extend: async (ms) => (await this.redis.eval(EXTEND, 1, name, token, Math.max(1, Math.round(ms)))) === 1,
      release: async () => {
        await this.redis.eval(RELEASE, 1, name, token);
      },
    };
  }

  async close(): Promise<void> {}
}
