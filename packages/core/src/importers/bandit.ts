import { z } from 'zod';
import { asArray, cweIds, type Finding, finding, normalizeSeverity } from './finding.js';
import { checkReport, idLike, number, optionalRecord, record, text } from './report-shape.js';

type Json = Record<string, unknown>;

/** `metrics` tells a Bandit report from Semgrep's, which has `results` too. */
const BanditReport = record({
  results: z.array(
    record({
      test_id: z.string(),
      test_name: text,
      filename: z.string(),
      line_number: number,
      issue_text: text,
      issue_confidence: text,
      issue_severity: text,
      issue_cwe: optionalRecord({ id: idLike.nullish() }),
    }),
  ),
  metrics: z.record(z.string(), z.unknown()),
});

/** `bandit -f json`. */
export function parseBandit(report: unknown, file: string): Finding[] {
  const results = checkReport(BanditReport, report, file, 'Bandit').results;
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
