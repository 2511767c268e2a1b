// Test support for Redis: the shared server named by SECAI_TEST_REDIS_URL, a key prefix of each
// run's own, and its keys removed afterwards. Without the variable, Redis suites count as skipped.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.SECAI_TEST_REDIS_URL;

/** A prefix no other run uses: `secai-test-<pid>-<random>:`. */
export function testPrefix(): string {
  return `secai-test-${process.pid}-${randomBytes(4).toString('hex')}:`;
}

/** Deletes every key under `prefix`; a Redis that is gone already (a test's own) is left alone. */
export async function dropPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } catch {
    // nothing left to clean
  } finally {
    redis.disconnect();
  }
}
