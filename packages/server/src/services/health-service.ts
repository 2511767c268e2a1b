import { ServiceUnavailableError } from '@secai/core';
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
  constructor(private readonly deps: ServiceDeps) {}

  /** Ready when the database answers a trivial query within two seconds. */
  async readiness(): Promise<{ status: 'ready'; database: 'sqlite' | 'postgresql' }> {
    const { db } = this.deps;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${READINESS_TIMEOUT_MS} ms`)), READINESS_TIMEOUT_MS);
    });
    try {
      await Promise.race([db.raw('select 1'), timeout]);
    } catch (err) {
      throw new ServiceUnavailableError('The database does not answer', READINESS_RETRY_AFTER_SECONDS, 'NOT_READY', err);
    } finally {
      clearTimeout(timer);
    }
    return { status: 'ready', database: isPostgres(db) ? 'postgresql' : 'sqlite' };
  }
}
