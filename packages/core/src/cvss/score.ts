import { createRequire } from 'node:module';
import type { Severity } from '../schemas/common.js';
import { type CvssVersion, METRICS } from './metrics.js';
import { parseCvss } from './parse.js';

// ae-cvss-calculator (metaeffekt) does the arithmetic: it reproduces every vector of the shared
// corpus (the test counts them). It is a CommonJS webpack bundle, hence require.
interface LibScores {
  overall: number;
  base: number;
  baseMetricsOnly?: number;
  temporal?: number;
  threat?: number;
  environmental?: number;
}
interface LibVector {
  calculateScores(): LibScores;
}
type LibCtor = new (vector: string) => LibVector;
const lib = createRequire(import.meta.url)('ae-cvss-calculator') as Record<'Cvss2' | 'Cvss3P0' | 'Cvss3P1' | 'Cvss4P0', LibCtor>;
const CALCULATORS: Record<CvssVersion, LibCtor> = { '2.0': lib.Cvss2, '3.0': lib.Cvss3P0, '3.1': lib.Cvss3P1, '4.0': lib.Cvss4P0 };

export interface CvssScore {
  version: CvssVersion;
  vector: string;
  base_score: number;
  /** v2 and v3: with E, RL or RC given. */
  temporal_score?: number;
  /** v4: with E given (CVSS-BT, or the threat part of CVSS-BTE). */
  threat_score?: number;
  /** With any environmental metric given. */
  environmental_score?: number;
  /** The most specific score the vector defines: environmental, else temporal/threat, else base. */
  score: number;
  /** Rating of `score` (v3/v4 bands; v2 uses NVD's), `info` standing for "None". */
  severity: Severity;
}

/** FIRST's qualitative rating scale (v3.1 §5, v4.0 §6); NVD's for v2, which has no "Critical". */
export function cvssSeverity(score: number, version: CvssVersion = '3.1'): Severity {
  if (version === '2.0') return score >= 7 ? 'high' : score >= 4 ? 'medium' : 'low';
  if (score === 0) return 'info';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  if (score < 9) return 'high';
  return 'critical';
}

function definedIn(version: CvssVersion, metrics: Map<string, string>, groups: string[]): boolean {
  return [...metrics].some(([name, value]) => groups.includes(METRICS[version][name]?.group ?? '') && value !== 'X' && value !== 'ND');
}

/**
 * Scores a CVSS v2, v3.0, v3.1 or v4.0 vector. v3.0 follows FIRST's own v3.0 calculator
 * (round-up in binary floating point), which is what v3.0 scores published by vendors and NVD
 * were computed with; v3.1 uses the specification's Roundup.
 *
 * @example scoreCvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H').base_score // 9.8
 */
export function scoreCvss(vector: string): CvssScore {
  const { version, metrics } = parseCvss(vector);
  const normalized = `${version === '2.0' ? '' : `CVSS:${version}/`}${[...metrics].map(([k, v]) => `${k}:${v}`).join('/')}`;
  const scores = new CALCULATORS[version](normalized).calculateScores();
  const temporal = definedIn(version, metrics, ['temporal', 'threat']);
  const environmental = definedIn(version, metrics, ['environmental']);
  const base = version === '4.0' ? (scores.baseMetricsOnly ?? scores.base) : scores.base;
  const result: CvssScore = { version, vector: normalized, base_score: base, score: scores.overall ?? base, severity: 'info' };
  if (temporal && version !== '4.0' && scores.temporal !== undefined) result.temporal_score = scores.temporal;
  if (temporal && version === '4.0' && scores.threat !== undefined) result.threat_score = scores.threat;
  if (environmental && scores.environmental !== undefined) result.environmental_score = scores.environmental;
  result.score = result.environmental_score ?? result.temporal_score ?? result.threat_score ?? result.base_score;
  if (version === '4.0') result.score = scores.overall;
  result.severity = cvssSeverity(result.score, version);
  return result;
}

/**
 * The score a vulnerability record keeps for its vector: v4's score, the base score of v2 and v3
 * (what scanners and NVD report, so an imported score and one computed from the vector agree),
 * with its rating. Importers and the API both use it.
 *
 * @example vulnerabilityScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U') // { score: 9.8, severity: 'critical', version: '3.1' }
 */
export function vulnerabilityScore(vector: string): { score: number; severity: Severity; version: CvssVersion } {
  const { version, score: specific, base_score } = scoreCvss(vector);
  const score = version === '4.0' ? specific : base_score;
  return { score, severity: cvssSeverity(score, version), version };
}
