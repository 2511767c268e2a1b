import { Redis, type RedisOptions } from 'ioredis';

/**
 * The one place ioredis clients are made. Every key and channel carries the deployment's prefix.
 * Commands issued while Redis is down wait (ioredis queues them and reconnects with backoff), so a
 * Redis restart is a pause, not an error, for the callers.
 */
export function createRedis(url: string, prefix: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    keyPrefix: prefix,
    // Reconnect for ever, backing off to 2 s: the supervisor, not a retry count, decides when Redis is gone.
    retryStrategy: (times) => Math.min(times * 100, 2_000),
    maxRetriesPerRequest: null,
    lazyConnect: false,
    ...options,
  });
}

/** `redis://host:port/db` as the connection settings bee-queue's own redis@3 client takes. */
export function redisSettings(url: string): { host: string; port: number; db: number; password?: string; username?: string; tls?: object } {
  const u = new URL(url);
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 6379),
    db: Number(u.pathname.slice(1) || 0),
    ...(u.password && { password: decodeURIComponent(u.password) }),
    ...(u.username && { username: decodeURIComponent(u.username) }),
    ...(u.protocol === 'rediss:' && { tls: {} }),
  };
}
