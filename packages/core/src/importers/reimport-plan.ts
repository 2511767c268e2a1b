import type { Severity } from '../schemas/common.js';
import { OPEN_VULN_STATUSES, type VULN_STATUSES } from '../vulnerability-status/rules.js';
import type { Finding } from './finding.js';

/** What an import scope already holds of one finding: the fields a re-import reads. */
export interface ScopedVulnerability {
  id: string;
  fingerprint: string;
  status: (typeof VULN_STATUSES)[number];
  severity: Severity;
  cvss_score: number | null;
  fix_version: string | null;
  version: string | null;
  title: string;
  location: string | null;
  risk_accepted_until: string | null;
}

/** A finding the scope has, seen again; `changed` when its scanner-owned fields differ. */
export interface SeenAgain {
  current: ScopedVulnerability;
  finding: Finding;
  changed: boolean;
}

/** What importing a scan into a scope does, decided before anything is written (and for --dry-run). */
export interface ReimportPlan {
  /** Findings the scope has not seen: they open. */
  open: Finding[];
  /** Seen again and not fixed: last seen refreshed; people's decisions (false positive, risk accepted) kept. */
  refresh: SeenAgain[];
  /** Fixed ones that are back: they reopen. */
  reopen: SeenAgain[];
  /** Open, triaged or in progress and no longer reported: they are fixed. */
  fix: ScopedVulnerability[];
}

const OPEN = new Set<string>(OPEN_VULN_STATUSES);

/**
 * The re-import diff. A risk acceptance past its date counts as open (the import ends it first),
 * so it is fixed when the scan no longer reports it, like any open finding.
 *
 * @example planReimport([], [finding]).open.length // 1
 */
export function planReimport(existing: Iterable<ScopedVulnerability>, findings: Finding[], now = new Date().toISOString()): ReimportPlan {
  const byFingerprint = new Map<string, ScopedVulnerability>();
  for (const v of existing) byFingerprint.set(v.fingerprint, v);
  const plan: ReimportPlan = { open: [], refresh: [], reopen: [], fix: [] };
  for (const f of findings) {
    const current = byFingerprint.get(f.fingerprint);
    if (!current) {
      plan.open.push(f);
      continue;
    }
    byFingerprint.delete(f.fingerprint);
    const changed =
      current.severity !== f.severity ||
      current.cvss_score !== f.cvss_score ||
      current.fix_version !== f.fix_version ||
      current.version !== f.version;
    (current.status === 'fixed' ? plan.reopen : plan.refresh).push({ current, finding: f, changed });
  }
  for (const v of byFingerprint.values()) if (OPEN.has(v.status) || acceptanceExpired(v, now)) plan.fix.push(v);
  return plan;
}

function acceptanceExpired(v: ScopedVulnerability, now: string): boolean {
  return (
    v.status === 'risk_accepted' && v.risk_accepted_until !== null && new Date(v.risk_accepted_until).getTime() <= new Date(now).getTime()
  );
}
