import { BaseModel } from './base-model.js';

export class SessionModel extends BaseModel {
  static override tableName = 'sessions';
  declare id: string;
  declare user_id: string;
  declare created_at: string;
  declare last_used_at: string;
  declare expires_at: string;
  declare revoked_at: string | null;
  declare revoked_reason: string | null;
  declare ip: string | null;
  declare user_agent: string | null;
}
