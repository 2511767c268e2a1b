import { BaseModel } from './base-model.js';

export class AlertModel extends BaseModel {
  static override tableName = 'alerts';
  static override jsonAttributes = ['technique_ids', 'tags', 'events'];
  declare id: string;
  declare title: string;
  declare description: string | null;
  declare severity: string;
  declare severity_rank: number;
  declare status: string;
  declare source: string | null;
  declare rule: string | null;
  declare alert_type: string | null;
  declare asset_id: string | null;
  declare assignee_id: string | null;
  declare technique_ids: string[];
  declare tags: string[];
  declare events: Record<string, unknown>[];
  declare first_seen_at: string;
  declare last_seen_at: string;
  declare created_at: string;
  declare updated_at: string;
  declare acknowledged_at: string | null;
  declare resolved_at: string | null;
}

export class AlertCommentModel extends BaseModel {
  static override tableName = 'alert_comments';
  declare id: string;
  declare alert_id: string;
  declare author_id: string | null;
  declare author: string | null;
  declare body: string;
  declare created_at: string;
}

export class AlertTypeModel extends BaseModel {
  static override tableName = 'alert_types';
  declare id: string;
  declare name: string;
  declare description: string | null;
  declare default_severity: string;
  declare created_at: string;
  declare updated_at: string;
}

export class VulnerabilityModel extends BaseModel {
  static override tableName = 'vulnerabilities';
  static override jsonAttributes = ['cve_ids', 'cwe_ids'];
  declare id: string;
  declare asset_id: string | null;
  declare title: string;
  declare description: string | null;
  declare cve_ids: string[];
  declare cwe_ids: string[];
  declare cvss_vector: string | null;
  declare cvss_score: number | null;
  declare severity: string;
  declare severity_rank: number;
  declare status: string;
  declare component: string | null;
  declare version: string | null;
  declare fix_version: string | null;
  declare scanner: string | null;
  declare fingerprint: string | null;
  declare risk_accepted_until: string | null;
  declare first_seen_at: string;
  declare last_seen_at: string;
  declare fixed_at: string | null;
  declare created_at: string;
  declare updated_at: string;
}

export class AuditEventModel extends BaseModel {
  static override tableName = 'audit_events';
  static override jsonAttributes = ['details'];
  declare id: string;
  declare at: string;
  declare actor_id: string | null;
  declare actor: string | null;
  declare action: string;
  declare outcome: string;
  declare target_type: string | null;
  declare target_id: string | null;
  declare ip: string | null;
  declare request_id: string | null;
  declare details: Record<string, unknown>;
}
