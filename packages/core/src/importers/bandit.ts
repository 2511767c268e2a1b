import { asArray, cweIds, type Finding, finding, normalizeSeverity, reportError } from './finding.js';

type Json = Record<string, unknown>;

/** `bandit -f json`. */
export function parseBandit(report: unknown, file: string): Finding[] {
  const results = (report as Json | null)?.results;
  if (!Array.isArray(results)) throw reportError(file, 'a Bandit report needs a "results" array');
  return asArray(results as Json[]).map((r) =>
    finding({
      scanner: 'bandit',
      rule_id: String(r.test_id ?? 'unknown'),
      title: `${r.test_id}: ${r.test_name}`,
      description: `${r.issue_text ?? ''}${r.issue_confidence ? ` (confidence: ${String(r.issue_confidence).toLowerCase()})` : ''}`,
      severity: normalizeSeverity(r.issue_severity as string),
      cwe_ids: cweIds((r.issue_cwe as Json | undefined)?.id),
      location: r.filename ? `${r.filename}:${r.line_number ?? ''}` : null,
    }),
  );
}
