import type { Severity } from '../schemas/common.js';
import { cvesIn, type Finding, finding, reportError } from './finding.js';
import { list, text, type XmlNode } from './xml.js';

const QUALYS_SEVERITY: Severity[] = ['info', 'info', 'low', 'medium', 'high', 'critical'];

/** Qualys VM scan XML (ASSET_DATA_REPORT): one finding per host and QID, details from the glossary. */
export function parseQualys(doc: XmlNode, file: string): Finding[] {
  if (doc.WAS_SCAN_REPORT) return parseQualysWas(doc.WAS_SCAN_REPORT as XmlNode);
  const report = doc.ASSET_DATA_REPORT as XmlNode | undefined;
  if (!report) throw reportError(file, 'a Qualys report has an ASSET_DATA_REPORT (VM) or WAS_SCAN_REPORT (web app) root');
  const details = new Map(
    list(((report.GLOSSARY as XmlNode | undefined)?.VULN_DETAILS_LIST as XmlNode | undefined)?.VULN_DETAILS).map(
      (d) => [text(d.QID), d] as const,
    ),
  );
  return list((report.HOST_LIST as XmlNode | undefined)?.HOST).flatMap((host) => {
    const ip = text(host.IP);
    const dns = text(host.DNS);
    return list((host.VULN_INFO_LIST as XmlNode | undefined)?.VULN_INFO).map((info) => {
      const qid = text(info.QID) ?? 'unknown';
      const d = details.get(qid) ?? {};
      const cves = list((d.CVE_ID_LIST as XmlNode | undefined)?.CVE_ID).map((c) => text((c as XmlNode).ID) ?? text(c));
      const cvss3 = d.CVSS3_SCORE as XmlNode | undefined;
      const score = Number(text(cvss3?.CVSS3_BASE) ?? text((d.CVSS_SCORE as XmlNode | undefined)?.CVSS_BASE) ?? Number.NaN);
      const port = text(info.PORT);
      return finding({
        scanner: 'qualys',
        rule_id: `qualys:${qid}`,
        title: text(d.TITLE) ?? `QID ${qid}`,
        description:
          [text(d.THREAT), text(d.IMPACT), text(d.SOLUTION) && `Solution: ${text(d.SOLUTION)}`]
            .filter(Boolean)
            .join('\n\n')
            .replace(/<[^>]+>/g, ' ') || null,
        severity: QUALYS_SEVERITY[Number(text(d.SEVERITY))] ?? 'info',
        cve_ids: cvesIn(...cves.map(String)),
        cvss_score: Number.isFinite(score) ? score : null,
        location: `${ip ?? dns ?? ''}${port ? `:${port}/${text(info.PROTOCOL) ?? 'tcp'}` : ''}` || null,
        asset: dns ?? ip,
      });
    });
  });
}

/**
 * Qualys Web Application Scanning XML: the detected vulnerabilities, per QID and URL. The
 * "information gathered" list describes the application (server banners, links crawled) and is
 * not imported: it is not something to fix.
 */
function parseQualysWas(report: XmlNode): Finding[] {
  const glossary = new Map(
    list(((report.GLOSSARY as XmlNode | undefined)?.QID_LIST as XmlNode | undefined)?.QID).map((q) => [text(q.QID), q] as const),
  );
  const results = (report.RESULTS ?? {}) as XmlNode;
  const target = text(list(((report.TARGET as XmlNode | undefined)?.SCAN as XmlNode | undefined)?.WEB_APP)[0]?.URL) ?? null;
  return list((results.VULNERABILITY_LIST as XmlNode | undefined)?.VULNERABILITY).map((v) => {
    const qid = text(v.QID) ?? 'unknown';
    const d = glossary.get(qid) ?? {};
    const url = text(v.URL);
    return finding({
      scanner: 'qualys-was',
      rule_id: `qualys:${qid}`,
      title: text(d.TITLE) ?? `QID ${qid}`,
      description:
        [text(d.DESCRIPTION), text(d.IMPACT), text(d.SOLUTION) && `Solution: ${text(d.SOLUTION)}`]
          .filter(Boolean)
          .join('\n\n')
          .replace(/<[^>]+>/g, ' ') || null,
      severity: QUALYS_SEVERITY[Number(text(d.SEVERITY))] ?? 'info',
      location: url ?? target,
      asset: target ?? (url && URL.canParse(url) ? new URL(url).origin : url),
      suppressed: text(v.IGNORED) === 'true',
    });
  });
}
