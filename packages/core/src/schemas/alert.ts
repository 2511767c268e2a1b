import { z } from 'zod';
import { ALERT_STATUSES } from '../alert-status/workflow.js';
import { ALERT_SORT_FIELDS } from '../constants/alert.js';
import { Id, IdPrefix, listParam, PageQuery, Severity, sortParam, Tag, TimeRangeQuery, Timestamp } from './common.js';

export const AlertStatus = z.enum(ALERT_STATUSES);
export type AlertStatus = z.infer<typeof AlertStatus>;

/** MITRE ATT&CK technique or sub-technique id. */
export const TechniqueId = z.string().regex(/^T\d{4}(\.\d{3})?$/, 'ATT&CK technique ids look like T1059 or T1059.001');

export const Alert = z
  .object({
    id: Id,
    title: z.string(),
    description: z.string().nullable(),
    severity: Severity,
    status: AlertStatus,
    source: z.string().nullable(),
    rule: z.string().nullable(),
    alert_type: z.string().nullable(),
    asset_id: Id.nullable(),
    assignee_id: Id.nullable(),
    technique_ids: z.array(z.string()),
    /** ATT&CK tactic names (`Execution`, `Defense Evasion`), from the rule's tags. */
    tactics: z.array(z.string()),
    tags: z.array(z.string()),
    /** The first events (ALERT_EVENTS_KEPT at most); `event_count` counts them all. */
    events: z.array(z.record(z.string(), z.unknown())),
    event_count: z.number().int(),
    /** The detection rule that raised it (kept after the rule is removed), and that rule's author (credited, as the Detection Rule License asks). */
    rule_id: Id.nullable(),
    rule_author: z.string().nullable(),
    first_seen_at: Timestamp,
    last_seen_at: Timestamp,
    created_at: Timestamp,
    updated_at: Timestamp,
    acknowledged_at: Timestamp.nullable(),
    resolved_at: Timestamp.nullable(),
  })
  .meta({ id: 'Alert' });
export type Alert = z.infer<typeof Alert>;

export const AlertCreate = z.object({
  title: z.string().min(1).max(500),
  severity: Severity,
  description: z.string().max(20_000).nullish(),
  source: z.string().max(200).nullish(),
  rule: z.string().max(500).nullish(),
  alert_type: z.string().max(64).nullish(),
  asset_id: Id.nullish(),
  assignee_id: Id.nullish(),
  technique_ids: z.array(TechniqueId).max(64).default([]),
  tags: z.array(Tag).max(64).default([]),
  events: z.array(z.record(z.string(), z.unknown())).max(100).default([]),
  first_seen_at: Timestamp.optional(),
  last_seen_at: Timestamp.optional(),
});
export type AlertCreate = z.infer<typeof AlertCreate>;

export const AlertUpdate = z
  .object({
    title: z.string().min(1).max(500),
    description: z.string().max(20_000).nullable(),
    severity: Severity,
    status: AlertStatus,
    assignee_id: Id.nullable(),
    asset_id: Id.nullable(),
    alert_type: z.string().max(64).nullable(),
    technique_ids: z.array(TechniqueId).max(64),
    tags: z.array(Tag).max(64),
    /** Added as a comment in the same change, e.g. why it was resolved. */
    comment: z.string().min(1).max(20_000),
  })
  .partial();
export type AlertUpdate = z.infer<typeof AlertUpdate>;

export { ALERT_SORT_FIELDS };

export const AlertListQuery = PageQuery.extend(TimeRangeQuery.shape).extend({
  status: listParam(AlertStatus),
  severity: listParam(Severity),
  min_severity: Severity.optional(),
  asset_id: Id.optional(),
  assignee_id: z.union([Id, z.literal('none')]).optional(),
  alert_type: z.string().optional(),
  source: z.string().optional(),
  tag: listParam(Tag),
  q: z.string().max(200).optional(),
  /** Alerts whose id starts with this. */
  id_prefix: IdPrefix.optional(),
  sort: sortParam(ALERT_SORT_FIELDS, '-created_at'),
});
export type AlertListQuery = z.infer<typeof AlertListQuery>;

export const AlertComment = z
  .object({
    id: Id,
    alert_id: Id,
    author_id: Id.nullable(),
    author: z.string().nullable(),
    body: z.string(),
    created_at: Timestamp,
  })
  .meta({ id: 'AlertComment' });
export type AlertComment = z.infer<typeof AlertComment>;

export const AlertCommentCreate = z.object({ body: z.string().min(1).max(20_000) });

export const AlertType = z
  .object({
    id: Id,
    name: z.string(),
    description: z.string().nullable(),
    default_severity: Severity,
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'AlertType' });
export type AlertType = z.infer<typeof AlertType>;

export const AlertTypeCreate = z.object({
  name: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'alert type names are lowercase letters, digits, ., - and _'),
  description: z.string().max(500).nullish(),
  default_severity: Severity.default('medium'),
});
export type AlertTypeCreate = z.infer<typeof AlertTypeCreate>;
export const AlertTypeUpdate = AlertTypeCreate.partial();
export type AlertTypeUpdate = z.infer<typeof AlertTypeUpdate>;
