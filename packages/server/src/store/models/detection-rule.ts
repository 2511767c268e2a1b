import { BaseModel } from './base-model.js';

/** A row of `detection_rules`: a Sigma rule document of a rule set, with the analyst's choices. */
export class DetectionRuleModel extends BaseModel {
  static override tableName = 'detection_rules';
  static override jsonAttributes = ['tags', 'logsource'];
  declare id: string;
  declare rule_set: string;
  /** Its key within the set: the Sigma id, else the path (a re-import finds the rule by it). */
  declare rule_key: string;
  declare path: string;
  declare sigma_id: string | null;
  declare kind: 'rule' | 'correlation';
  declare title: string;
  declare status: string | null;
  declare level: string | null;
  declare level_override: string | null;
  declare enabled: boolean;
  declare refused: string | null;
  declare author: string | null;
  declare tags: string[];
  declare logsource: { product?: string; category?: string; service?: string } | null;
  declare yaml: string;
  declare content_hash: string;
  declare version: number;
  declare created_at: string;
  declare updated_at: string;
}

export class RuleExceptionModel extends BaseModel {
  static override tableName = 'rule_exceptions';
  static override jsonAttributes = ['match'];
  declare id: string;
  declare rule_id: string;
  declare match: Record<string, string[]>;
  declare reason: string;
  declare owner: string;
  declare expires_at: string | null;
  declare created_at: string;
}
