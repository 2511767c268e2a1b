import { BaseModel } from './base-model.js';

export class AlertCommentModel extends BaseModel {
  static override tableName = 'alert_comments';
  declare id: string;
  declare alert_id: string;
  declare author_id: string | null;
  declare author: string | null;
  declare body: string;
  declare created_at: string;
}
