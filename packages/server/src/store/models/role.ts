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
