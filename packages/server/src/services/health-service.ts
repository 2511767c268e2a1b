import { SecaiError } from '@secai/core';
import { isPostgres } from '../store/database.js';
import type { ServiceDeps } from './context.js';

export class HealthService {
  constructor(private readonly deps: ServiceDeps) {}

  /** Ready when the database answers a trivial query. */
  async readiness(): Promise<{ status: 'ready'; database: 'sqlite' | 'postgresql' }> {
    const { db } = this.deps;
    try {
      await db.raw('select 1');
    } catch {
      throw new SecaiError('NOT_READY', 'The database does not answer', { status: 503 });
    }
    return { status: 'ready', database: isPostgres(db) ? 'postgresql' : 'sqlite' };
  }
}
