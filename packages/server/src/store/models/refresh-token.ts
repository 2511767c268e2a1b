import { BaseModel } from './base-model.js';

export class RefreshTokenModel extends BaseModel {
  static override tableName = 'refresh_tokens';
  declare id: string;
  declare session_id: string;
  declare token_hash: string;
  declare created_at: string;
  declare used_at: string | null;
}
