import {
  type Criticality,
  dueDate,
  type Exposure,
  parseEpss,
  parseKev,
  priorityScore,
  type SlaPolicy,
  type Vulnerability,
} from '@secai/core';
import { nowIso } from '../_lib/time.js';
import { type DbOrTrx, inTransaction } from '../store/database.js';
import type { CveIntel } from '../store/repositories/index.js';
import type { RequestContext, ServiceDeps } from './context.js';

type Annotated = Pick<Vulnerability, 'cve_ids' | 'cvss_score' | 'severity' | 'first_seen_at' | 'kev' | 'epss' | 'priority' | 'due_at'>;
type AssetContext = { criticality: Criticality | null; exposure: Exposure | null };

export interface EnrichmentStatus {
  kev_cves: number;
  epss_cves: number;
  vulnerabilities_updated?: number;
  source?: string | null;
}

/**
 * Threat intelligence and deadlines: CISA KEV and FIRST EPSS loaded from files (nothing is
 * downloaded), and from them and the asset each vulnerability's priority and SLA due date.
 */
export class EnrichmentService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly sla: SlaPolicy,
  ) {}

  async status(): Promise<EnrichmentStatus> {
    const counts = await this.deps.repos.cveIntel.counts(this.deps.db);
    return { kev_cves: counts.kev, epss_cves: counts.epss };
  }

  async loadKev(ctx: RequestContext, text: string, file = 'kev.json'): Promise<EnrichmentStatus> {
    const { version, entries } = parseKev(text, file);
    return this.load(ctx, 'kev', version, (db, now) => this.deps.repos.cveIntel.replaceKev(db, entries, now));
  }

  async loadEpss(ctx: RequestContext, text: string, file = 'epss.csv'): Promise<EnrichmentStatus> {
    const { scoreDate, entries } = parseEpss(text, file);
    return this.load(ctx, 'epss', scoreDate, (db, now) => this.deps.repos.cveIntel.replaceEpss(db, entries, now));
  }

  /** Fills kev, epss, priority and due_at of rows about to be written. */
  async annotate(db: DbOrTrx, rows: (Annotated & { asset_id: string | null })[]): Promise<void> {
    if (rows.length === 0) return;
    const intel = await this.deps.repos.cveIntel.lookup(
      db,
      rows.flatMap((r) => r.cve_ids),
    );
    const assets = new Map<string, AssetContext>();
    for (const id of new Set(rows.map((r) => r.asset_id).filter((a): a is string => Boolean(a)))) {
      const asset = await this.deps.repos.assets.findById(db, id);
      if (asset) assets.set(id, { criticality: asset.criticality, exposure: asset.exposure });
    }
    for (const row of rows) Object.assign(row, this.compute(row, intel, row.asset_id ? assets.get(row.asset_id) : undefined));
  }

  /** Recomputes every vulnerability (or those given), writing only the ones that changed. */
  async refresh(db: DbOrTrx, ids?: string[]): Promise<number> {
    const { repos } = this.deps;
    let changed = 0;
    const chunks = ids ? Array.from({ length: Math.ceil(ids.length / 500) }, (_, i) => ids.slice(i * 500, i * 500 + 500)) : [undefined];
    for (const chunk of chunks) {
      let after = '';
      for (;;) {
        const rows = await repos.vulnerabilities.intelInputs(db, after, 1000, chunk);
        if (rows.length === 0) break;
        const intel = await repos.cveIntel.lookup(
          db,
          rows.flatMap((r) => r.cve_ids),
        );
        for (const row of rows) {
          const next = this.compute(row, intel, row.criticality ? { criticality: row.criticality, exposure: row.exposure } : undefined);
          if (next.kev !== row.kev || next.epss !== row.epss || next.priority !== row.priority || next.due_at !== row.due_at) {
            await repos.vulnerabilities.update(db, row.id, next);
            changed++;
          }
        }
        after = rows[rows.length - 1]?.id ?? after;
        if (rows.length < 1000) break;
      }
    }
    return changed;
  }

  private compute(
    row: Annotated,
    intel: Map<string, CveIntel>,
    asset: AssetContext | undefined,
  ): Pick<Vulnerability, 'kev' | 'epss' | 'priority' | 'due_at'> {
    const known = row.cve_ids.map((c) => intel.get(c)).filter((i): i is CveIntel => Boolean(i));
    const kev = known.some((i) => i.kev);
    const scores = known.map((i) => i.epss).filter((e): e is number => e !== null);
    const epss = scores.length > 0 ? Math.max(...scores) : null;
    const kevDue =
      known
        .map((i) => i.kev_due_date)
        .filter((d): d is string => Boolean(d))
        .sort()[0] ?? null;
    return {
      kev,
      epss,
      priority: priorityScore({
        cvss_score: row.cvss_score,
        severity: row.severity,
        epss,
        kev,
        criticality: asset?.criticality ?? null,
        exposure: asset?.exposure ?? null,
      }),
      due_at: dueDate(row.first_seen_at, row.severity, this.sla, kevDue),
    };
  }

  private async load(
    ctx: RequestContext,
    feed: 'kev' | 'epss',
    source: string | null,
    write: (db: DbOrTrx, now: string) => Promise<void>,
  ): Promise<EnrichmentStatus> {
    const { db, audit } = this.deps;
    return inTransaction(db, async (trx) => {
      await write(trx, nowIso());
      const updated = await this.refresh(trx);
      const counts = await this.deps.repos.cveIntel.counts(trx);
      await audit.record(
        ctx,
        {
          action: `enrichment.${feed}`,
          targetType: 'feed',
          targetId: feed,
          details: { source, vulnerabilities_updated: updated, ...counts },
        },
        trx,
      );
      return { kev_cves: counts.kev, epss_cves: counts.epss, vulnerabilities_updated: updated, source };
    });
  }
}
