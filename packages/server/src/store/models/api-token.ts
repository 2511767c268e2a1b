import { BaseModel } from './base-model.js';

export class ApiTokenModel extends BaseModel {
  static override tableName = 'api_tokens';
  static override jsonAttributes = ['permissions'];
  declare id: string;
  declare user_id: string;
  declare name: string;
  declare prefix: string;
  declare token_hash: string;
  declare permissions: string[];
  declare expires_at: string | null;
  declare last_used_at: string | null;
  declare revoked_at: string | null;
  declare created_at: string;
  declare parent_id: string | null;
}
