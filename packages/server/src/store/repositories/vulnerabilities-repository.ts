import type { Asset, Page, ScopedVulnerability, VulnerabilityListQuery } from '@secai/core';
import { OPEN_VULN_STATUSES, SEVERITIES, Vulnerability } from '@secai/core';
import { type DbOrTrx, isPostgres } from '../database.js';
import { whereIdPrefix } from '../id-prefix.js';
import { plainRows, rowMapper, VulnerabilityModel } from '../models/index.js';
import { pageWhereIn, toPage, whereMinSeverity } from '../pagination.js';
import { forUpdate } from '../row-lock.js';
import { whereTextMatches } from '../text-search.js';

export type VulnerabilityRow = Vulnerability & { severity_rank: number };

export interface IntelInput {
  id: string;
  cve_ids: string[];
  cvss_score: number | null;
  severity: Vulnerability['severity'];
  first_seen_at: string;
  kev: boolean;
  epss: number | null;
  priority: number;
  due_at: string | null;
  criticality: Asset['criticality'] | null;
  exposure: Asset['exposure'] | null;
}

export type { ScopedVulnerability } from '@secai/core';

const SORT_COLUMNS = {
  created_at: 'created_at',
  last_seen_at: 'last_seen_at',
  severity: 'severity_rank',
  priority: 'priority',
  title: 'title',
} as const;

const toVulnerability = rowMapper<Vulnerability>(Vulnerability, VulnerabilityModel, ['kev']);

export class VulnerabilitiesRepository {
  async findById(db: DbOrTrx, id: string): Promise<Vulnerability | undefined> {
    const row = await VulnerabilityModel.query(db).findById(id);
    return row && toVulnerability(row);
  }

  /** Reads the vulnerability and locks it until the transaction ends (row-lock.ts). */
  async lockById(trx: DbOrTrx, id: string): Promise<Vulnerability | undefined> {
    const row = await forUpdate(trx, VulnerabilityModel.query(trx).findById(id));
    return row && toVulnerability(row);
  }

  async list(db: DbOrTrx, query: VulnerabilityListQuery): Promise<Page<Vulnerability>> {
    const sort = { column: SORT_COLUMNS[query.sort.field], direction: query.sort.direction };
    const q = VulnerabilityModel.query(db);
    if (query.severity) q.whereIn('severity', query.severity);
    if (query.min_severity) whereMinSeverity(q, 'vulnerabilities', SEVERITIES.indexOf(query.min_severity));
    if (query.asset_id) q.where('asset_id', query.asset_id);
    if (query.id_prefix) whereIdPrefix(q, db, 'vulnerabilities.id', query.id_prefix);
    // Import scopes are named by the imports into them (scan_imports records each one's tag and group).
    const importedWith = (column: 'tag' | 'group_id', value: string) =>
      db('scan_imports').whereRaw('scan_imports.scope_key = vulnerabilities.scope_key').where(`scan_imports.${column}`, value);
    if (query.tag) q.whereExists(importedWith('tag', query.tag));
    if (query.group_id) {
      const groupId = query.group_id;
      q.where((w) =>
        w
          .whereExists(importedWith('group_id', groupId))
          .orWhereExists(
            db('asset_group_members')
              .whereRaw('asset_group_members.asset_id = vulnerabilities.asset_id')
              .where('asset_group_members.group_id', groupId),
          ),
      );
    }
    if (query.new_only) {
      q.whereRaw(
        'vulnerabilities.first_seen_at >= (select max(created_at) from scan_imports where scan_imports.scope_key = vulnerabilities.scope_key)',
      );
    }
    if (query.scanner) q.where('scanner', query.scanner);
    if (query.kev !== undefined) q.where('kev', query.kev);
    if (query.overdue === true) q.where('due_at', '<', new Date().toISOString()).whereIn('status', OPEN_VULN_STATUSES);
    if (query.cve) {
      q.whereExists(
        db('vulnerability_cves')
          .whereRaw('vulnerability_cves.vulnerability_id = vulnerabilities.id')
          .where('cve_id', query.cve.toUpperCase()),
      );
    }
    if (query.since) q.where('created_at', '>=', new Date(query.since).toISOString());
    if (query.until) q.where('created_at', '<', new Date(query.until).toISOString());
    if (query.q) whereTextMatches(q, db, ['title', 'component', 'description'], query.q);
    const paged = pageWhereIn(db, q, { column: 'status', values: query.status }, sort, query.limit, query.cursor, 'vulnerabilities');
    const rows = await plainRows<VulnerabilityRow>(paged);
    return toPage(rows, sort, query.limit, toVulnerability);
  }

  async insert(db: DbOrTrx, row: VulnerabilityRow): Promise<void> {
    await VulnerabilityModel.query(db).insert({ ...row });
    await this.setCves(db, row.id, row.cve_ids);
  }

  async update(db: DbOrTrx, id: string, patch: Partial<VulnerabilityRow>): Promise<void> {
    await VulnerabilityModel.query(db).patch(patch).where('id', id);
    if (patch.cve_ids) await this.setCves(db, id, patch.cve_ids);
  }

  /** What an import scope holds: fingerprint → the fields a re-import reads. */
  async scopeState(db: DbOrTrx, scopeKey: string): Promise<Map<string, ScopedVulnerability>> {
    const rows = (await db('vulnerabilities')
      .select('id', 'fingerprint', 'status', 'severity', 'cvss_score', 'fix_version', 'version', 'title', 'location', 'risk_accepted_until')
      .where('scope_key', scopeKey)) as ScopedVulnerability[];
    return new Map(rows.map((r) => [r.fingerprint, r]));
  }

  /** Inserts many rows (one import) in chunks, with their CVE index rows. */
  async insertMany(db: DbOrTrx, rows: (VulnerabilityRow & { scope_key: string })[]): Promise<void> {
    const cves = rows.flatMap((r) => [...new Set(r.cve_ids)].map((cve_id) => ({ vulnerability_id: r.id, cve_id })));
    if (isPostgres(db)) {
      // One JSON parameter per batch: PostgreSQL plans a 24,000-parameter VALUES list slowly, and
      // json_populate_recordset inserts the same rows four times faster (all columns are given).
      for (let i = 0; i < rows.length; i += 5000) {
        await db.raw('insert into vulnerabilities select * from json_populate_recordset(null::vulnerabilities, ?)', [
          JSON.stringify(rows.slice(i, i + 5000)),
        ]);
      }
      for (let i = 0; i < cves.length; i += 20000) {
        await db.raw('insert into vulnerability_cves select * from json_populate_recordset(null::vulnerability_cves, ?)', [
          JSON.stringify(cves.slice(i, i + 20000)),
        ]);
      }
      return;
    }
    // knex writes SQLite multi-row inserts as a compound SELECT, 500 terms at most.
    for (let i = 0; i < rows.length; i += 400) {
      const part = rows.slice(i, i + 400);
      await db('vulnerabilities').insert(
        part.map((r) => ({ ...r, cve_ids: JSON.stringify(r.cve_ids), cwe_ids: JSON.stringify(r.cwe_ids) })),
      );
    }
    for (let i = 0; i < cves.length; i += 400) await db('vulnerability_cves').insert(cves.slice(i, i + 400));
  }

  /** Sets the same fields on many rows. */
  async patchMany(db: DbOrTrx, ids: string[], patch: Partial<VulnerabilityRow>): Promise<void> {
    for (let i = 0; i < ids.length; i += 500)
      await db('vulnerabilities')
        .whereIn('id', ids.slice(i, i + 500))
        .update(patch);
  }

  /** The fields priority and due date are computed from, a page at a time, by id. */
  async intelInputs(db: DbOrTrx, afterId: string, limit: number, ids?: string[]): Promise<IntelInput[]> {
    const q = db('vulnerabilities')
      .leftJoin('assets', 'assets.id', 'vulnerabilities.asset_id')
      .select(
        'vulnerabilities.id',
        'cve_ids',
        'cvss_score',
        'severity',
        'vulnerabilities.first_seen_at',
        'kev',
        'epss',
        'priority',
        'due_at',
        'assets.criticality',
        'assets.exposure',
      )
      .where('vulnerabilities.id', '>', afterId)
      .orderBy('vulnerabilities.id')
      .limit(limit);
    if (ids) q.whereIn('vulnerabilities.id', ids);
    const rows = (await q) as (IntelInput & { cve_ids: string | string[]; kev: boolean | number })[];
    return rows.map((r) => ({
      ...r,
      cve_ids: typeof r.cve_ids === 'string' ? (JSON.parse(r.cve_ids) as string[]) : r.cve_ids,
      kev: Boolean(r.kev),
    }));
  }

  /** Ids of up to `limit` risk acceptances that ended at or before `now`, locked for the change. */
  async expiredRiskAcceptances(db: DbOrTrx, now: string, limit: number): Promise<{ id: string; risk_accepted_until: string }[]> {
    return forUpdate(
      db,
      db('vulnerabilities')
        .select('id', 'risk_accepted_until')
        .where('status', 'risk_accepted')
        .where('risk_accepted_until', '<=', now)
        .orderBy('risk_accepted_until')
        .limit(limit),
    );
  }

  /** Ends risk acceptances past their date: the vulnerability is open again. */
  async expireRiskAcceptances(db: DbOrTrx, now: string): Promise<number> {
    return db('vulnerabilities')
      .where('status', 'risk_accepted')
      .where('risk_accepted_until', '<=', now)
      .update({ status: 'open', risk_accepted_until: null, updated_at: now });
  }

  async delete(db: DbOrTrx, id: string): Promise<number> {
    return VulnerabilityModel.query(db).deleteById(id);
  }

  private async setCves(db: DbOrTrx, id: string, cves: string[]): Promise<void> {
    await db('vulnerability_cves').where('vulnerability_id', id).delete();
    const rows = [...new Set(cves)].map((cve_id) => ({ vulnerability_id: id, cve_id }));
    if (rows.length > 0) await db('vulnerability_cves').insert(rows);
  }
}
