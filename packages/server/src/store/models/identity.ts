import { BaseModel } from './base-model.js';

export class RoleModel extends BaseModel {
  static override tableName = 'roles';
  static override jsonAttributes = ['permissions'];
  declare id: string;
  declare name: string;
  declare description: string | null;
  declare permissions: string[];
  declare builtin: boolean | number;
  declare created_at: string;
  declare updated_at: string;
}

export class UserModel extends BaseModel {
  static override tableName = 'users';
  static override jsonAttributes = ['settings'];
  declare id: string;
  declare username: string;
  declare username_key: string;
  declare display_name: string | null;
  declare email: string | null;
  declare password_hash: string;
  declare disabled: boolean | number;
  declare settings: Record<string, unknown>;
  declare created_at: string;
  declare updated_at: string;
  declare last_login_at: string | null;
  declare roles?: RoleModel[];

  static override get relationMappings() {
    return {
      roles: {
        relation: BaseModel.ManyToManyRelation,
        modelClass: RoleModel,
        join: { from: 'users.id', through: { from: 'user_roles.user_id', to: 'user_roles.role_id' }, to: 'roles.id' },
      },
    };
  }
}

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

export class RefreshTokenModel extends BaseModel {
  static override tableName = 'refresh_tokens';
  declare id: string;
  declare session_id: string;
  declare token_hash: string;
  declare created_at: string;
  declare used_at: string | null;
}

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
