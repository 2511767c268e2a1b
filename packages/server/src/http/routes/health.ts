import { z } from 'zod';
import type { Services } from '../../services/index.js';
import type { ApiRouter } from '../api-router.js';

const Health = z.object({ status: z.literal('ok') });
const Ready = z.object({
  status: z.literal('ready'),
  database: z.enum(['sqlite', 'postgresql']),
  /** `redis` when Redis carries jobs, pub/sub, locks and counters; `embedded` without it. */
  adapters: z.enum(['embedded', 'redis']),
});

/** The liveness and readiness probes. */
export function healthRoutes(api: ApiRouter, services: Services): void {
  api.route(
    { method: 'get', path: '/healthz', tag: 'health', summary: 'the process is up', permission: 'public', response: Health },
    async () => ({ status: 'ok' as const }),
  );

  api.route(
    {
      method: 'get',
      path: '/readyz',
      tag: 'health',
      summary: 'the database (and Redis, when configured) answer',
      permission: 'public',
      response: Ready,
    },
    () => services.health.readiness(),
  );
}
