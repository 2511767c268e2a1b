import { cweIds, type Finding, finding, normalizeSeverity, reportError } from './finding.js';

type Json = Record<string, unknown>;

/** `semgrep --json`. ERROR, WARNING and INFO map to high, medium and low. */
export function parseSemgrep(report: unknown, file: string): Finding[] {
  const results = (report as Json | null)?.results;
  if (!Array.isArray(results)) throw reportError(file, 'a Semgrep report needs a "results" array');
  return (results as Json[]).map((r) => {
    const extra = (r.extra ?? {}) as Json;
    const metadata = (extra.metadata ?? {}) as Json;
    const level = String(extra.severity ?? '').toUpperCase();
    const checkId = String(r.check_id ?? 'unknown');
    return finding({
      scanner: 'semgrep',
      rule_id: checkId,
      title: checkId.split('.').at(-1) ?? checkId,
      description: (extra.message as string | undefined) ?? null,
      severity: level === 'ERROR' ? 'high' : level === 'WARNING' ? 'medium' : level === 'INFO' ? 'low' : normalizeSeverity(level),
      cwe_ids: cweIds(metadata.cwe),
      location: r.path ? `${r.path}:${(r.start as Json | undefined)?.line ?? ''}` : null,
      suppressed: extra.is_ignored === true,
    });
  });
}
