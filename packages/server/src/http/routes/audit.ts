import { AuditEvent, AuditListQuery, pageOf } from '@secai/core';
import type { Services } from '../../services/index.js';
import type { ApiRouter } from '../api-router.js';

/** The audit log. */
export function auditRoutes(api: ApiRouter, services: Services): void {
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
}
