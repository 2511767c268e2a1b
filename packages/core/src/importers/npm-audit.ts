import { asArray, cvesIn, cweIds, type Finding, finding, normalizeSeverity, reportError } from './finding.js';

type Json = Record<string, unknown>;

/**
 * `npm audit --json`, both layouts. npm ≤6: one finding per advisory. npm 7+ (auditReportVersion 2):
 * one per advisory and vulnerable package; entries that are vulnerable only through a dependency
 * (`via` names another package) are not findings of their own, their dependency's advisory is.
 */
export function parseNpmAudit(report: unknown, file: string): Finding[] {
  const r = report as Json | null;
  if (r && typeof r.advisories === 'object' && r.advisories !== null) {
    return Object.values(r.advisories as Record<string, Json>).map((a) => {
      const versions = [...new Set(asArray(a.findings as Json[]).map((f) => String(f.version)))];
      return finding({
        scanner: 'npm-audit',
        rule_id: `npm:${a.id}`,
        title: String(a.title ?? `Advisory ${a.id}`),
        description: [a.overview, a.recommendation].filter(Boolean).join('\n\n') || null,
        severity: normalizeSeverity(a.severity as string),
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
    return Object.values(r.vulnerabilities as Record<string, Json>).flatMap((v) =>
      asArray(v.via as (Json | string)[])
        .filter((via): via is Json => typeof via === 'object' && via !== null)
        .map((via) =>
          finding({
            scanner: 'npm-audit',
            rule_id: String(via.url ?? `npm:${via.source}`).replace(/^https:\/\/github\.com\/advisories\//, ''),
            title: String(via.title ?? via.name),
            description: `${v.name} ${via.range ?? v.range} is affected; see ${via.url ?? 'the advisory'}`,
            severity: normalizeSeverity(via.severity as string),
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
