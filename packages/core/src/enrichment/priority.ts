import type { Criticality, Exposure } from '../schemas/asset.js';
import type { Severity } from '../schemas/common.js';

export interface PriorityInput {
  cvss_score: number | null;
  severity: Severity;
  /** EPSS probability (0–1), when known. */
  epss: number | null;
  kev: boolean;
  criticality?: Criticality | null;
  exposure?: Exposure | null;
}

const SEVERITY_SCORE: Record<Severity, number> = { critical: 9.5, high: 8, medium: 5.5, low: 2.5, info: 0 };
const CRITICALITY: Record<Criticality, number> = { low: 0.6, medium: 0.8, high: 1, critical: 1.2 };
const EXPOSURE: Record<Exposure, number> = { internet: 1.2, internal: 1 };

/**
 * Priority from 0 to 100, highest first to fix:
 *
 *   impact  = CVSS score / 10 (or the severity's mid-point when no score)      weight 60
 *   threat  = 1 when in CISA KEV (exploited now), else the EPSS probability     weight 40
 *   context = asset criticality (low 0.6 … critical 1.2) × exposure (internet 1.2)
 *   priority = min(100, round((60 × impact + 40 × threat) × context))
 *
 * So a KEV-listed critical on an internet-facing critical asset is 100, a CVSS 9.8 nobody
 * exploits (EPSS 0.01) on an internal medium asset is about 47.
 *
 * @example priorityScore({ cvss_score: 9.8, severity: 'critical', epss: 0.01, kev: false, criticality: 'medium', exposure: 'internal' }) // 47
 */
export function priorityScore(input: PriorityInput): number {
  const impact = (input.cvss_score ?? SEVERITY_SCORE[input.severity]) / 10;
  const threat = input.kev ? 1 : Math.min(1, Math.max(0, input.epss ?? 0));
  const context = (input.criticality ? CRITICALITY[input.criticality] : 1) * (input.exposure ? EXPOSURE[input.exposure] : 1);
  return Math.min(100, Math.round((60 * impact + 40 * threat) * context));
}

/** Days to fix by severity; `null` means no deadline. Configurable per server. */
export type SlaPolicy = Record<Severity, number | null>;

export const DEFAULT_SLA: SlaPolicy = { critical: 7, high: 30, medium: 90, low: 180, info: null };

/** When a finding first seen at `firstSeen` must be fixed; KEV entries keep CISA's earlier date. */
export function dueDate(firstSeen: string, severity: Severity, policy: SlaPolicy = DEFAULT_SLA, kevDue?: string | null): string | null {
  const days = policy[severity];
  const bySla = days === null ? null : new Date(Date.parse(firstSeen) + days * 86_400_000).toISOString();
  const byKev = kevDue ? new Date(`${kevDue}T00:00:00Z`).toISOString() : null;
  // ISO strings compare as the times they name: the earlier deadline wins.
  if (bySla && byKev) return [bySla, byKev].sort()[0] as string;
  return bySla ?? byKev;
}
