import {
  assertVulnStatus,
  NotFoundError,
  type Page,
  severityRank,
  ValidationError,
  type Vulnerability,
  type VulnerabilityCreate,
  type VulnerabilityListQuery,
  type VulnerabilityUpdate,
} from '@secai/core';
import { newId } from '../_lib/ids.js';
import { isoOrNull, nowIso, toIso } from '../_lib/time.js';
import { type DbOrTrx, inTransaction } from '../store/database.js';
import type { VulnerabilityRow } from '../store/repositories/index.js';
import type { RequestContext, ServiceDeps } from './context.js';
import type { EnrichmentService } from './enrichment-service.js';

export class VulnerabilitiesService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly enrichment: EnrichmentService,
  ) {}

  list(query: VulnerabilityListQuery): Promise<Page<Vulnerability>> {
    return this.deps.repos.vulnerabilities.list(this.deps.db, query);
  }

  async get(id: string, db: DbOrTrx = this.deps.db): Promise<Vulnerability> {
    const vuln = await this.deps.repos.vulnerabilities.findById(db, id);
    if (!vuln) throw new NotFoundError('VULNERABILITY_NOT_FOUND', `No vulnerability with id ${id}`, { id });
    return vuln;
  }

  async create(ctx: RequestContext, input: VulnerabilityCreate): Promise<Vulnerability> {
    const { db, repos, audit } = this.deps;
    assertVulnStatus(input.status, input.risk_accepted_until);
    const row = vulnerabilityRow(input, nowIso());
    return inTransaction(db, async (trx) => {
      await this.assertAsset(trx, row.asset_id);
      await this.enrichment.annotate(trx, [row]);
      await repos.vulnerabilities.insert(trx, row);
      await audit.record(
        ctx,
        {
          action: 'vulnerability.create',
          targetType: 'vulnerability',
          targetId: row.id,
          details: { title: row.title, severity: row.severity },
        },
        trx,
      );
      return this.get(row.id, trx);
    });
  }

  async update(ctx: RequestContext, id: string, input: VulnerabilityUpdate): Promise<Vulnerability> {
    const { db, repos, audit } = this.deps;
    return inTransaction(db, async (trx) => {
      const current = await this.get(id, trx);
      const status = input.status ?? current.status;
      const riskAcceptedUntil = input.risk_accepted_until !== undefined ? input.risk_accepted_until : current.risk_accepted_until;
      if (input.status || input.risk_accepted_until !== undefined) assertVulnStatus(status, riskAcceptedUntil);
      const now = nowIso();
      const patch: Partial<VulnerabilityRow> = {
        ...input,
        risk_accepted_until: status === 'risk_accepted' ? isoOrNull(riskAcceptedUntil) : null,
        updated_at: now,
      };
      if (input.severity) patch.severity_rank = severityRank(input.severity);
      if (input.status && input.status !== current.status) patch.fixed_at = input.status === 'fixed' ? now : null;
      if (input.asset_id) await this.assertAsset(trx, input.asset_id);
      await repos.vulnerabilities.update(trx, id, patch);
      if (input.severity || input.cvss_score !== undefined || input.cve_ids || input.asset_id !== undefined)
        await this.enrichment.refresh(trx, [id]);
      await audit.record(
        ctx,
        {
          action: 'vulnerability.update',
          targetType: 'vulnerability',
          targetId: id,
          details: { changed: Object.keys(input), ...(input.status && { from: current.status, to: input.status }) },
        },
        trx,
      );
      return this.get(id, trx);
    });
  }

  async delete(ctx: RequestContext, id: string): Promise<void> {
    const { db, repos, audit } = this.deps;
    await inTransaction(db, async (trx) => {
      const vuln = await this.get(id, trx);
      await repos.vulnerabilities.delete(trx, id);
      await audit.record(
        ctx,
        { action: 'vulnerability.delete', targetType: 'vulnerability', targetId: id, details: { title: vuln.title } },
        trx,
      );
    });
  }

  private async assertAsset(db: DbOrTrx, assetId: string | null): Promise<void> {
    if (assetId && !(await this.deps.repos.assets.findById(db, assetId))) {
      throw new ValidationError(`Invalid vulnerability: no asset with id ${assetId}`, [
        { code: 'unknown_asset', path: ['asset_id'], message: `no asset with id ${assetId}` },
      ]);
    }
  }
}

/** A new vulnerability row from validated input; kev, epss, priority and due date come later (EnrichmentService). */
export function vulnerabilityRow(input: VulnerabilityCreate, now: string): VulnerabilityRow {
  const lastSeen = input.last_seen_at ? toIso(input.last_seen_at) : now;
  return {
    id: newId(),
    asset_id: input.asset_id ?? null,
    title: input.title,
    description: input.description ?? null,
    cve_ids: [...new Set(input.cve_ids)],
    cwe_ids: [...new Set(input.cwe_ids)],
    cvss_vector: input.cvss_vector ?? null,
    cvss_score: input.cvss_score ?? null,
    severity: input.severity,
    severity_rank: severityRank(input.severity),
    status: input.status,
    component: input.component ?? null,
    version: input.version ?? null,
    fix_version: input.fix_version ?? null,
    scanner: input.scanner ?? null,
    location: input.location ?? null,
    fingerprint: input.fingerprint ?? null,
    risk_accepted_until: isoOrNull(input.risk_accepted_until),
    first_seen_at: input.first_seen_at ? toIso(input.first_seen_at) : lastSeen,
    last_seen_at: lastSeen,
    fixed_at: input.status === 'fixed' ? now : null,
    kev: false,
    epss: null,
    priority: 0,
    due_at: null,
    created_at: now,
    updated_at: now,
  };
}
