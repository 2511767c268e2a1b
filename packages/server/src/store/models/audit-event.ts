import { BaseModel } from './base-model.js';

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
