import { BaseModel } from './base-model.js';

export class AssetModel extends BaseModel {
  static override tableName = 'assets';
  static override jsonAttributes = ['ip_addresses', 'tags'];
  declare id: string;
  declare natural_key: string;
  declare external_id: string | null;
  declare hostname: string | null;
  declare ip_addresses: string[];
  declare os: string | null;
  declare asset_type: string | null;
  declare owner: string | null;
  declare criticality: string;
  declare criticality_rank: number;
  declare exposure: string;
  declare business_value: number | null;
  declare tags: string[];
  declare created_at: string;
  declare updated_at: string;
}
