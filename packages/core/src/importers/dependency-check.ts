import { cvesIn, cweIds, type Finding, finding, normalizeSeverity, reportError } from './finding.js';
import { list, text, type XmlNode } from './xml.js';

const V3_ABBREVIATIONS: Record<string, Record<string, string>> = {
  attackVector: { NETWORK: 'N', ADJACENT_NETWORK: 'A', ADJACENT: 'A', LOCAL: 'L', PHYSICAL: 'P' },
  attackComplexity: { LOW: 'L', HIGH: 'H' },
  privilegesRequired: { NONE: 'N', LOW: 'L', HIGH: 'H' },
  userInteraction: { NONE: 'N', REQUIRED: 'R' },
  scope: { UNCHANGED: 'U', CHANGED: 'C' },
  confidentialityImpact: { NONE: 'N', LOW: 'L', HIGH: 'H' },
  integrityImpact: { NONE: 'N', LOW: 'L', HIGH: 'H' },
  availabilityImpact: { NONE: 'N', LOW: 'L', HIGH: 'H' },
};
const V3_METRICS = [
  'AV:attackVector',
  'AC:attackComplexity',
  'PR:privilegesRequired',
  'UI:userInteraction',
  'S:scope',
  'C:confidentialityImpact',
  'I:integrityImpact',
  'A:availabilityImpact',
];

/** Dependency-Check spells CVSS v3 out field by field; secai wants the vector. */
function v3Vector(cvss: XmlNode | undefined): string | null {
  if (!cvss) return null;
  const parts = V3_METRICS.map((m) => {
    const [abbr = '', field = ''] = m.split(':');
    const value = V3_ABBREVIATIONS[field]?.[String(text(cvss[field]) ?? '').toUpperCase()];
    return value ? `${abbr}:${value}` : null;
  });
  if (parts.some((p) => p === null)) return null;
  return `CVSS:${text(cvss.version) ?? '3.1'}/${parts.join('/')}`;
}

/** OWASP Dependency-Check XML: one finding per vulnerability and dependency; suppressed ones flagged. */
export function parseDependencyCheck(doc: XmlNode, file: string): Finding[] {
  const analysis = doc.analysis as XmlNode | undefined;
  if (!analysis) throw reportError(file, 'a Dependency-Check report has an analysis root');
  const project = text((analysis.projectInfo as XmlNode | undefined)?.name);
  return list((analysis.dependencies as XmlNode | undefined)?.dependency).flatMap((dep) => {
    const fileName = text(dep.fileName);
    const pkg =
      list(((dep.identifiers as XmlNode | undefined)?.package ?? []) as XmlNode[])
        .map((p) => text(p.id))
        .find(Boolean) ?? null;
    const vulns = (dep.vulnerabilities ?? {}) as XmlNode;
    const entries = [
      ...list(vulns.vulnerability).map((v) => ({ v, suppressed: false })),
      ...list(vulns.suppressedVulnerability).map((v) => ({ v, suppressed: true })),
    ];
    return entries.map(({ v, suppressed }) => {
      const name = text(v.name) ?? 'unknown';
      const v3 = v.cvssV3 as XmlNode | undefined;
      const score = Number(text(v3?.baseScore) ?? text(v.cvssScore) ?? Number.NaN);
      return finding({
        scanner: 'dependency-check',
        rule_id: name,
        title: `${name} in ${fileName ?? pkg ?? 'a dependency'}`,
        description: text(v.description),
        severity: normalizeSeverity(text(v.severity) ?? text(v3?.baseSeverity)),
        cve_ids: cvesIn(name),
        cwe_ids: cweIds([...list((v.cwes as XmlNode | undefined)?.cwe).map((c) => text(c)), text(v.cwe)].filter(Boolean)),
        cvss_vector: v3Vector(v3),
        cvss_score: Number.isFinite(score) ? score : null,
        component: fileName,
        version: pkg?.split('@')[1] ?? null,
        location: text(dep.filePath),
        asset: project,
        suppressed,
      });
    });
  });
}
