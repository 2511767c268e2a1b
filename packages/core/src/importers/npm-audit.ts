import { z } from 'zod';
import { asArray, cvesIn, cweIds, type Finding, finding, reportError, scannerSeverity } from './finding.js';
import { checkReport, idLike, listOf, optionalRecord, record, text } from './report-shape.js';

type Json = Record<string, unknown>;

const Npm6Report = record({
  advisories: z.record(
    z.string(),
    record({
      id: idLike,
      title: text,
      overview: text,
      recommendation: text,
      severity: text,
      cves: listOf(z.string()),
      module_name: text,
      patched_versions: text,
      findings: listOf(record({ version: idLike.nullish(), paths: listOf(z.string()) })),
    }),
  ),
});
const Npm7Report = record({
  vulnerabilities: z.record(
    z.string(),
    record({
      name: z.string(),
      range: text,
      nodes: listOf(z.string()),
      fixAvailable: z.union([z.boolean(), record({ name: text, version: text })]).nullish(),
      via: z.array(
        z.union([
          z.string(),
          record({
            source: idLike.nullish(),
            name: text,
            title: text,
            url: text,
            severity: text,
            range: text,
            cvss: optionalRecord({ vectorString: text, score: z.number().nullish() }),
          }),
        ]),
      ),
    }),
  ),
});

/**
 * `npm audit --json`, both layouts. npm ≤6: one finding per advisory. npm 7+ (auditReportVersion 2):
 * one per advisory and vulnerable package; entries that are vulnerable only through a dependency
 * (`via` names another package) are not findings of their own, their dependency's advisory is.
 */
export function parseNpmAudit(report: unknown, file: string): Finding[] {
  const r = report as Json | null;
  if (r && typeof r.advisories === 'object' && r.advisories !== null) {
    checkReport(Npm6Report, report, file, 'npm audit (npm 6)');
    return Object.values(r.advisories as Record<string, Json>).map((a) => {
      const versions = [...new Set(asArray(a.findings as Json[]).map((f) => String(f.version)))];
      return finding({
        scanner: 'npm-audit',
        rule_id: `npm:${a.id}`,
        title: String(a.title ?? `Advisory ${a.id}`),
        description: [a.overview, a.recommendation].filter(Boolean).join('\n\n') || null,
        severity: scannerSeverity(a.severity),
        cve_ids: cvesIn(...asArray(a.cves as string[])),
        cwe_ids: cweIds(a.cwe),
        component: (a.module_name as string | undefined) ?? null,
        version: versions.join(', ') || null,
        fix_version: (a.patched_versions as string | undefined) && a.patched_versions !== '<0.0.0' ? String(a.patched_versions) : null,
        location: asArray(a.findings as Json[]).flatMap((f) => asArray(f.paths as string[]))[0] ?? null,
      });
    });
  }
  if (r && typeof r.vulnerabilities === 'object' && r.vulnerabilities !== null) {
    checkReport(Npm7Report, report, file, 'npm audit (npm 7+)');
    return Object.values(r.vulnerabilities as Record<string, Json>).flatMap((v) =>
      asArray(v.via as (Json | string)[])
        .filter((via): via is Json => typeof via === 'object' && via !== null)
        .map((via) =>
          finding({
            scanner: 'npm-audit',
            rule_id: String(via.url ?? `npm:${via.source}`).replace(/^https:\/\/github\.com\/advisories\//, ''),
            title: String(via.title ?? via.name),
            description: `${v.name} ${via.range ?? v.range} is affected; see ${via.url ?? 'the advisory'}`,
            severity: scannerSeverity(via.severity),
            cve_ids: cvesIn(String(via.url ?? ''), String(via.title ?? '')),
            cwe_ids: cweIds(via.cwe),
            cvss_vector: ((via.cvss as Json | undefined)?.vectorString as string | null | undefined) ?? null,
            cvss_score: Number((via.cvss as Json | undefined)?.score) || null,
            component: String(v.name),
            version: (v.range as string | undefined) ?? null,
            fix_version:
              typeof v.fixAvailable === 'object' && v.fixAvailable
                ? `${(v.fixAvailable as Json).name}@${(v.fixAvailable as Json).version}`
                : null,
            location: asArray(v.nodes as string[])[0] ?? null,
          }),
        ),
    );
  }
  throw reportError(file, 'an npm audit report needs "advisories" (npm 6) or "vulnerabilities" (npm 7+)');
}
