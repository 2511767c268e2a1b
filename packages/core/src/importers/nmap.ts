import { cvssSeverity } from '../cvss/score.js';
import { type Finding, finding, reportError } from './finding.js';
import { list, text, type XmlNode } from './xml.js';

/** A host Nmap saw, to become (or update) an asset. */
export interface DiscoveredAsset {
  hostname: string | null;
  ip_addresses: string[];
  os: string | null;
}

/** The `vulners` NSE script's tables: CVE id and CVSS per row. */
function vulnersRows(script: XmlNode): { id: string; cvss: number | null; exploit: boolean }[] {
  const rows: { id: string; cvss: number | null; exploit: boolean }[] = [];
  const walk = (table: XmlNode) => {
    const elems = list(table.elem);
    const get = (key: string) => text(elems.find((e) => e['@key'] === key));
    const id = get('id');
    if (id) rows.push({ id, cvss: get('cvss') ? Number(get('cvss')) : null, exploit: get('is_exploit') === 'true' });
    for (const inner of list(table.table)) walk(inner);
  };
  for (const table of list(script.table)) walk(table);
  return rows;
}

/**
 * Nmap XML (`-oX`): every open port is an exposure finding (informational), and CVEs reported by
 * the vulners script are findings of their own. The hosts come back as assets to create or update.
 */
export function parseNmap(doc: XmlNode, file: string): { findings: Finding[]; assets: DiscoveredAsset[] } {
  const run = doc.nmaprun as XmlNode | undefined;
  if (!run) throw reportError(file, 'an Nmap XML report has an nmaprun root');
  const findings: Finding[] = [];
  const assets: DiscoveredAsset[] = [];
  for (const host of list(run.host)) {
    if ((host.status as XmlNode | undefined)?.['@state'] === 'down') continue;
    const addresses = list(host.address)
      .filter((a) => a['@addrtype'] !== 'mac')
      .map((a) => String(a['@addr']));
    const hostname =
      list((host.hostnames as XmlNode | undefined)?.hostname)
        .map((h) => String(h['@name'] ?? ''))
        .find(Boolean) ?? null;
    const os =
      list((host.os as XmlNode | undefined)?.osmatch)
        .map((m) => String(m['@name'] ?? ''))
        .find(Boolean) ?? null;
    const name = hostname ?? addresses[0] ?? 'unknown';
    assets.push({ hostname, ip_addresses: addresses, os });
    for (const port of list((host.ports as XmlNode | undefined)?.port)) {
      if ((port.state as XmlNode | undefined)?.['@state'] !== 'open') continue;
      const portId = `${port['@portid']}/${port['@protocol']}`;
      const service = (port.service ?? {}) as XmlNode;
      const product = [service['@product'], service['@version'], service['@extrainfo'] && `(${service['@extrainfo']})`]
        .filter(Boolean)
        .join(' ');
      findings.push(
        finding({
          scanner: 'nmap',
          rule_id: `open-port:${portId}`,
          title: `Open port ${portId}${service['@name'] ? ` (${service['@name']})` : ''}`,
          description: product ? `Service: ${product}` : null,
          severity: 'info',
          component: product ? String(service['@product'] ?? service['@name']) : null,
          version: (service['@version'] as string | undefined) ?? null,
          location: `${name}:${portId}`,
          asset: name,
        }),
      );
      for (const script of list(port.script).filter((s) => s['@id'] === 'vulners')) {
        for (const row of vulnersRows(script)) {
          findings.push(
            finding({
              scanner: 'nmap',
              rule_id: row.id,
              title: `${row.id} in ${product || portId}${row.exploit ? ' (exploit available)' : ''}`,
              severity: row.cvss === null ? 'info' : cvssSeverity(row.cvss, '2.0'),
              cve_ids: row.id.startsWith('CVE-') ? [row.id] : [],
              cvss_score: row.cvss,
              component: product || null,
              version: (service['@version'] as string | undefined) ?? null,
              location: `${name}:${portId}`,
              asset: name,
            }),
          );
        }
      }
    }
  }
  return { findings, assets };
}
