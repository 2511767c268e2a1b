import { createHash } from 'node:crypto';
import { ValidationError } from '../errors/secai-error.js';
import type { Severity } from '../schemas/common.js';

/** One finding of a scanner report, normalized across formats. */
export interface Finding {
  scanner: string;
  /** CVE, GHSA, or the tool's rule id. */
  rule_id: string;
  title: string;
  description: string | null;
  severity: Severity;
  cve_ids: string[];
  cwe_ids: string[];
  cvss_vector: string | null;
  cvss_score: number | null;
  /** Package or component, with its installed version and the first fixed one. */
  component: string | null;
  version: string | null;
  fix_version: string | null;
  /** File and line, URL, or target inside the scanned artefact. */
  location: string | null;
  /** What was scanned (image, repository, host), when the report says. */
  asset: string | null;
  /** Suppressed in the source (SARIF suppressions): import as a false positive. */
  suppressed: boolean;
  /** Stable across scans of the same thing: re-imports match on it. */
  fingerprint: string;
}

/** Fields a parser may leave out; `finding()` fills them with empty values. */
type OptionalField =
  | 'suppressed'
  | 'description'
  | 'cve_ids'
  | 'cwe_ids'
  | 'cvss_vector'
  | 'cvss_score'
  | 'component'
  | 'version'
  | 'fix_version'
  | 'location'
  | 'asset';

export type FindingInput = {
  /** Identifies the finding within rule and asset when `location` changes between scans. */
  key?: string;
} & Omit<Finding, 'fingerprint' | OptionalField> &
  Partial<Pick<Finding, OptionalField>>;

/**
 * Fills the defaults and the fingerprint: scanner, asset, rule, component and location. The
 * installed version is left out on purpose, so an upgrade that does not fix a CVE updates the
 * same finding instead of opening a new one.
 */
export function finding({ key, ...input }: FindingInput): Finding {
  const full = {
    description: null,
    cve_ids: [],
    cwe_ids: [],
    cvss_vector: null,
    cvss_score: null,
    component: null,
    version: null,
    fix_version: null,
    location: null,
    asset: null,
    suppressed: false,
    ...input,
  };
  const identity = [
    full.scanner,
    full.asset ?? '',
    full.rule_id,
    full.component ?? '',
    key ?? (full.component ? '' : (full.location ?? '')),
  ].join('\u0000');
  return { ...full, fingerprint: createHash('sha256').update(identity).digest('hex').slice(0, 40) };
}

const SEVERITY_WORDS: Record<string, Severity> = {
  critical: 'critical',
  high: 'high',
  error: 'high',
  medium: 'medium',
  moderate: 'medium',
  warning: 'medium',
  low: 'low',
  note: 'low',
  info: 'info',
  informational: 'info',
  information: 'info',
  negligible: 'info',
  none: 'info',
  unknown: 'info',
};

/** Scanners' severity words, in any case, to secai's scale; unknown words are `info`. */
export function normalizeSeverity(word: string | null | undefined): Severity {
  return (
    SEVERITY_WORDS[
      String(word ?? '')
        .trim()
        .toLowerCase()
    ] ?? 'info'
  );
}

const CVE = /CVE-\d{4}-\d{4,}/gi;
const CWE = /CWE-(\d+)/gi;

export function cvesIn(...texts: (string | null | undefined)[]): string[] {
  return [...new Set(texts.flatMap((t) => (t ? [...t.matchAll(CVE)].map((m) => m[0].toUpperCase()) : [])))];
}

/** `CWE-79`, `79`, `CWE-352: Cross-Site …` → `CWE-79`. */
export function cweIds(values: unknown): string[] {
  const list = Array.isArray(values) ? values : values === undefined || values === null ? [] : [values];
  return [
    ...new Set(
      list.flatMap((v) => {
        const text = String(v);
        const matches = [...text.matchAll(CWE)].map((m) => `CWE-${m[1]}`);
        return matches.length > 0 ? matches : /^\d+$/.test(text) ? [`CWE-${text}`] : [];
      }),
    ),
  ];
}

/** A report the importer cannot read: names the file and, for JSON, the position. */
export function reportError(file: string, message: string, details: Record<string, unknown> = {}): ValidationError {
  const err = new ValidationError(`${file}: ${message}`, [{ code: 'invalid_report', path: ['file'], message }], 'REPORT_INVALID');
  Object.assign(err.details ?? {}, { file, ...details });
  return err;
}

/** JSON.parse with the file name and position in the error; an empty file is `null`. */
export function parseJson(text: string, file: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch (err) {
    const position = /position (\d+)/.exec((err as Error).message)?.[1];
    const at = position === undefined ? '' : ` at ${lineColumn(text, Number(position))}`;
    throw reportError(
      file,
      `not valid JSON${at} (${(err as Error).message})`,
      position === undefined ? {} : { position: Number(position) },
    );
  }
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

export const asArray = <T>(value: T[] | null | undefined): T[] => (Array.isArray(value) ? value : []);
