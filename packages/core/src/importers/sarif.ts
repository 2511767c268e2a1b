import { z } from 'zod';
import { cvssSeverity } from '../cvss/score.js';
import type { Severity } from '../schemas/common.js';
import { asArray, cvesIn, cweIds, type Finding, finding, normalizeSeverity } from './finding.js';
import { checkReport, idLike, listOf, number, optionalRecord, record, text } from './report-shape.js';

type Json = Record<string, unknown>;

/** GitHub's `security-severity` (a CVSS-like number) wins; else the result's level, else the rule's. */
function severityOf(result: Json, rule: Json | undefined): Severity {
  const props = { ...((rule?.properties as Json) ?? {}), ...((result.properties as Json) ?? {}) };
  const score = Number(props['security-severity']);
  if (Number.isFinite(score) && props['security-severity'] !== undefined) return cvssSeverity(score);
  if (typeof props.severity === 'string') return normalizeSeverity(props.severity);
  const level =
    (result.level as string | undefined) ?? ((rule?.defaultConfiguration as Json | undefined)?.level as string | undefined) ?? 'warning';
  return normalizeSeverity(level);
}

function locationOf(result: Json): string | null {
  const physical = (asArray(result.locations as Json[])[0]?.physicalLocation ?? {}) as Json;
  const uri = ((physical.artifactLocation as Json | undefined)?.uri as string | undefined)?.replace(/^file:\/+/, '/');
  const line = (physical.region as Json | undefined)?.startLine;
  return uri ? `${uri}${line ? `:${line}` : ''}` : null;
}

const Message = optionalRecord({ text: text });
const Properties = optionalRecord({ tags: listOf(z.string()), 'security-severity': idLike.nullish() });
const SarifLog = record({
  runs: z.array(
    record({
      tool: optionalRecord({
        driver: optionalRecord({
          name: text,
          rules: listOf(
            record({
              id: text,
              name: text,
              shortDescription: Message,
              fullDescription: Message,
              properties: Properties,
              defaultConfiguration: optionalRecord({ level: text }),
            }),
          ),
        }),
      }),
      results: listOf(
        record({
          ruleId: text,
          ruleIndex: number,
          rule: optionalRecord({ id: text }),
          level: text,
          message: Message,
          properties: Properties,
          locations: listOf(
            record({
              physicalLocation: optionalRecord({
                artifactLocation: optionalRecord({ uri: text }),
                region: optionalRecord({ startLine: number }),
              }),
            }),
          ),
          suppressions: listOf(record({ status: text })),
        }),
      ),
    }),
  ),
});

/** SARIF 2.1.0 from any tool (CodeQL, Semgrep, ShellCheck, Dependency-Check …): one finding per result. */
export function parseSarif(report: unknown, file: string): Finding[] {
  const runs = checkReport(SarifLog, report, file, 'SARIF').runs;
  const findings: Finding[] = [];
  for (const run of runs as Json[]) {
    const driver = ((run.tool as Json | undefined)?.driver ?? {}) as Json;
    const scanner = String(driver.name ?? 'sarif').toLowerCase();
    const rules = asArray(driver.rules as Json[]);
    for (const result of asArray(run.results as Json[])) {
      const ruleId = String(result.ruleId ?? (result.rule as Json | undefined)?.id ?? 'unknown');
      const rule = rules[Number(result.ruleIndex)] ?? rules.find((r) => r.id === ruleId);
      const message = String((result.message as Json | undefined)?.text ?? '');
      const title = String((rule?.shortDescription as Json | undefined)?.text ?? (rule?.name as string | undefined) ?? ruleId);
      const tags = asArray(((rule?.properties as Json | undefined)?.tags ?? []) as string[]);
      findings.push(
        finding({
          scanner,
          rule_id: ruleId,
          title,
          description: message || ((rule?.fullDescription as Json | undefined)?.text as string | undefined) || null,
          severity: severityOf(result, rule),
          cve_ids: cvesIn(ruleId, message),
          cwe_ids: cweIds(tags.filter((t) => /cwe/i.test(t))),
          location: locationOf(result),
          suppressed: asArray(result.suppressions as Json[]).some((s) => s.status === undefined || s.status === 'accepted'),
        }),
      );
    }
  }
  return findings;
}
