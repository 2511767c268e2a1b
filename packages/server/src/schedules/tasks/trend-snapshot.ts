import { OPEN_ALERT_STATUSES, OPEN_VULN_STATUSES, SEVERITIES } from '@secai/core';
import type { ServiceDeps } from '../../services/context.js';
import { inTransaction } from '../../store/database.js';
import type { TrendKind, TrendSnapshot, TrendSnapshotsRepository } from '../../store/repositories/index.js';

const SOURCES: { kind: TrendKind; table: 'vulnerabilities' | 'alerts'; open: readonly string[] }[] = [
  { kind: 'vulnerabilities', table: 'vulnerabilities', open: OPEN_VULN_STATUSES },
  { kind: 'alerts', table: 'alerts', open: OPEN_ALERT_STATUSES },
];

/**
 * Counts open vulnerabilities and open alerts per severity into the trend of `day` (the tick's
 * UTC date), one row per kind and severity, zeros included so a chart has every point. Taken
 * again the same day, it replaces that day's counts.
 */
export async function takeTrendSnapshot(
  deps: Pick<ServiceDeps, 'db'> & { repos: { trendSnapshots: TrendSnapshotsRepository } },
  day: string,
  now: Date,
): Promise<TrendSnapshot[]> {
  const repo = deps.repos.trendSnapshots;
  const takenAt = now.toISOString();
  return inTransaction(deps.db, async (trx) => {
    const rows: TrendSnapshot[] = [];
    for (const { kind, table, open } of SOURCES) {
      const counts = await repo.countBySeverity(trx, table, open);
      for (const severity of SEVERITIES) rows.push({ day, kind, severity, count: counts.get(severity) ?? 0, taken_at: takenAt });
    }
    await repo.upsert(trx, rows);
    return rows;
  });
}
