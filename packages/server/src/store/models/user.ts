import { BaseModel } from './base-model.js';
import { RoleModel } from './role.js';

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
