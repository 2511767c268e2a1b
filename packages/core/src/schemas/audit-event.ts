import { z } from 'zod';
import { AUDIT_OUTCOMES } from '../constants/audit.js';
import { Id, listParam, PageQuery, TimeRangeQuery, Timestamp } from './common.js';

export const AuditOutcome = z.enum(AUDIT_OUTCOMES);

export const AuditEvent = z
  .object({
    id: Id,
    at: Timestamp,
    actor_id: Id.nullable(),
    actor: z.string().nullable(),
    /** `<resource>.<verb>`, e.g. `alert.update`, `auth.login`. */
    action: z.string(),
    outcome: AuditOutcome,
    target_type: z.string().nullable(),
    target_id: z.string().nullable(),
    ip: z.string().nullable(),
    request_id: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEvent' });
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AuditListQuery = PageQuery.extend(TimeRangeQuery.shape).extend({
  action: listParam(z.string()),
  outcome: AuditOutcome.optional(),
  actor_id: Id.optional(),
  target_type: z.string().optional(),
  target_id: z.string().optional(),
});
export type AuditListQuery = z.infer<typeof AuditListQuery>;
