import { BaseModel } from './base-model.js';

export class AssetGroupModel extends BaseModel {
  static override tableName = 'asset_groups';
  static override jsonAttributes = ['filter'];
  declare id: string;
  declare name: string;
  declare description: string | null;
  declare kind: 'static' | 'dynamic';
  declare filter: Record<string, unknown> | null;
  declare created_at: string;
  declare updated_at: string;
}
