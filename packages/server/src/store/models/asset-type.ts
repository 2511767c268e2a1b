import { BaseModel } from './base-model.js';

export class AssetTypeModel extends BaseModel {
  static override tableName = 'asset_types';
  declare id: string;
  declare name: string;
  declare description: string | null;
  declare created_at: string;
  declare updated_at: string;
}
