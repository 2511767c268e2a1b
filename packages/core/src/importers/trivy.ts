import { z } from 'zod';
import { asArray, cweIds, type Finding, finding, scannerSeverity } from './finding.js';
import { checkReport, listOf, number, optionalRecord, record, text } from './report-shape.js';

type Json = Record<string, unknown>;
interface TrivyCvss {
  V2Vector?: string;
  V2Score?: number;
  V3Vector?: string;
  V3Score?: number;
  V40Vector?: string;
  V40Score?: number;
}

/** The severity source's vector if it has one, else NVD's, else any; v4 before v3 before v2. */
function pickCvss(v: Json): { vector: string | null; score: number | null } {
  const all = (v.CVSS ?? {}) as Record<string, TrivyCvss>;
  const sources = [v.SeveritySource as string, 'nvd', ...Object.keys(all)].filter((s) => s && all[s]);
  for (const source of sources) {
    const c = all[source] as TrivyCvss;
    if (c.V40Vector) return { vector: c.V40Vector, score: c.V40Score ?? null };
    if (c.V3Vector) return { vector: c.V3Vector, score: c.V3Score ?? null };
  }
  for (const source of sources) {
    const c = all[source] as TrivyCvss;
    if (c.V2Vector) return { vector: c.V2Vector, score: c.V2Score ?? null };
  }
  return { vector: null, score: null };
}

const Cvss = optionalRecord({
  V2Vector: text,
  V2Score: number,
  V3Vector: text,
  V3Score: number,
  V40Vector: text,
  V40Score: number,
});
const Result = record({
  Target: text,
  Vulnerabilities: listOf(
    record({
      VulnerabilityID: z.string(),
      Title: text,
      Description: text,
      Severity: text,
      SeveritySource: text,
      CweIDs: listOf(z.string()),
      CVSS: z.record(z.string(), Cvss).nullish(),
      PkgName: text,
      PkgPath: text,
      InstalledVersion: text,
      FixedVersion: text,
    }),
  ),
  Misconfigurations: listOf(
    record({
      ID: text,
      AVDID: text,
      Title: text,
      Description: text,
      Message: text,
      Resolution: text,
      Severity: text,
      Status: text,
      CauseMetadata: optionalRecord({ StartLine: number }),
    }),
  ),
  Secrets: listOf(record({ RuleID: text, Title: text, Category: text, Severity: text, StartLine: number })),
});
const TrivyReport = record({ SchemaVersion: z.number(), ArtifactName: text, Results: listOf(Result) });
/** The legacy layout: a top-level array of results, each naming its target. */
const LegacyTrivyReport = z.array(Result.extend({ Target: z.string() }));

/** Trivy JSON: SchemaVersion 2 (vulnerabilities, misconfigurations, secrets) and the legacy array. */
export function parseTrivy(report: unknown, file: string): Finding[] {
  if (Array.isArray(report)) checkReport(LegacyTrivyReport, report, file, 'Trivy');
  else checkReport(TrivyReport, report, file, 'Trivy');
  const asset = Array.isArray(report) ? null : (((report as Json)?.ArtifactName as string | undefined) ?? null);
  const results = Array.isArray(report) ? report : (report as Json | null)?.Results;
  const findings: Finding[] = [];
  for (const result of asArray(results as Json[])) {
    const target = (result.Target as string | undefined) ?? null;
    for (const v of asArray(result.Vulnerabilities as Json[])) {
      const id = String(v.VulnerabilityID ?? '');
      const cvss = pickCvss(v);
      findings.push(
        finding({
          scanner: 'trivy',
          rule_id: id,
          title: (v.Title as string | undefined) ?? id,
          description: (v.Description as string | undefined) ?? null,
          severity: scannerSeverity(v.Severity),
          cve_ids: id.startsWith('CVE-') ? [id] : [],
          cwe_ids: cweIds(v.CweIDs),
          cvss_vector: cvss.vector,
          cvss_score: cvss.score,
          component: (v.PkgName as string | undefined) ?? null,
          version: (v.InstalledVersion as string | undefined) ?? null,
          fix_version: (v.FixedVersion as string | undefined) || null,
          location: (v.PkgPath as string | undefined) ?? target,
          asset: asset ?? target,
        }),
      );
    }
    for (const m of asArray(result.Misconfigurations as Json[])) {
      if (m.Status === 'PASS') continue;
      const line = (m.CauseMetadata as Json | undefined)?.StartLine;
      findings.push(
        finding({
          scanner: 'trivy',
          rule_id: String(m.ID ?? m.AVDID ?? ''),
          title: String(m.Title ?? m.ID ?? 'Misconfiguration'),
          description: [m.Description, m.Message, m.Resolution && `Resolution: ${m.Resolution}`].filter(Boolean).join('\n\n') || null,
          severity: scannerSeverity(m.Severity),
          location: target ? `${target}${line ? `:${line}` : ''}` : null,
          asset,
        }),
      );
    }
    for (const s of asArray(result.Secrets as Json[])) {
      findings.push(
        finding({
          scanner: 'trivy',
          rule_id: String(s.RuleID ?? 'secret'),
          title: String(s.Title ?? 'Secret'),
          // The matched secret itself is never stored.
          description: `A secret (${s.Category ?? s.RuleID}) is committed in ${target}`,
          severity: scannerSeverity(s.Severity),
          cwe_ids: ['CWE-798'],
          location: target ? `${target}${s.StartLine ? `:${s.StartLine}` : ''}` : null,
          asset,
        }),
      );
    }
  }
  return findings;
}
