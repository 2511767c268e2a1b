import { z } from 'zod';
import type { Severity } from '../schemas/common.js';
import { cweIds, type Finding, finding, reportError } from './finding.js';
import { checkReport, listOf, record } from './report-shape.js';
import { list, text, type XmlNode } from './xml.js';

const ZAP_RISK: Severity[] = ['info', 'low', 'medium', 'high'];
const stripHtml = (s: string | null) =>
  s
    ? s
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
    : null;

/** OWASP ZAP XML report: one finding per alert and site, its URLs as the location. */
export function parseZapXml(doc: XmlNode, file: string): Finding[] {
  const root = doc.OWASPZAPReport as XmlNode | undefined;
  if (!root) throw reportError(file, 'a ZAP XML report has an OWASPZAPReport root');
  return list(root.site).flatMap((site) => {
    const siteName = String(site['@name'] ?? site['@host'] ?? '');
    // ZAP can list one alert twice for a site (split instances); they are one finding.
    const byPlugin = new Map<string, { alert: XmlNode; uris: string[] }>();
    for (const alert of list((site.alerts as XmlNode | undefined)?.alertitem)) {
      const id = text(alert.pluginid) ?? text(alert.alertRef) ?? '';
      const uris = list((alert.instances as XmlNode | undefined)?.instance)
        .map((i) => text(i.uri))
        .filter((u): u is string => Boolean(u));
      const seen = byPlugin.get(id);
      if (seen) seen.uris.push(...uris);
      else byPlugin.set(id, { alert, uris });
    }
    return [...byPlugin.values()].map(({ alert: a, uris }) => {
      return finding({
        scanner: 'zap',
        rule_id: `zap:${text(a.pluginid) ?? text(a.alertRef)}`,
        title: text(a.alert) ?? text(a.name) ?? 'ZAP alert',
        description:
          [stripHtml(text(a.desc)), stripHtml(text(a.solution)) && `Solution: ${stripHtml(text(a.solution))}`]
            .filter(Boolean)
            .join('\n\n') || null,
        severity: ZAP_RISK[Number(text(a.riskcode))] ?? 'info',
        cwe_ids: cweIds(text(a.cweid) && text(a.cweid) !== '-1' && text(a.cweid) !== '0' ? text(a.cweid) : []),
        location: [...new Set(uris)].slice(0, 20).join(' ') || siteName,
        // The URLs an alert fires on vary between scans; the alert on the site is the finding.
        key: siteName,
        asset: siteName || null,
      });
    });
  });
}

const ZapJsonReport = record({
  site: z.array(record({ alerts: listOf(record({ instances: listOf(record({})) })) })),
});

/**
 * ZAP's JSON report (`-J`, "traditional-json") has the XML report's fields with arrays in place
 * of the repeated elements; it is mapped onto the XML shape and read the same way.
 */
export function parseZapJson(report: unknown, file: string): Finding[] {
  const sites = checkReport(ZapJsonReport, report, file, 'ZAP JSON').site;
  const asXml = {
    OWASPZAPReport: {
      site: (sites as XmlNode[]).map((site) => ({
        ...site,
        alerts: { alertitem: list(site.alerts).map((alert) => ({ ...alert, instances: { instance: list(alert.instances) } })) },
      })),
    },
  };
  return parseZapXml(asXml, file);
}
