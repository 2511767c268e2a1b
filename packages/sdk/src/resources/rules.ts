import type { PagePromise } from '../paginate.js';
import type { Page, QueryOf, Schemas } from '../types.js';
import { type CallOptions, encodeId, Resource } from './resource.js';

export type DetectionRule = Schemas['DetectionRule'];
export type DetectionRuleDetail = Schemas['DetectionRuleDetail'];
export type RuleSet = Schemas['RuleSet'];
export type RuleImportParams = Schemas['RuleImport'];
export type RuleImportResult = Schemas['RuleImportResult'];
export type RuleUpdateParams = Schemas['RuleUpdate'];
export type RuleBulkUpdateParams = Schemas['RuleBulkUpdate'];
export type RuleException = Schemas['RuleException'];
export type RuleExceptionCreateParams = Schemas['RuleExceptionCreate'];
export type RuleTestParams = Schemas['RuleTest'];
export type RuleTestResult = Schemas['RuleTestResult'];
/** `enabled` and `runnable` are booleans here (`?enabled=true` on the wire), so they are left out of the generated query type. */
export type RuleListParams = Omit<QueryOf<'/v1/rules', 'get'>, 'enabled' | 'runnable' | 'cursor'> & {
  enabled?: boolean;
  /** `false`: only the rules the engine refuses (each with why, in `refused`). */
  runnable?: boolean;
};

/**
 * Detection rules: Sigma rule sets imported with versions, each rule enabled or not, with a level
 * override and exceptions that silence it for some hosts or users; and a test of rules on events.
 */
export class Rules extends Resource {
  /** @example for await (const rule of client.rules.list({ rule_set: 'sigmahq', runnable: false })) console.log(rule.title, rule.refused) */
  list(params: RuleListParams = {}, options?: CallOptions): PagePromise<DetectionRule> {
    return this.pageOf<DetectionRule>('v1/rules', params, options);
  }
  /** A rule by its id, or by its Sigma id when one rule set holds it; with its YAML and exceptions. */
  get(idOrSigmaId: string, options?: CallOptions): Promise<DetectionRuleDetail> {
    return this.getOne<DetectionRuleDetail>('v1/rules', idOrSigmaId, options);
  }
  /**
   * Imports a whole rule set: rules missing from `files` are removed from the set, changed ones
   * keep whether they are enabled, their level override and their exceptions. Rules the engine
   * cannot run are kept, disabled, and listed in `refused`.
   *
   * @example await client.rules.import({ rule_set: 'team-windows', files: [{ path: 'proc_creation/whoami.yml', content: yaml }] })
   */
  import(body: RuleImportParams, options?: CallOptions): Promise<RuleImportResult> {
    return this.postTo<RuleImportResult>('v1/rules', body, options);
  }
  /**
   * Enables or disables a rule, or overrides the severity its alerts get (`null` removes the
   * override). A rule the engine refuses cannot be enabled (ValidationError).
   *
   * @example await client.rules.update(ruleId, { level_override: 'low' })
   */
  update(idOrSigmaId: string, patch: RuleUpdateParams, options?: CallOptions): Promise<DetectionRule> {
    return this.patchOne<DetectionRule>('v1/rules', idOrSigmaId, patch, options);
  }
  /**
   * Enables or disables every rule the filter selects (lists are any-of; an empty filter selects all).
   *
   * @example const { updated } = await client.rules.updateMany({ filter: { rule_set: 'sigmahq', status: ['experimental'] }, enabled: false })
   */
  updateMany(body: RuleBulkUpdateParams, options?: CallOptions): Promise<{ updated: number }> {
    return this.http.request<{ updated: number }>('PATCH', 'v1/rules', { body, ...options });
  }
  /** Every imported rule set with its version and counts, in one page (there are few). */
  sets(options?: CallOptions): Promise<Page<RuleSet>> {
    return this.http.request<Page<RuleSet>>('GET', 'v1/rule-sets', options);
  }
  /** Deletes a rule set with its rules and their exceptions; the alerts they raised stay. */
  deleteSet(name: string, options?: CallOptions): Promise<void> {
    return this.deleteOne('v1/rule-sets', name, options);
  }
  /**
   * Runs rules (YAML, several documents allowed) on events, storing nothing and raising no alert.
   *
   * @example const { hits } = await client.rules.test({ rules: yaml, events: [{ EventID: 4688, CommandLine: 'whoami' }] })
   */
  test(body: RuleTestParams, options?: CallOptions): Promise<RuleTestResult> {
    return this.postTo<RuleTestResult>('v1/rules/test', body, options);
  }
  /**
   * Silences a rule on events whose fields all match (values case-insensitive, `*` a wildcard).
   *
   * @example await client.rules.addException(ruleId, { match: { 'host.name': ['build-*'] }, reason: 'CI runners', expires_at: '2027-01-01T00:00:00Z' })
   */
  addException(idOrSigmaId: string, body: RuleExceptionCreateParams, options?: CallOptions): Promise<RuleException> {
    return this.postTo<RuleException>(`v1/rules/${encodeId(idOrSigmaId)}/exceptions`, body, options);
  }
  deleteException(idOrSigmaId: string, exceptionId: string, options?: CallOptions): Promise<void> {
    return this.deleteOne(`v1/rules/${encodeId(idOrSigmaId)}/exceptions`, exceptionId, options);
  }
}
