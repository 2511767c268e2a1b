import { z } from 'zod';
import { asArray, type Finding, finding } from './finding.js';
import { checkReport, number, record, text } from './report-shape.js';

type Json = Record<string, unknown>;

const GitleaksReport = z.array(
  z.union([
    record({ RuleID: z.string(), File: text, StartLine: number, Commit: text, Description: text }),
    record({ rule: z.string(), file: text, lineNumber: number, commit: text }),
  ]),
);

/**
 * gitleaks JSON, v8 (`RuleID`, `File`, `StartLine`) and v7 (`rule`, `file`, `lineNumber`). A leaked
 * secret is high severity; the secret itself is never stored, only where it is.
 */
export function parseGitleaks(report: unknown, file: string): Finding[] {
  if (report === null) return [];
  checkReport(GitleaksReport, report, file, 'gitleaks');
  return asArray(report as Json[]).map((leak) => {
    const rule = String(leak.RuleID ?? leak.rule ?? 'secret');
    const path = (leak.File ?? leak.file) as string | undefined;
    const line = leak.StartLine ?? leak.lineNumber;
    const commit = (leak.Commit ?? leak.commit) as string | undefined;
    return finding({
      scanner: 'gitleaks',
      rule_id: rule,
      title: `Secret in source: ${leak.Description ?? rule}`,
      description: `A secret matching "${rule}" is committed${commit ? ` (commit ${commit.slice(0, 12)})` : ''}. Rotate it, then remove it from the history.`,
      severity: 'high',
      cwe_ids: ['CWE-798'],
      location: path ? `${path}${line ? `:${line}` : ''}` : null,
    });
  });
}
