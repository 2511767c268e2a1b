import type { DbOrTrx } from '../database.js';
import { TrendSnapshotModel } from '../models/index.js';

export type TrendKind = 'vulnerabilities' | 'alerts';

export interface TrendSnapshot {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  kind: TrendKind;
  severity: string;
  count: number;
  taken_at: string;
}

export class TrendSnapshotsRepository {
  /** Writes a day's counts; counts already there for the same (day, kind, severity) are replaced. */
  async upsert(db: DbOrTrx, rows: TrendSnapshot[]): Promise<void> {
    if (rows.length === 0) return;
    await db(TrendSnapshotModel.tableName).insert(rows).onConflict(['day', 'kind', 'severity']).merge(['count', 'taken_at']);
  }

  /** Open rows of `table` per severity: the counts a snapshot keeps. */
  async countBySeverity(db: DbOrTrx, table: 'vulnerabilities' | 'alerts', statuses: readonly string[]): Promise<Map<string, number>> {
    const rows = (await db(table).whereIn('status', statuses).groupBy('severity').select('severity').count({ n: '*' })) as {
      severity: string;
      n: number | string;
    }[];
    return new Map(rows.map((r) => [r.severity, Number(r.n)]));
  }

  async listDay(db: DbOrTrx, day: string): Promise<TrendSnapshot[]> {
    const rows = await db(TrendSnapshotModel.tableName).where({ day }).orderBy(['kind', 'severity']);
    return rows.map((r: TrendSnapshot) => ({
      day: r.day,
      kind: r.kind,
      severity: r.severity,
      count: Number(r.count),
      taken_at: r.taken_at,
    }));
  }
}
