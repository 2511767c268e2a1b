import { z } from 'zod';
import { cweIds, type Finding, finding, normalizeSeverity } from './finding.js';
import { checkReport, number, optionalRecord, record, text } from './report-shape.js';

type Json = Record<string, unknown>;

/** `results` and `errors` without Bandit's `metrics` (Bandit writes `results` and `errors` too). */
const SemgrepReport = record({
  results: z.array(
    record({
      check_id: z.string(),
      path: z.string(),
      start: optionalRecord({ line: number }),
      extra: optionalRecord({ severity: text, message: text, is_ignored: z.boolean().nullish(), metadata: optionalRecord({}) }),
    }),
  ),
  errors: z.array(z.unknown()),
}).refine((r) => !('metrics' in r), { message: 'has "metrics": this is a Bandit report', path: ['metrics'] });

/** `semgrep --json`. ERROR, WARNING and INFO map to high, medium and low. */
export function parseSemgrep(report: unknown, file: string): Finding[] {
  const results = checkReport(SemgrepReport, report, file, 'Semgrep').results;
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
