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
  vulnerabilityScore,
} from '@secai/core';
import { assertIfMatch } from '../_lib/entity-tag.js';
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
    if (!vuln) throw vulnerabilityNotFound(id);
    return vuln;
  }

  async create(ctx: RequestContext, input: VulnerabilityCreate): Promise<Vulnerability> {
    const { db, repos, audit } = this.deps;
    assertVulnStatus(input.status, input.risk_accepted_until);
    const row = vulnerabilityRow(input, nowIso());
    // A vector without a score is scored; the severity is the caller's (it is required).
    if (row.cvss_vector && row.cvss_score === null) row.cvss_score = scoreVector(row.cvss_vector).score;
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

  /**
   * Changes fields and the status. The row stays locked from the read on, so two changes at once
   * apply one after the other, the second to the first's result; with `ifMatch` (the If-Match
   * header) only to the version the caller read. A vector without a score gets its score.
   */
  async update(ctx: RequestContext, id: string, input: VulnerabilityUpdate, ifMatch?: string): Promise<Vulnerability> {
    const { db, repos, audit } = this.deps;
    return inTransaction(db, async (trx) => {
      const current = await this.lock(trx, id);
      assertIfMatch(ifMatch, current);
      const status = input.status ?? current.status;
      const riskAcceptedUntil = input.risk_accepted_until !== undefined ? input.risk_accepted_until : current.risk_accepted_until;
      if (input.status || input.risk_accepted_until !== undefined) assertVulnStatus(status, riskAcceptedUntil);
      const now = nowIso();
      const patch: Partial<VulnerabilityRow> = {
        ...input,
        ...scoreFromVector(input, current),
        risk_accepted_until: status === 'risk_accepted' ? isoOrNull(riskAcceptedUntil) : null,
        updated_at: now,
      };
      if (patch.severity) patch.severity_rank = severityRank(patch.severity);
      if (input.status && input.status !== current.status) patch.fixed_at = input.status === 'fixed' ? now : null;
      if (input.asset_id && input.asset_id !== current.asset_id) await this.assertAsset(trx, input.asset_id);
      await repos.vulnerabilities.update(trx, id, patch);
      if (patch.severity || patch.cvss_score !== undefined || input.cve_ids || input.asset_id !== undefined)
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
      const vuln = await this.lock(trx, id);
      await repos.vulnerabilities.delete(trx, id);
      await audit.record(
        ctx,
        { action: 'vulnerability.delete', targetType: 'vulnerability', targetId: id, details: { title: vuln.title } },
        trx,
      );
    });
  }

  /** The vulnerability, locked until the transaction ends: the first step of every read-modify-write. */
  private async lock(trx: DbOrTrx, id: string): Promise<Vulnerability> {
    const vuln = await this.deps.repos.vulnerabilities.lockById(trx, id);
    if (!vuln) throw vulnerabilityNotFound(id);
    return vuln;
  }

  private async assertAsset(db: DbOrTrx, assetId: string | null): Promise<void> {
    // existingIds keeps the asset from being deleted before this transaction references it.
    if (assetId && !(await this.deps.repos.assets.existingIds(db, [assetId])).has(assetId)) {
      throw new ValidationError(`Invalid vulnerability: no asset with id ${assetId}`, [
        { code: 'unknown_asset', path: ['asset_id'], message: `no asset with id ${assetId}` },
      ]);
    }
  }
}

const vulnerabilityNotFound = (id: string) => new NotFoundError('VULNERABILITY_NOT_FOUND', `No vulnerability with id ${id}`, { id });

/**
 * What a change that touches the CVSS fields leaves without a score gets from the vector: the
 * score, and the severity unless the change sets one. That is a new vector without a score, or
 * a vector on a vulnerability that has none (`cvss_score: null` from an older import). A score
 * given with the vector is kept as given.
 */
export function scoreFromVector(
  input: VulnerabilityUpdate,
  current: Pick<Vulnerability, 'cvss_vector' | 'cvss_score'>,
): Partial<Pick<VulnerabilityRow, 'cvss_score' | 'severity'>> {
  if (input.cvss_vector === undefined && input.cvss_score === undefined) return {};
  const vector = input.cvss_vector === undefined ? current.cvss_vector : input.cvss_vector;
  const score = input.cvss_score === undefined ? current.cvss_score : input.cvss_score;
  const vectorChanged = input.cvss_vector !== undefined && input.cvss_vector !== current.cvss_vector;
  if (!vector || (score !== null && !(vectorChanged && input.cvss_score === undefined))) return {};
  const scored = scoreVector(vector);
  return { cvss_score: scored.score, ...(!input.severity && { severity: scored.severity }) };
}

/** core's scorer, its errors naming the API's field. */
function scoreVector(vector: string): ReturnType<typeof vulnerabilityScore> {
  try {
    return vulnerabilityScore(vector);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const issues = err.issues.map((issue) => ({ ...issue, path: ['cvss_vector', ...issue.path.slice(1)] }));
    const renamed = new ValidationError(err.message, issues, err.code);
    Object.assign(renamed.details ?? {}, err.details, { issues });
    throw renamed;
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
