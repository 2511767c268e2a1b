import type { Severity } from '../schemas/common.js';
import { cvesIn, cweIds, type Finding, finding, reportError } from './finding.js';
import { list, text, type XmlNode } from './xml.js';

const NESSUS_SEVERITY: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** Nessus `.nessus` (NessusClientData_v2), host scans and Tenable Web App Scanning alike. */
export function parseNessus(doc: XmlNode, file: string): Finding[] {
  const root = doc.NessusClientData_v2 as XmlNode | undefined;
  if (!root) throw reportError(file, 'a .nessus file has a NessusClientData_v2 root');
  const findings: Finding[] = [];
  for (const host of list((root.Report as XmlNode | undefined)?.ReportHost)) {
    const hostName = String(host['@name'] ?? '');
    for (const item of list(host.ReportItem)) {
      const port = String(item['@port'] ?? '0');
      const protocol = String(item['@protocol'] ?? 'tcp').toLowerCase();
      const v3 = text(item.cvss3_vector) ?? text(item.cvssv3);
      const v2 = text(item.cvss_vector);
      const vector = v3 ? (v3.startsWith('CVSS:') ? v3 : `CVSS:3.0/${v3}`) : v2 ? v2.replace(/^CVSS2#/, '') : null;
      const score = Number(text(item.cvss3_base_score) ?? text(item.cvss_base_score) ?? Number.NaN);
      findings.push(
        finding({
          scanner: 'nessus',
          rule_id: `nessus:${item['@pluginID']}`,
          title: String(item['@pluginName'] ?? text(item.plugin_name) ?? item['@pluginID']),
          description:
            [text(item.synopsis), text(item.description), text(item.solution) && `Solution: ${text(item.solution)}`]
              .filter(Boolean)
              .join('\n\n') || null,
          severity: NESSUS_SEVERITY[Number(item['@severity'])] ?? 'info',
          cve_ids: cvesIn(...list<string>(item.cve).map(String)),
          cwe_ids: cweIds(list(item.cwe).map((c) => text(c))),
          cvss_vector: vector,
          cvss_score: Number.isFinite(score) ? score : null,
          location: port === '0' ? hostName : `${hostName}:${port}/${protocol}`,
          asset: hostName || null,
        }),
      );
    }
  }
  return findings;
}
