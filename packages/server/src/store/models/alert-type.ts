import { BaseModel } from './base-model.js';

export class AlertTypeModel extends BaseModel {
  static override tableName = 'alert_types';
  declare id: string;
  declare name: string;
  declare description: string | null;
  declare default_severity: string;
  declare created_at: string;
  declare updated_at: string;
}
