import { AuditEvent, AuditListQuery, pageOf } from '@secai/core';
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import type { ApiRouter } from '../api-router.js';

const Health = z.object({ status: z.literal('ok') });
const Ready = z.object({ status: z.literal('ready'), database: z.enum(['sqlite', 'postgresql']) });

/** The audit log and the probes. */
export function operationsRoutes(api: ApiRouter, services: Services): void {
  api.route(
    {
      method: 'get',
      path: '/v1/audit',
      tag: 'audit',
      summary: 'list audit events, newest first',
      permission: 'audit:read',
      query: AuditListQuery,
      response: pageOf(AuditEvent),
    },
    ({ query }) => services.audit.list(query),
  );

  api.route(
    { method: 'get', path: '/healthz', tag: 'health', summary: 'the process is up', permission: 'public', response: Health },
    async () => ({ status: 'ok' as const }),
  );

  api.route({ method: 'get', path: '/readyz', tag: 'health', summary: 'the database answers', permission: 'public', response: Ready }, () =>
    services.health.readiness(),
  );
}
