import { z } from 'zod';
import { asArray, cvesIn, type Finding, finding, scannerSeverity } from './finding.js';
import { checkReport, listOf, number, optionalRecord, record, text } from './report-shape.js';

type Json = Record<string, unknown>;
interface GrypeCvss {
  version?: string;
  vector?: string;
  metrics?: { baseScore?: number };
}

/** The highest-version CVSS entry of the match or its related (NVD) records. */
function pickCvss(match: Json): { vector: string | null; score: number | null } {
  const entries = [match.vulnerability as Json, ...asArray(match.relatedVulnerabilities as Json[])].flatMap((v) =>
    asArray(v?.cvss as GrypeCvss[]),
  );
  const best = entries.filter((c) => c.vector).sort((a, b) => Number(b.version ?? 0) - Number(a.version ?? 0))[0];
  if (!best?.vector) return { vector: null, score: null };
  const vector = best.version?.startsWith('3') && !best.vector.startsWith('CVSS:') ? `CVSS:${best.version}/${best.vector}` : best.vector;
  return { vector, score: best.metrics?.baseScore ?? null };
}

const Cvss = listOf(record({ version: text, vector: text, metrics: optionalRecord({ baseScore: number }) }));
const GrypeReport = record({
  matches: z.array(
    record({
      vulnerability: record({
        id: z.string(),
        severity: text,
        description: text,
        cvss: Cvss,
        fix: optionalRecord({ versions: listOf(z.string()) }),
      }),
      relatedVulnerabilities: listOf(record({ id: text, description: text, cvss: Cvss })),
      artifact: record({ name: z.string(), version: text, locations: listOf(record({ path: text })) }),
    }),
  ),
  source: optionalRecord({ target: z.union([z.string(), record({ userInput: text })]).nullish() }),
});

/** Grype JSON (`grype -o json`): one finding per vulnerability and package. */
export function parseGrype(report: unknown, file: string): Finding[] {
  const matches = checkReport(GrypeReport, report, file, 'Grype').matches;
  const source = (report as Json | null)?.source as Json | undefined;
  const target = source?.target as Json | string | undefined;
  const asset = typeof target === 'string' ? target : ((target?.userInput as string | undefined) ?? null);
  const byFingerprint = new Map<string, Finding>();
  for (const match of asArray(matches as Json[])) {
    const v = (match.vulnerability ?? {}) as Json;
    const artifact = (match.artifact ?? {}) as Json;
    const id = String(v.id ?? '');
    const related = asArray(match.relatedVulnerabilities as Json[]);
    const cvss = pickCvss(match);
    const fix = v.fix as Json | undefined;
    const f = finding({
      scanner: 'grype',
      rule_id: id,
      title: `${id} in ${artifact.name}`,
      description: (v.description as string | undefined) ?? (related.find((r) => r.description)?.description as string | undefined) ?? null,
      severity: scannerSeverity(v.severity),
      cve_ids: cvesIn(id, ...related.map((r) => String(r.id ?? ''))),
      cvss_vector: cvss.vector,
      cvss_score: cvss.score,
      component: (artifact.name as string | undefined) ?? null,
      version: (artifact.version as string | undefined) ?? null,
      fix_version: asArray(fix?.versions as string[])[0] ?? null,
      location:
        asArray(artifact.locations as Json[])
          .map((l) => l.path)
          .filter(Boolean)
          .join(', ') || null,
      asset,
    });
    // The same package found at two paths is one finding (DefectDojo's default too).
    const seen = byFingerprint.get(f.fingerprint);
    if (seen) seen.location = [...new Set([seen.location, f.location].flatMap((l) => (l ? l.split(', ') : [])))].join(', ');
    else byFingerprint.set(f.fingerprint, f);
  }
  return [...byFingerprint.values()];
}
