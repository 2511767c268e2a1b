import { ServiceUnavailableError } from '@secai/core';
import type { Redis } from 'ioredis';
import { isPostgres } from '../store/database.js';
import type { ServiceDeps } from './context.js';

/**
 * How long a probe waits for `select 1`. An unreachable host (packets dropped, not refused)
 * would otherwise hold the probe for the pool's acquire timeout, a minute, and the orchestrator's
 * probe would time out instead of reading a clear 503.
 */
const READINESS_TIMEOUT_MS = 2000;
/** A probe asks again sooner than a client retries a request. */
const READINESS_RETRY_AFTER_SECONDS = 2;

export class HealthService {
  /** `redis`: the runtime's command connection, when Redis is configured. */
  constructor(
    private readonly deps: ServiceDeps,
    private readonly redis: Pick<Redis, 'ping'> | null = null,
  ) {}

  /**
   * Ready when the database answers a trivial query, and Redis a PING, within two seconds each:
   * without Redis, jobs, locks and login limits of a deployment that uses it do not work.
   */
  async readiness(): Promise<{ status: 'ready'; database: 'sqlite' | 'postgresql'; adapters: 'embedded' | 'redis' }> {
    const { db } = this.deps;
    await answersWithin(() => db.raw('select 1'), 'The database does not answer');
    if (this.redis) {
      const redis = this.redis;
      await answersWithin(() => redis.ping(), 'Redis does not answer');
    }
    return { status: 'ready', database: isPostgres(db) ? 'postgresql' : 'sqlite', adapters: this.redis ? 'redis' : 'embedded' };
  }
}

async function answersWithin(probe: () => Promise<unknown>, refusal: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${READINESS_TIMEOUT_MS} ms`)), READINESS_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe(), timeout]);
  } catch (err) {
    throw new ServiceUnavailableError(refusal, READINESS_RETRY_AFTER_SECONDS, 'NOT_READY', err);
  } finally {
    clearTimeout(timer);
  }
}
