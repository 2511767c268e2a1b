import { ValidationError } from '../errors/secai-error.js';
import { parseBandit } from './bandit.js';
import { type Finding, parseJson } from './finding.js';
import { parseGitleaks } from './gitleaks.js';
import { parseGrype } from './grype.js';
import { parseSarif } from './sarif.js';
import { parseSemgrep } from './semgrep.js';
import { parseTrivy } from './trivy.js';

export { type Finding, normalizeSeverity } from './finding.js';

type Parser = (report: unknown, file: string) => Finding[];

/** Each format: its parser and how to recognise its JSON without being told. */
const FORMATS = {
  trivy: { parse: parseTrivy, looksLike: (r: Record<string, unknown>) => 'SchemaVersion' in r && 'ArtifactName' in r },
  grype: { parse: parseGrype, looksLike: (r: Record<string, unknown>) => Array.isArray(r.matches) && 'descriptor' in r },
  sarif: {
    parse: parseSarif,
    looksLike: (r: Record<string, unknown>) => 'runs' in r && String(r.$schema ?? r.version ?? '').includes('2.1'),
  },
  semgrep: {
    parse: parseSemgrep,
    looksLike: (r: Record<string, unknown>) => Array.isArray(r.results) && 'errors' in r && !('metrics' in r),
  },
  bandit: { parse: parseBandit, looksLike: (r: Record<string, unknown>) => Array.isArray(r.results) && 'metrics' in r },
  gitleaks: { parse: parseGitleaks, looksLike: () => false },
} satisfies Record<string, { parse: Parser; looksLike: (r: Record<string, unknown>) => boolean }>;

export type ScanFormat = keyof typeof FORMATS;
export const SCAN_FORMATS = Object.keys(FORMATS) as ScanFormat[];

function isLegacyTrivy(report: unknown[]): boolean {
  return report.length > 0 && report.every((r) => typeof r === 'object' && r !== null && 'Target' in r);
}

function isGitleaks(report: unknown[]): boolean {
  return report.every((r) => typeof r === 'object' && r !== null && ('RuleID' in r || ('rule' in r && 'offender' in r)));
}

/** Recognises a parsed report's format from its shape. */
export function detectScanFormat(report: unknown, file: string): ScanFormat {
  if (report === null) return 'gitleaks';
  if (Array.isArray(report)) {
    if (isLegacyTrivy(report)) return 'trivy';
    if (isGitleaks(report)) return 'gitleaks';
  } else if (typeof report === 'object') {
    for (const [name, format] of Object.entries(FORMATS))
      if (format.looksLike(report as Record<string, unknown>)) return name as ScanFormat;
  }
  throw new ValidationError(
    `${file}: cannot tell which scanner wrote this report; give the format (${SCAN_FORMATS.join(', ')})`,
    [{ code: 'unknown_format', path: ['format'], message: 'format not recognised' }],
    'REPORT_FORMAT_UNKNOWN',
  );
}

/**
 * Reads a scanner report into normalized findings. Without `format` it is detected. An empty
 * report yields no findings; a malformed one a REPORT_INVALID error naming the file and position.
 *
 * @example importReport(readFileSync('trivy.json', 'utf8'), { file: 'trivy.json' }).findings.length
 */
export function importReport(text: string, options: { file: string; format?: ScanFormat }): { format: ScanFormat; findings: Finding[] } {
  const report = parseJson(text, options.file);
  if (report === null && options.format === undefined) return { format: 'gitleaks', findings: [] };
  const format = options.format ?? detectScanFormat(report, options.file);
  // A report that lists the same finding twice (ShellCheck's SARIF does) yields it once.
  const unique = new Map<string, Finding>();
  for (const f of FORMATS[format].parse(report, options.file)) if (!unique.has(f.fingerprint)) unique.set(f.fingerprint, f);
  return { format, findings: [...unique.values()] };
}
