import { createHash } from 'node:crypto';
import {
  type DiscoveredAsset,
  type Finding,
  importReport,
  NotFoundError,
  type Page,
  PREVIEW_ITEMS,
  planReimport,
  type ReimportPlan,
  SCAN_FORMATS,
  type ScanFormat,
  type ScanImport,
  type ScanImportListQuery,
  type ScanImportParams,
  type ScanImportPreview,
  type ScanImportPreviewItem,
  type ScopedVulnerability,
  severityRank,
  ValidationError,
} from '@secai/core';
import { newId } from '../_lib/ids.js';
import { nowIso } from '../_lib/time.js';
import { type DbOrTrx, inTransaction } from '../store/database.js';
import { naturalKey, type VulnerabilityRow } from '../store/repositories/index.js';
import type { AssetsService } from './assets-service.js';
import type { RequestContext, ServiceDeps } from './context.js';
import type { EnrichmentService } from './enrichment-service.js';
import { vulnerabilityRow } from './vulnerabilities-service.js';

interface ReadReport {
  format: ScanFormat;
  findings: Finding[];
  discovered: DiscoveredAsset[];
  scopeKey: string;
  fileSha256: string;
}

/**
 * Imports scanner reports with re-import semantics. Within one scope (format plus asset, group,
 * tag or none): new findings open; seen ones refresh last_seen and their scanner-owned fields;
 * open ones the new scan no longer reports are fixed, and fixed ones that come back reopen.
 * Decisions people made (false positive, risk accepted) survive every re-import.
 */
/** Reports how far an import got (the async import's job shows it): step, of steps, and what it does. */
export type ImportProgress = (done: number, total: number, message: string) => void;
const IMPORT_STEPS = 4;

export class ScanImportsService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly enrichment: EnrichmentService,
    private readonly assets: AssetsService,
  ) {}

  private get imports() {
    return this.deps.repos.scanImports;
  }

  list(query: ScanImportListQuery): Promise<Page<ScanImport>> {
    return this.imports.list(this.deps.db, query);
  }

  async get(id: string): Promise<ScanImport> {
    const record = await this.imports.findById(this.deps.db, id);
    if (!record) throw new NotFoundError('SCAN_IMPORT_NOT_FOUND', `No import with id ${id}`, { id });
    return record;
  }

  /**
   * Imports a report into its scope. Imports of one scope run one at a time (a lock per scope
   * for the transaction), so parallel uploads of one report meet each other's result instead of
   * racing to insert the same findings.
   */
  async import(ctx: RequestContext, text: string, params: ScanImportParams, progress: ImportProgress = () => {}): Promise<ScanImport> {
    progress(0, IMPORT_STEPS, 'reading the report');
    const report = this.read(text, params);
    const { db, repos, audit } = this.deps;
    return inTransaction(db, async (trx) => {
      progress(1, IMPORT_STEPS, `waiting for other imports of scope ${report.scopeKey}`);
      await this.imports.lockScope(trx, report.scopeKey);
      await this.assertScopeExists(trx, params);
      // The clock is read inside the lock: the latest import of a scope is the last to write.
      const now = nowIso();
      await repos.vulnerabilities.expireRiskAcceptances(trx, now);
      const assetIds = await this.recordDiscoveredAssets(ctx, trx, report.discovered);
      const existing = await repos.vulnerabilities.scopeState(trx, report.scopeKey);
      progress(2, IMPORT_STEPS, `comparing ${report.findings.length} findings with ${existing.size} known`);
      const plan = planReimport(existing.values(), report.findings, now);
      progress(
        3,
        IMPORT_STEPS,
        `writing ${plan.open.length} new, ${plan.refresh.length + plan.reopen.length} seen again, ${plan.fix.length} fixed`,
      );
      const inserts = plan.open.map((f) =>
        this.newRow(f, report.scopeKey, params.asset_id ?? (f.asset ? (assetIds.get(f.asset) ?? null) : null), now),
      );
      const seenAgain = [...plan.refresh, ...plan.reopen];
      const changed = seenAgain.filter((s) => s.changed);
      for (const { current, finding: f } of changed) {
        await repos.vulnerabilities.update(trx, current.id, {
          severity: f.severity,
          severity_rank: severityRank(f.severity),
          cvss_score: f.cvss_score,
          cvss_vector: f.cvss_vector,
          fix_version: f.fix_version,
          version: f.version,
        });
      }
      await this.enrichment.annotate(trx, inserts);
      await repos.vulnerabilities.insertMany(trx, inserts);
      await repos.vulnerabilities.patchMany(
        trx,
        seenAgain.map((s) => s.current.id),
        { last_seen_at: now, updated_at: now },
      );
      await this.enrichment.refresh(
        trx,
        changed.map((s) => s.current.id),
      );
      await repos.vulnerabilities.patchMany(
        trx,
        plan.reopen.map((s) => s.current.id),
        { status: 'open', fixed_at: null },
      );
      await repos.vulnerabilities.patchMany(
        trx,
        plan.fix.map((v) => v.id),
        { status: 'fixed', fixed_at: now, updated_at: now },
      );

      const record: ScanImport = {
        id: newId(),
        ...this.counts(report, plan, params),
        imported_by: ctx.actor?.username ?? null,
        created_at: now,
      };
      await this.imports.insert(trx, record);
      await audit.record(
        ctx,
        {
          action: 'scan.import',
          targetType: 'scan_import',
          targetId: record.id,
          details: {
            format: record.format,
            file: record.file_name,
            new: record.new,
            updated: record.updated,
            closed: record.closed,
            reopened: record.reopened,
          },
        },
        trx,
      );
      progress(
        IMPORT_STEPS,
        IMPORT_STEPS,
        `imported: ${record.new} new, ${record.updated} seen again, ${record.closed} fixed, ${record.reopened} reopened`,
      );
      return record;
    });
  }

  /**
   * What importing the report would do (open, refresh, fix, reopen), and nothing written: no
   * finding, no asset, no import record. Hosts a network scan would add are only counted.
   */
  async preview(text: string, params: ScanImportParams): Promise<ScanImportPreview> {
    const report = this.read(text, params);
    await this.assertScopeExists(this.deps.db, params);
    const existing = await this.deps.repos.vulnerabilities.scopeState(this.deps.db, report.scopeKey);
    const plan = planReimport(existing.values(), report.findings, nowIso());
    const item = (f: Finding, current: ScopedVulnerability | null): ScanImportPreviewItem => ({
      vulnerability_id: current?.id ?? null,
      status: current?.status ?? null,
      title: f.title,
      severity: f.severity,
      location: f.location,
      fingerprint: f.fingerprint,
    });
    const held = (v: ScopedVulnerability): ScanImportPreviewItem => ({
      vulnerability_id: v.id,
      status: v.status,
      title: v.title,
      severity: v.severity,
      location: v.location,
      fingerprint: v.fingerprint,
    });
    return {
      ...this.counts(report, plan, params),
      dry_run: true,
      changes: {
        open: plan.open.slice(0, PREVIEW_ITEMS).map((f) => item(f, null)),
        refresh: plan.refresh.slice(0, PREVIEW_ITEMS).map((s) => item(s.finding, s.current)),
        fix: plan.fix.slice(0, PREVIEW_ITEMS).map(held),
        reopen: plan.reopen.slice(0, PREVIEW_ITEMS).map((s) => item(s.finding, s.current)),
      },
    };
  }

  /**
   * Refuses a scope whose asset or group does not exist. Given the import's transaction, the row
   * stays until it ends (FOR KEY SHARE, row-lock.ts): checked outside it, an asset deleted in
   * between failed the findings' foreign key on PostgreSQL, a 500 instead of this 400.
   */
  private async assertScopeExists(db: DbOrTrx, params: ScanImportParams): Promise<void> {
    const { repos } = this.deps;
    if (params.asset_id && !(await repos.assets.existingIds(db, [params.asset_id])).has(params.asset_id)) {
      throw new ValidationError(`No asset with id ${params.asset_id}`, [
        { code: 'unknown_asset', path: ['asset_id'], message: 'unknown asset' },
      ]);
    }
    if (params.group_id && !(await repos.assetGroups.existingIds(db, [params.group_id])).has(params.group_id)) {
      throw new ValidationError(`No asset group with id ${params.group_id}`, [
        { code: 'unknown_group', path: ['group_id'], message: 'unknown group' },
      ]);
    }
  }

  /** The report read and checked, and the scope it goes to; nothing is read from the database. */
  private read(text: string, params: ScanImportParams): ReadReport {
    if (params.format !== undefined && !(SCAN_FORMATS as readonly string[]).includes(params.format)) {
      throw new ValidationError(`Unknown format ${params.format}; choose from ${SCAN_FORMATS.join(', ')}`, [
        { code: 'invalid_enum_value', path: ['format'], message: `one of ${SCAN_FORMATS.join(', ')}` },
      ]);
    }
    const file = params.file_name ?? 'report';
    const { format, findings, assets } = importReport(text, { file, ...(params.format && { format: params.format as ScanFormat }) });
    const scope = params.asset_id
      ? `asset:${params.asset_id}`
      : params.group_id
        ? `group:${params.group_id}`
        : params.tag
          ? `tag:${params.tag}`
          : 'none';
    return {
      format,
      findings,
      discovered: assets,
      scopeKey: `${format}|${scope}`,
      fileSha256: createHash('sha256').update(text).digest('hex'),
    };
  }

  /** The fields an import records, from its plan. */
  private counts(report: ReadReport, plan: ReimportPlan, params: ScanImportParams) {
    return {
      format: report.format,
      file_name: params.file_name ?? null,
      file_sha256: report.fileSha256,
      scope_key: report.scopeKey,
      asset_id: params.asset_id ?? null,
      group_id: params.group_id ?? null,
      tag: params.tag ?? null,
      findings: report.findings.length,
      new: plan.open.length,
      updated: plan.refresh.length,
      closed: plan.fix.length,
      reopened: plan.reopen.length,
      hosts: report.discovered.length,
    };
  }

  /**
   * Hosts a network scan found become assets, or refresh the addresses and OS of the ones that
   * exist; what people set (owner, criticality, tags) is left alone. Returns name → asset id.
   */
  private async recordDiscoveredAssets(ctx: RequestContext, db: DbOrTrx, discovered: DiscoveredAsset[]): Promise<Map<string, string>> {
    const { repos, audit } = this.deps;
    const ids = new Map<string, string>();
    for (const host of discovered) {
      const name = host.hostname ?? host.ip_addresses[0] ?? '';
      const found = await repos.assets.findByNaturalKey(db, naturalKey({ external_id: null, ...host }));
      // Held until the import ends, as its findings will reference it; one deleted meanwhile is made anew.
      const existing = found && (await repos.assets.existingIds(db, [found.id])).has(found.id) ? found : undefined;
      if (existing) {
        const ipAddresses = [...new Set([...existing.ip_addresses, ...host.ip_addresses])];
        await repos.assets.refreshDiscovered(db, existing.id, ipAddresses, host.os, nowIso());
        ids.set(name, existing.id);
        continue;
      }
      const created = await this.assets.create(
        ctx,
        {
          hostname: host.hostname,
          ip_addresses: host.ip_addresses,
          os: host.os,
          criticality: 'medium',
          exposure: 'internal',
          tags: ['discovered'],
        },
        db,
      );
      ids.set(name, created.id);
    }
    if (discovered.length > 0)
      await audit.record(ctx, { action: 'asset.discover', targetType: 'asset', details: { hosts: discovered.length } }, db);
    return ids;
  }

  private newRow(f: Finding, scopeKey: string, assetId: string | null, now: string): VulnerabilityRow & { scope_key: string } {
    const row = vulnerabilityRow(
      {
        title: f.title.slice(0, 500),
        severity: f.severity,
        asset_id: assetId,
        description: f.description,
        cve_ids: f.cve_ids,
        cwe_ids: f.cwe_ids,
        cvss_vector: f.cvss_vector,
        cvss_score: f.cvss_score,
        status: f.suppressed ? 'false_positive' : 'open',
        component: f.component,
        version: f.version,
        fix_version: f.fix_version,
        scanner: f.scanner,
        location: f.location,
        fingerprint: f.fingerprint,
        first_seen_at: now,
        last_seen_at: now,
      },
      now,
    );
    return { ...row, scope_key: scopeKey };
  }
}
