import { SCAN_FORMATS, type ScanFormat } from '../constants/scan-formats.js';
import { ValidationError } from '../errors/secai-error.js';
import { parseBandit } from './bandit.js';
import { type CsvFormat, csvFormat, csvRowsOf, parseNessusCsv, parseOpenvasCsv, parseQualysCsv, readCsv } from './csv-reports.js';
import { parseDependencyCheck } from './dependency-check.js';
import { type Finding, parseJson, reportError } from './finding.js';
import { parseGitleaks } from './gitleaks.js';
import { parseGrype } from './grype.js';
import { parseNessus } from './nessus.js';
import { type DiscoveredAsset, parseNmap } from './nmap.js';
import { parseNpmAudit } from './npm-audit.js';
import { parseNuclei } from './nuclei.js';
import { parseOpenvas } from './openvas.js';
import { parseQualys } from './qualys.js';
import { parseSarif } from './sarif.js';
import { parseSemgrep } from './semgrep.js';
import { parseSnyk } from './snyk.js';
import { parseTrivy } from './trivy.js';
import { parseXml, type XmlNode } from './xml.js';
import { parseZapJson, parseZapXml } from './zap.js';

export { type Finding, normalizeSeverity } from './finding.js';
export type { DiscoveredAsset } from './nmap.js';
export { planReimport, type ReimportPlan, type ScopedVulnerability, type SeenAgain } from './reimport-plan.js';

type Parser = (text: string, file: string) => Finding[];

/** Formats exported as XML or CSV, told apart by the first character. */
const xmlOrCsv =
  (format: CsvFormat, fromXml: (doc: XmlNode, file: string) => Finding[], fromCsv: (rows: Record<string, string>[]) => Finding[]): Parser =>
  (text, file) =>
    text.trim().startsWith('<') ? fromXml(parseXml(text, file), file) : fromCsv(csvRowsOf(format, text, file));

/** XML formats: parsed once, recognised by their root element. */
const xml =
  (parse: (doc: XmlNode, file: string) => Finding[]): Parser =>
  (text, file) =>
    parse(parseXml(text, file), file);

const XML_ROOTS: Record<string, string> = {
  NessusClientData_v2: 'nessus',
  report: 'openvas',
  OWASPZAPReport: 'zap',
  analysis: 'dependency-check',
  ASSET_DATA_REPORT: 'qualys',
  WAS_SCAN_REPORT: 'qualys',
  nmaprun: 'nmap',
};

/** Most formats are one JSON document. */
const json =
  (parse: (report: unknown, file: string) => Finding[]): Parser =>
  (text, file) =>
    parse(parseJson(text, file), file);

/** Each format: its parser and how to recognise its JSON without being told. */
const FORMATS = {
  trivy: { parse: json(parseTrivy), looksLike: (r: Record<string, unknown>) => 'SchemaVersion' in r && 'ArtifactName' in r },
  grype: { parse: json(parseGrype), looksLike: (r: Record<string, unknown>) => Array.isArray(r.matches) && 'descriptor' in r },
  sarif: {
    parse: json(parseSarif),
    looksLike: (r: Record<string, unknown>) => 'runs' in r && String(r.$schema ?? r.version ?? '').includes('2.1'),
  },
  semgrep: {
    parse: json(parseSemgrep),
    looksLike: (r: Record<string, unknown>) => Array.isArray(r.results) && 'errors' in r && !('metrics' in r),
  },
  bandit: { parse: json(parseBandit), looksLike: (r: Record<string, unknown>) => Array.isArray(r.results) && 'metrics' in r },
  gitleaks: { parse: json(parseGitleaks), looksLike: () => false },
  'npm-audit': { parse: json(parseNpmAudit), looksLike: (r: Record<string, unknown>) => 'advisories' in r || 'auditReportVersion' in r },
  snyk: {
    parse: json(parseSnyk),
    looksLike: (r: Record<string, unknown>) => Array.isArray(r.vulnerabilities) && ('packageManager' in r || 'projectName' in r),
  },
  nessus: { parse: xmlOrCsv('nessus', parseNessus, parseNessusCsv), looksLike: () => false },
  openvas: { parse: xmlOrCsv('openvas', parseOpenvas, parseOpenvasCsv), looksLike: () => false },
  zap: {
    // XML or JSON, told apart by the first character.
    parse: (text, file) => (text.trim().startsWith('<') ? xml(parseZapXml)(text, file) : json(parseZapJson)(text, file)),
    looksLike: (r: Record<string, unknown>) => Array.isArray(r.site) && ('@version' in r || '@generated' in r),
  },
  'dependency-check': { parse: xml(parseDependencyCheck), looksLike: () => false },
  qualys: { parse: xmlOrCsv('qualys', parseQualys, parseQualysCsv), looksLike: () => false },
  nmap: { parse: xml((doc, file) => parseNmap(doc, file).findings), looksLike: () => false },
  // JSON Lines, or a JSON array (detected from the array's records).
  nuclei: { parse: parseNuclei, looksLike: () => false },
} satisfies Record<ScanFormat, { parse: Parser; looksLike: (r: Record<string, unknown>) => boolean }>;

export { SCAN_FORMATS, type ScanFormat };

/**
 * The formats whose tools write an empty file when they find nothing (nuclei's JSON Lines,
 * gitleaks). Every other scanner writes a report even then, so an empty file means the scan
 * failed: importing it as "nothing found" would mark every open finding of the scope fixed.
 */
const EMPTY_WHEN_CLEAN = new Set<ScanFormat>(['nuclei', 'gitleaks']);

function isLegacyTrivy(report: unknown[]): boolean {
  return report.length > 0 && report.every((r) => typeof r === 'object' && r !== null && 'Target' in r);
}

function isNuclei(report: unknown[]): boolean {
  return report.length > 0 && report.every((r) => typeof r === 'object' && r !== null && ('template-id' in r || 'templateID' in r));
}

function isSnykProjects(report: unknown[]): boolean {
  return report.length > 0 && report.every((r) => typeof r === 'object' && r !== null && 'vulnerabilities' in r && 'packageManager' in r);
}

function isGitleaks(report: unknown[]): boolean {
  return report.every((r) => typeof r === 'object' && r !== null && ('RuleID' in r || ('rule' in r && 'offender' in r)));
}

/** Recognises a parsed report's format from its shape. */
export function detectScanFormat(report: unknown, file: string): ScanFormat {
  // `null` and `[]` say nothing of their tool (gitleaks writes them for a clean run, but so might a
  // broken pipeline): guessed, they would mark every open finding of the scope fixed.
  if (report === null || (Array.isArray(report) && report.length === 0)) throw emptyReport(file);
  if (Array.isArray(report)) {
    if (isLegacyTrivy(report)) return 'trivy';
    if (isNuclei(report)) return 'nuclei';
    if (isSnykProjects(report)) return 'snyk';
    if (isGitleaks(report)) return 'gitleaks';
  } else if (typeof report === 'object') {
    for (const [name, format] of Object.entries(FORMATS))
      if (format.looksLike(report as Record<string, unknown>)) return name as ScanFormat;
  }
  throw unknownFormat(file);
}

function emptyReport(file: string): ValidationError {
  return reportError(file, `the report is empty; give the format to import it as a clean ${[...EMPTY_WHEN_CLEAN].join(' or ')} run`, {
    reason: 'empty',
  });
}

function unknownFormat(file: string): ValidationError {
  return new ValidationError(
    `${file}: cannot tell which scanner wrote this report; give the format (${SCAN_FORMATS.join(', ')})`,
    [{ code: 'unknown_format', path: ['format'], message: 'format not recognised' }],
    'REPORT_FORMAT_UNKNOWN',
  );
}

/**
 * Reads a scanner report into normalized findings. Without `format` it is detected. A report
 * that is malformed or not of the format (given or detected) is a REPORT_INVALID error naming the
 * file and position; an empty file is an empty report only where the tool writes one, and only
 * when `format` names that tool (detected, it is REPORT_INVALID: "the report is empty").
 *
 * @example importReport(readFileSync('trivy.json', 'utf8'), { file: 'trivy.json' }).findings.length
 */
export function importReport(
  text: string,
  options: { file: string; format?: ScanFormat },
): { format: ScanFormat; findings: Finding[]; assets: DiscoveredAsset[] } {
  const format = options.format ?? detectText(text, options.file);
  if (text.trim() === '' && !EMPTY_WHEN_CLEAN.has(format))
    throw reportError(options.file, `the file is empty; ${format} writes a report even when it finds nothing`, { format });
  // Nmap also says which hosts exist; the other formats only report findings.
  const discovered = format === 'nmap' && text.trim() !== '' ? parseNmap(parseXml(text, options.file), options.file) : null;
  const findings = discovered ? discovered.findings : FORMATS[format].parse(text, options.file);
  // A report that lists the same finding twice (ShellCheck's SARIF does) yields it once.
  const unique = new Map<string, Finding>();
  for (const f of findings) if (!unique.has(f.fingerprint)) unique.set(f.fingerprint, f);
  return { format, findings: [...unique.values()], assets: discovered?.assets ?? [] };
}

/**
 * JSON Lines whose first record is a nuclei result is nuclei; everything else is one JSON
 * document. An empty text is refused: its format cannot be told.
 */
function detectText(text: string, file: string): ScanFormat {
  const trimmed = text.trim();
  // An empty upload is what a crashed scanner leaves as often as a clean nuclei or gitleaks run;
  // guessed as theirs, it would mark every open finding of the scope fixed. Only a caller who
  // names such a format may import it as "nothing found".
  if (trimmed === '' || trimmed === 'null') throw emptyReport(file);
  if (trimmed.startsWith('<')) {
    const root = Object.keys(parseXml(trimmed, file)).find((k) => k in XML_ROOTS);
    if (root) return XML_ROOTS[root] as ScanFormat;
    throw unknownFormat(file);
  }
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) {
    const format = csvFormat(readCsv(trimmed, file).header);
    if (format) return format;
    throw unknownFormat(file);
  }
  const firstLine = trimmed.split(/\r?\n/, 1)[0] ?? '';
  if (firstLine.startsWith('{') && firstLine !== trimmed && /"(template-id|templateID)"/.test(firstLine)) return 'nuclei';
  return detectScanFormat(parseJson(text, file), file);
}
