import { z } from 'zod';
import { RULE_SORT_FIELDS, SIGMA_LEVELS, SIGMA_STATUSES } from '../constants/detection.js';
import { Id, IdPrefix, listParam, PageQuery, Severity, sortParam, Tag, Timestamp } from './common.js';

export const SigmaStatus = z.enum(SIGMA_STATUSES);
export const SigmaLevel = z.enum(SIGMA_LEVELS);

/** Rule sets are named like packages: `sigmahq`, `team-windows`. */
export const RuleSetName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'rule set names are lowercase letters, digits, ., - and _');

/** A Sigma rule (or correlation) as the server keeps it: from a rule set, enabled or not. */
export const DetectionRule = z
  .object({
    id: Id,
    rule_set: RuleSetName,
    /** Its file within the rule set, as imported. */
    path: z.string(),
    /** The rule's own `id` (a UUID in SigmaHQ), null when it has none. */
    sigma_id: z.string().nullable(),
    kind: z.enum(['rule', 'correlation']),
    title: z.string(),
    status: z.string().nullable(),
    level: z.string().nullable(),
    /** The level given by an analyst instead of the rule's, as an alert severity. */
    level_override: Severity.nullable(),
    /** What its alerts are raised with: the override, else the rule's level. */
    severity: Severity,
    enabled: z.boolean(),
    /** Why the engine will not run it (an unsupported modifier, a logsource it cannot map); null when it runs. */
    refused: z.string().nullable(),
    author: z.string().nullable(),
    tags: z.array(z.string()),
    logsource: z.object({ product: z.string().optional(), category: z.string().optional(), service: z.string().optional() }).nullable(),
    /** The rule set's version in which the rule last changed. */
    version: z.number().int(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'DetectionRule' });
export type DetectionRule = z.infer<typeof DetectionRule>;

/** An exception: the rule stays silent on events whose fields hold one of the values given. */
export const RuleException = z
  .object({
    id: Id,
    rule_id: Id,
    /** Event field (a dotted path such as `host.name`, `user.name`, `source.ip`) → values, case-insensitive, `*` as a wildcard. */
    match: z.record(z.string(), z.array(z.string())),
    reason: z.string(),
    /** Who answers for it. */
    owner: z.string(),
    /** When it stops silencing; null for never. */
    expires_at: Timestamp.nullable(),
    created_at: Timestamp,
  })
  .meta({ id: 'RuleException' });
export type RuleException = z.infer<typeof RuleException>;

export const DetectionRuleDetail = DetectionRule.extend({
  description: z.string().nullable(),
  references: z.array(z.string()),
  falsepositives: z.array(z.string()),
  /** The rule's YAML as imported. */
  yaml: z.string(),
  exceptions: z.array(RuleException),
}).meta({ id: 'DetectionRuleDetail' });
export type DetectionRuleDetail = z.infer<typeof DetectionRuleDetail>;

const RuleFile = z.object({ path: z.string().min(1).max(1_000), content: z.string().max(1_000_000) });

export const RuleImport = z
  .object({
    rule_set: RuleSetName,
    /** Every rule file of the set: rules missing from it are removed from the set. */
    files: z.array(RuleFile).min(1).max(20_000),
  })
  .strict()
  .meta({ id: 'RuleImport' });
export type RuleImport = z.infer<typeof RuleImport>;

export const RuleImportResult = z
  .object({
    rule_set: RuleSetName,
    /** The set's version after the import (the same as before when nothing changed). */
    version: z.number().int(),
    added: z.number().int(),
    changed: z.number().int(),
    removed: z.number().int(),
    unchanged: z.number().int(),
    /** Rules kept but not run, with why. */
    refused: z.array(z.object({ path: z.string(), title: z.string().nullable(), reason: z.string() })),
  })
  .meta({ id: 'RuleImportResult' });
export type RuleImportResult = z.infer<typeof RuleImportResult>;

export const RuleSetSummary = z
  .object({
    name: RuleSetName,
    version: z.number().int(),
    rules: z.number().int(),
    enabled: z.number().int(),
    refused: z.number().int(),
    imported_at: Timestamp,
  })
  .meta({ id: 'RuleSet' });
export type RuleSetSummary = z.infer<typeof RuleSetSummary>;

export const RuleListQuery = PageQuery.extend({
  rule_set: RuleSetName.optional(),
  status: listParam(SigmaStatus),
  level: listParam(SigmaLevel),
  tag: listParam(Tag),
  enabled: z.enum(['true', 'false']).optional(),
  /** `false`: only the rules the engine refuses. */
  runnable: z.enum(['true', 'false']).optional(),
  /** In the title or the Sigma id. */
  q: z.string().max(200).optional(),
  /** Rules whose id starts with this (the CLI's short ids). */
  id_prefix: IdPrefix.optional(),
  sort: sortParam(RULE_SORT_FIELDS, 'title'),
});
export type RuleListQuery = z.infer<typeof RuleListQuery>;

export const RuleUpdate = z
  .object({
    enabled: z.boolean().optional(),
    level_override: Severity.nullable().optional(),
  })
  .strict()
  .meta({ id: 'RuleUpdate' });
export type RuleUpdate = z.infer<typeof RuleUpdate>;

/** Enables or disables every rule the filter selects (all of them when it is empty). */
export const RuleBulkUpdate = z
  .object({
    filter: z
      .object({
        rule_set: RuleSetName.optional(),
        status: z.array(SigmaStatus).min(1).optional(),
        level: z.array(SigmaLevel).min(1).optional(),
        tag: z.array(Tag).min(1).optional(),
      })
      .strict(),
    enabled: z.boolean(),
  })
  .strict()
  .meta({ id: 'RuleBulkUpdate' });
export type RuleBulkUpdate = z.infer<typeof RuleBulkUpdate>;

export const RuleExceptionCreate = z
  .object({
    match: z
      .record(z.string().min(1).max(200), z.array(z.string().min(1).max(500)).min(1).max(100))
      .refine((m) => Object.keys(m).length > 0, 'an exception matches at least one field'),
    reason: z.string().trim().min(1, 'say why the rule may stay silent there').max(1_000),
    /** Who answers for it; the caller by default. */
    owner: z.string().min(1).max(64).optional(),
    expires_at: Timestamp.nullable().optional(),
  })
  .strict()
  .meta({ id: 'RuleExceptionCreate' });
export type RuleExceptionCreate = z.infer<typeof RuleExceptionCreate>;

/** Rules (YAML, several documents allowed) run on events, as `secai detect test` does offline. */
export const RuleTest = z
  .object({
    rules: z.string().min(1).max(1_000_000),
    /** Events as JSON objects (a Windows record, an ECS document) or log lines. */
    events: z
      .array(z.union([z.string().max(65_536), z.record(z.string(), z.unknown())]))
      .min(1)
      .max(10_000),
  })
  .strict()
  .meta({ id: 'RuleTest' });
export type RuleTest = z.infer<typeof RuleTest>;

export const RuleTestResult = z
  .object({
    events: z.number().int(),
    hits: z.array(
      z.object({
        sigma_id: z.string().nullable(),
        title: z.string(),
        level: z.string().nullable(),
        /** Indexes of the events it fired on (for a correlation, of the events that completed it). */
        events: z.array(z.number().int()),
      }),
    ),
    refused: z.array(z.object({ title: z.string().nullable(), reason: z.string() })),
  })
  .meta({ id: 'RuleTestResult' });
export type RuleTestResult = z.infer<typeof RuleTestResult>;
