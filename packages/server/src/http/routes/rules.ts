import {
  DetectionRule,
  DetectionRuleDetail,
  pageOf,
  RuleBulkUpdate,
  RuleException,
  RuleExceptionCreate,
  RuleImport,
  RuleImportResult,
  RuleListQuery,
  RuleSetName,
  RuleSetSummary,
  RuleTest,
  RuleTestResult,
  RuleUpdate,
} from '@secai/core';
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { type ApiRouter, IdParams } from '../api-router.js';

const ExceptionParams = IdParams.extend({ exceptionId: z.string().min(1).max(64) });

/** Detection rules: rule sets imported, rules enabled and tuned, exceptions, and a test on events. */
export function rulesRoutes(api: ApiRouter, services: Services): void {
  const { rules } = services;

  api.route(
    {
      method: 'get',
      path: '/v1/rules',
      tag: 'rules',
      summary: 'list detection rules',
      description:
        'Filters: `rule_set`, `status` and `level` (Sigma values, lists), `tag` (e.g. `attack.t1059.001`), `enabled`, `runnable=false` for the rules the engine refuses (with why in `refused`), `q` in the title or Sigma id, and `id_prefix` for rules whose id starts with it.',
      permission: 'rules:read',
      query: RuleListQuery,
      response: pageOf(DetectionRule),
    },
    ({ query }) => rules.list(query),
  );
  api.route(
    {
      method: 'post',
      path: '/v1/rules',
      tag: 'rules',
      summary: 'import a rule set',
      description:
        "Every rule file of a set (`files`: path and YAML; several documents per file allowed). Rules are matched to the set's stored ones by Sigma id (else by path): new ones are added, enabled unless `deprecated` or `unsupported`; changed ones keep whether they are enabled, their level override and their exceptions; those the import no longer holds are removed. The set's version moves on when anything changed. A rule the engine cannot run is kept, disabled, with the reason, and listed in `refused`.",
      permission: 'rules:write',
      body: RuleImport,
      response: RuleImportResult,
    },
    ({ body, ctx }) => rules.import(ctx, body),
  );
  api.route(
    {
      method: 'patch',
      path: '/v1/rules',
      tag: 'rules',
      summary: 'enable or disable rules by set, status, level or tag',
      description:
        'Every rule the filter selects (lists are any-of; an empty filter selects all) is enabled or disabled; answers how many changed.',
      permission: 'rules:write',
      body: RuleBulkUpdate,
      response: z.object({ updated: z.number().int() }),
    },
    ({ body, ctx }) => rules.updateMany(ctx, body),
  );
  api.route(
    {
      method: 'get',
      path: '/v1/rule-sets',
      tag: 'rules',
      summary: 'list rule sets',
      description: 'Each imported set with its version and counts of rules, enabled rules and refused rules; one page.',
      permission: 'rules:read',
      response: pageOf(RuleSetSummary),
    },
    async () => ({ data: await rules.ruleSets(), next_cursor: null }),
  );
  api.route(
    {
      method: 'delete',
      path: '/v1/rule-sets/:name',
      tag: 'rules',
      summary: 'delete a rule set',
      description:
        'Its rules and their exceptions go with it; the alerts they raised stay. The pipeline stops running them within seconds.',
      permission: 'rules:write',
      params: z.object({ name: RuleSetName }),
      status: 204,
    },
    ({ params, ctx }) => rules.deleteRuleSet(ctx, params.name),
  );
  api.route(
    {
      method: 'post',
      path: '/v1/rules/test',
      tag: 'rules',
      summary: 'run rules on events',
      description:
        'Rules as YAML (several documents allowed, correlations too) run on the events given (JSON objects or log lines), in time order, as `secai detect test` does offline. Nothing is stored and no alert is raised. Answers which rules fired on which events (by index), and the rules the engine refused with why. Needs `rules:write`, as the regular expressions of the rules run on the server.',
      permission: 'rules:write',
      body: RuleTest,
      response: RuleTestResult,
    },
    async ({ body }) => rules.test(body),
  );
  api.route(
    {
      method: 'get',
      path: '/v1/rules/:id',
      tag: 'rules',
      summary: 'get a rule, with its YAML and exceptions',
      description: "`id` is the rule's id, or its Sigma id when one rule set holds it.",
      permission: 'rules:read',
      params: IdParams,
      response: DetectionRuleDetail,
    },
    ({ params }) => rules.get(params.id),
  );
  api.route(
    {
      method: 'patch',
      path: '/v1/rules/:id',
      tag: 'rules',
      summary: 'enable or disable a rule, or override its level',
      description:
        "`level_override` is the severity its alerts get instead of the rule's level (null removes it). A rule the engine refuses cannot be enabled (400). The pipeline runs the change within seconds.",
      permission: 'rules:write',
      params: IdParams,
      body: RuleUpdate,
      response: DetectionRule,
    },
    ({ params, body, ctx }) => rules.update(ctx, params.id, body),
  );
  api.route(
    {
      method: 'post',
      path: '/v1/rules/:id/exceptions',
      tag: 'rules',
      summary: 'silence a rule for some hosts or users',
      description:
        '`match` maps event fields (`host.name`, `user.name`, `source.ip`) to values, compared case-insensitively with `*` as a wildcard; the rule stays silent on an event that matches every field. `owner` (the caller by default) answers for it; past `expires_at` it silences nothing.',
      permission: 'rules:write',
      params: IdParams,
      body: RuleExceptionCreate,
      response: RuleException,
      status: 201,
    },
    ({ params, body, ctx }) => rules.addException(ctx, params.id, body),
  );
  api.route(
    {
      method: 'delete',
      path: '/v1/rules/:id/exceptions/:exceptionId',
      tag: 'rules',
      summary: 'remove an exception',
      permission: 'rules:write',
      params: ExceptionParams,
      status: 204,
    },
    ({ params, ctx }) => rules.deleteException(ctx, params.id, params.exceptionId),
  );
}
