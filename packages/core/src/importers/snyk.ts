import { z } from 'zod';
import { asArray, cvesIn, cweIds, type Finding, finding, scannerSeverity } from './finding.js';
import { checkReport, idLike, listOf, optionalRecord, record, text } from './report-shape.js';

type Json = Record<string, unknown>;

const SnykProject = record({
  vulnerabilities: z.array(
    record({
      id: idLike,
      title: text,
      description: text,
      severity: text,
      identifiers: optionalRecord({ CVE: listOf(z.string()) }),
      from: listOf(z.string()),
      CVSSv3: text,
      cvssScore: z.unknown(),
      packageName: text,
      version: text,
      fixedIn: listOf(z.string()),
    }),
  ),
  projectName: text,
  displayTargetFile: text,
});

/** `snyk test --json`: one project, or the array `--all-projects` writes. */
export function parseSnyk(report: unknown, file: string): Finding[] {
  if (Array.isArray(report)) checkReport(z.array(SnykProject), report, file, 'Snyk');
  else checkReport(SnykProject, report, file, 'Snyk');
  const projects = Array.isArray(report) ? report : [report];
  return (projects as Json[]).flatMap((project) => {
    const asset = (project.projectName as string | undefined) ?? null;
    const target = (project.displayTargetFile as string | undefined) ?? null;
    return (project.vulnerabilities as Json[]).map((v) => {
      const ids = (v.identifiers ?? {}) as Json;
      const path = asArray(v.from as string[]);
      return finding({
        scanner: 'snyk',
        rule_id: String(v.id),
        title: String(v.title ?? v.id),
        description: (v.description as string | undefined) ?? null,
        severity: scannerSeverity(v.severity),
        cve_ids: cvesIn(...asArray(ids.CVE as string[])),
        cwe_ids: cweIds(ids.CWE),
        cvss_vector: (v.CVSSv3 as string | undefined) ?? null,
        cvss_score: typeof v.cvssScore === 'number' ? v.cvssScore : null,
        component: (v.packageName as string | undefined) ?? null,
        version: (v.version as string | undefined) ?? null,
        fix_version: asArray(v.fixedIn as string[])[0] ?? null,
        location: path.length > 0 ? `${target ?? ''} ${path.join(' > ')}`.trim() : target,
        asset,
      });
    });
  });
}
