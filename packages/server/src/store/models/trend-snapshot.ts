import { BaseModel } from './base-model.js';

/** One count of the daily trend: open `kind` (vulnerabilities, alerts) of one severity on `day`. */
export class TrendSnapshotModel extends BaseModel {
  static override tableName = 'trend_snapshots';
  static override get idColumn() {
    return ['day', 'kind', 'severity'];
  }
  declare day: string;
  declare kind: 'vulnerabilities' | 'alerts';
  declare severity: string;
  declare count: number;
  declare taken_at: string;
}
