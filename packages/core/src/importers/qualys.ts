import type { Severity } from '../schemas/common.js';
import { cvesIn, type Finding, finding, reportError } from './finding.js';
import { list, text, type XmlNode } from './xml.js';

const QUALYS_SEVERITY: Severity[] = ['info', 'info', 'low', 'medium', 'high', 'critical'];

/** Qualys VM scan XML (ASSET_DATA_REPORT): one finding per host and QID, details from the glossary. */
export function parseQualys(doc: XmlNode, file: string): Finding[] {
  const report = doc.ASSET_DATA_REPORT as XmlNode | undefined;
  if (!report) throw reportError(file, 'a Qualys VM report has an ASSET_DATA_REPORT root');
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
