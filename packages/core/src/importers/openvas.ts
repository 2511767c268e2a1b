import { cvssSeverity } from '../cvss/score.js';
import { cvesIn, type Finding, finding, normalizeSeverity, reportError } from './finding.js';
import { list, text, type XmlNode } from './xml.js';

/** `key=value|key=value` NVT tags. */
function tags(raw: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (raw ?? '').split('|')) {
    const at = part.indexOf('=');
    if (at > 0)
      out[part.slice(0, at).trim()] = part
        .slice(at + 1)
        .replace(/\s+/g, ' ')
        .trim();
  }
  return out;
}

/** Greenbone / OpenVAS GVM XML reports (the report document or its inner `report`). */
export function parseOpenvas(doc: XmlNode, file: string): Finding[] {
  let report = doc.report as XmlNode | undefined;
  if (!report) throw reportError(file, 'a GVM report has a report root');
  if (report.report) report = report.report as XmlNode;
  const results = list((report.results as XmlNode | undefined)?.result);
  return results.map((r) => {
    const nvt = (r.nvt ?? {}) as XmlNode;
    const t = tags(text(nvt.tags));
    const host = r.host as XmlNode | string | undefined;
    const ip = typeof host === 'object' ? text(host) : (host ?? null);
    const hostname = typeof host === 'object' ? text(host.hostname) : null;
    const severityScore = Number(text(r.severity) ?? text(nvt.cvss_base) ?? Number.NaN);
    const threat = text(r.threat);
    const refs = list(((nvt.refs ?? {}) as XmlNode).ref);
    const vector = t.cvss_base_vector ?? null;
    return finding({
      scanner: 'openvas',
      rule_id: `openvas:${nvt['@oid'] ?? text(nvt.name)}`,
      title: text(nvt.name) ?? text(r.name) ?? 'OpenVAS result',
      description:
        [t.summary, t.insight, text(r.description), t.solution && `Solution: ${t.solution}`].filter(Boolean).join('\n\n') || null,
      severity:
        threat && threat !== 'Log' ? normalizeSeverity(threat) : Number.isFinite(severityScore) ? cvssSeverity(severityScore) : 'info',
      cve_ids: cvesIn(...refs.filter((ref) => ref['@type'] === 'cve').map((ref) => String(ref['@id']))),
      cvss_vector: vector?.startsWith('CVSS:') || vector?.startsWith('AV:') ? vector : null,
      cvss_score: Number.isFinite(severityScore) ? severityScore : null,
      location: `${ip ?? ''}${text(r.port) ? `:${text(r.port)}` : ''}` || null,
      asset: hostname ?? ip,
    });
  });
}
