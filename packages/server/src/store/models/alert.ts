import { BaseModel } from './base-model.js';

export class AlertModel extends BaseModel {
  static override tableName = 'alerts';
  static override jsonAttributes = ['technique_ids', 'tactics', 'tags', 'events'];
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
  declare tactics: string[];
  declare event_count: number;
  declare rule_id: string | null;
  declare rule_author: string | null;
  declare group_key: string | null;
  declare tags: string[];
  declare events: Record<string, unknown>[];
  declare first_seen_at: string;
  declare last_seen_at: string;
  declare created_at: string;
  declare updated_at: string;
  declare acknowledged_at: string | null;
  declare resolved_at: string | null;
}
