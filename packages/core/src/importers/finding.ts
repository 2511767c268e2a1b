import { createHash } from 'node:crypto';
import { cvssSeverity, vulnerabilityScore } from '../cvss/score.js';
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
  /** `null` when the scanner gives none: it then comes from the CVSS score, else `info`. */
  severity: Severity | null;
} & Omit<Finding, 'fingerprint' | 'severity' | OptionalField> &
  Partial<Pick<Finding, OptionalField>>;

/**
 * The longest value each text field may have: the lengths VulnerabilityCreate allows and the
 * database columns hold (PostgreSQL refuses a longer value; a report must not make a 500).
 */
const FIELD_LIMITS = {
  title: 500,
  cvss_vector: 300,
  component: 300,
  version: 100,
  fix_version: 100,
  scanner: 100,
  location: 1000,
} as const;
/** CVE ids the database's CVE index holds (`CVE-YYYY-` and up to 21 digits). */
const CVE_ID = /^CVE-\d{4}-\d{4,21}$/;

/**
 * Text as every database stores it: PostgreSQL refuses NUL characters and lone surrogates
 * (in text and in the JSON the bulk insert sends), so they are dropped or replaced.
 */
function storable(text: string, limit?: number): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is the character removed.
  let out = text.replace(/\u0000/g, '').replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  if (limit !== undefined && out.length > limit) out = `${out.slice(0, limit - 1)}…`;
  return out;
}

const storableOrNull = (text: string | null, limit?: number) => (text === null ? null : storable(text, limit));

/**
 * A score only when it is one (0–10); without it, the vector's, scored by core's CVSS code
 * (v4's single score, v2's and v3's base score, as scanners report them). A vector that does not
 * parse leaves the score empty rather than refusing the report.
 */
function cvssOf(vector: string | null, score: number | null): { score: number | null; severity: Severity | null } {
  const given = score !== null && Number.isFinite(score) && score >= 0 && score <= 10 ? score : null;
  if (!vector) return { score: given, severity: given === null ? null : cvssSeverity(given) };
  try {
    const computed = vulnerabilityScore(vector);
    return { score: given ?? computed.score, severity: given === null ? computed.severity : cvssSeverity(given, computed.version) };
  } catch {
    return { score: given, severity: given === null ? null : cvssSeverity(given) };
  }
}

/**
 * Fills the defaults and the fingerprint: scanner, asset, rule, component and location. The
 * installed version is left out on purpose, so an upgrade that does not fix a CVE updates the
 * same finding instead of opening a new one. A CVSS vector without a score is scored, and a
 * finding without a severity gets its score's; text is made storable and cut to its column.
 */
export function finding({ key, ...input }: FindingInput): Finding {
  const cvssVector = storableOrNull(input.cvss_vector ?? null, FIELD_LIMITS.cvss_vector);
  const cvss = cvssOf(cvssVector, input.cvss_score ?? null);
  const full = {
    cwe_ids: [],
    suppressed: false,
    ...input,
    scanner: storable(input.scanner, FIELD_LIMITS.scanner),
    rule_id: storable(input.rule_id),
    title: storable(input.title, FIELD_LIMITS.title),
    description: storableOrNull(input.description ?? null),
    component: storableOrNull(input.component ?? null, FIELD_LIMITS.component),
    version: storableOrNull(input.version ?? null, FIELD_LIMITS.version),
    fix_version: storableOrNull(input.fix_version ?? null, FIELD_LIMITS.fix_version),
    location: storableOrNull(input.location ?? null, FIELD_LIMITS.location),
    asset: storableOrNull(input.asset ?? null),
    cve_ids: (input.cve_ids ?? []).filter((id) => CVE_ID.test(id)),
    cvss_vector: cvssVector,
    cvss_score: cvss.score,
    severity: input.severity ?? cvss.severity ?? 'info',
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

/**
 * A scanner's severity word, or `null` when it gives none (missing, empty or "unknown", as Trivy
 * says when it has no rating): `finding()` then rates it by its CVSS score.
 */
export function scannerSeverity(word: unknown): Severity | null {
  const text = typeof word === 'string' ? word.trim().toLowerCase() : '';
  return text === '' || text === 'unknown' ? null : normalizeSeverity(text);
}

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
  return [...new Set(texts.flatMap((t) => (typeof t === 'string' ? [...t.matchAll(CVE)].map((m) => m[0].toUpperCase()) : [])))];
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
  // The issue says which file too: clients that show issues rather than the message name it.
  const err = new ValidationError(
    `${file}: ${message}`,
    [{ code: 'invalid_report', path: ['file'], message: `${file}: ${message}` }],
    'REPORT_INVALID',
  );
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
