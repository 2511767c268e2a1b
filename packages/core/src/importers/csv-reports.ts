import { parse } from 'csv-parse/sync';
import { cvssSeverity } from '../cvss/score.js';
import type { Severity } from '../schemas/common.js';
import { cvesIn, type Finding, finding, normalizeSeverity, reportError } from './finding.js';

type Row = Record<string, string>;

/** CSV exports of Nessus/Tenable, OpenVAS and Qualys: same rule ids as their XML, so both merge. */
export function parseCsvRows(text: string, file: string): Row[] {
  return readCsv(text, file).rows;
}

/** The rows and the header line (which a header-only export, no findings, has alone). */
export function readCsv(text: string, file: string): { header: string[]; rows: Row[] } {
  let header: string[] = [];
  try {
    const rows = parse(text, {
      columns: (line: string[]) => {
        header = line.map((h, i) => h.trim() || `column_${i}`);
        return header;
      },
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as Row[];
    return { header, rows };
  } catch (err) {
    throw reportError(file, `not a readable CSV file (${(err as Error).message})`);
  }
}

/** The columns that say which tool exported a CSV: each export has one of its own. */
const KEY_COLUMNS = { openvas: ['NVT OID'], qualys: ['QID'], nessus: ['Plugin', 'Plugin ID'] } as const;
export type CsvFormat = keyof typeof KEY_COLUMNS;

/**
 * The rows of a CSV export of `format`; another tool's export (a wrong `--format`) is
 * REPORT_INVALID, not a report without findings that would mark the scope's findings fixed.
 */
export function csvRowsOf(format: CsvFormat, text: string, file: string): Row[] {
  const { header, rows } = readCsv(text, file);
  if (!KEY_COLUMNS[format].some((c) => header.includes(c)))
    throw reportError(file, `not a ${format} CSV export: its header has no ${KEY_COLUMNS[format].join(' or ')} column`, { format });
  return rows;
}

const get = (row: Row, ...keys: string[]): string | null => {
  for (const key of keys) {
    const v = row[key]?.trim();
    if (v) return v;
  }
  return null;
};
const num = (v: string | null) => (v === null || Number.isNaN(Number(v)) ? null : Number(v));

const NESSUS_SEVERITY: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

export function parseNessusCsv(rows: Row[]): Finding[] {
  // Exports pad with empty rows; only rows naming a plugin are findings.
  return rows
    .filter((r) => get(r, 'Plugin', 'Plugin ID'))
    .map((r) => {
      const host = get(r, 'Host', 'DNS Name', 'FQDN', 'IP Address') ?? '';
      const port = get(r, 'Port') ?? '0';
      const severityText = get(r, 'Severity', 'Risk', 'Risk Factor');
      const severity =
        severityText && /^\d$/.test(severityText) ? (NESSUS_SEVERITY[Number(severityText)] ?? 'info') : normalizeSeverity(severityText);
      const v3 = get(r, 'CVSS V3 Vector', 'CVSS3 Vector');
      return finding({
        scanner: 'nessus',
        rule_id: `nessus:${get(r, 'Plugin', 'Plugin ID')}`,
        title: get(r, 'Plugin Name', 'Name') ?? 'Nessus finding',
        description:
          [get(r, 'Synopsis'), get(r, 'Description'), get(r, 'Solution') && `Solution: ${get(r, 'Solution')}`]
            .filter(Boolean)
            .join('\n\n') || null,
        severity,
        cve_ids: cvesIn(get(r, 'CVE')),
        cvss_vector: v3 ? (v3.startsWith('CVSS:') ? v3 : `CVSS:3.0/${v3}`) : null,
        cvss_score: num(get(r, 'CVSS V3 Base Score', 'CVSS3 Base Score', 'CVSS V2 Base Score', 'CVSS Base Score', 'CVSS')),
        location: port === '0' ? host : `${host}:${port}/${(get(r, 'Protocol') ?? 'tcp').toLowerCase()}`,
        asset: host || null,
      });
    });
}

export function parseOpenvasCsv(rows: Row[]): Finding[] {
  return rows
    .filter((r) => get(r, 'NVT OID', 'NVT Name'))
    .map((r) => {
      const ip = get(r, 'IP');
      const port = get(r, 'Port');
      const score = num(get(r, 'CVSS'));
      return finding({
        scanner: 'openvas',
        rule_id: `openvas:${get(r, 'NVT OID') ?? get(r, 'NVT Name')}`,
        title: get(r, 'NVT Name') ?? 'OpenVAS result',
        description:
          [get(r, 'Summary'), get(r, 'Vulnerability Insight'), get(r, 'Solution') && `Solution: ${get(r, 'Solution')}`]
            .filter(Boolean)
            .join('\n\n') || null,
        severity:
          get(r, 'Severity') && get(r, 'Severity') !== 'Log'
            ? normalizeSeverity(get(r, 'Severity'))
            : score !== null
              ? cvssSeverity(score)
              : 'info',
        cve_ids: cvesIn(get(r, 'CVEs')),
        cvss_score: score,
        location: `${ip ?? ''}${port ? `:${port}/${get(r, 'Port Protocol') ?? 'tcp'}` : ''}` || null,
        asset: get(r, 'Hostname') ?? ip,
      });
    });
}

const QUALYS_SEVERITY: Severity[] = ['info', 'info', 'low', 'medium', 'high', 'critical'];

export function parseQualysCsv(rows: Row[]): Finding[] {
  return rows
    .filter((r) => get(r, 'QID'))
    .map((r) => {
      const ip = get(r, 'IP');
      const port = get(r, 'Port');
      return finding({
        scanner: 'qualys',
        rule_id: `qualys:${get(r, 'QID')}`,
        title: get(r, 'Title') ?? `QID ${get(r, 'QID')}`,
        description:
          [get(r, 'Threat'), get(r, 'Impact'), get(r, 'Solution') && `Solution: ${get(r, 'Solution')}`].filter(Boolean).join('\n\n') ||
          null,
        severity: QUALYS_SEVERITY[Number(get(r, 'Severity'))] ?? 'info',
        cve_ids: cvesIn(get(r, 'CVE ID')),
        cvss_score: num(get(r, 'CVSS3 Base', 'CVSS Base')),
        location: `${ip ?? ''}${port ? `:${port}/${get(r, 'Protocol') ?? 'tcp'}` : ''}` || null,
        asset: get(r, 'DNS', 'FQDN') ?? ip,
      });
    });
}

/** Which tool exported a CSV, from its header. */
export function csvFormat(header: string[]): CsvFormat | null {
  const format = (Object.keys(KEY_COLUMNS) as CsvFormat[]).find((f) => KEY_COLUMNS[f].some((c) => header.includes(c)));
  return format ?? null;
}
