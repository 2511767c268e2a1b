import type { LogEvent } from '@secai/core/events';
import type { Db } from '../store/database.js';

export interface AssetRef {
  id: string;
  name?: string;
  criticality: string;
}

/** Hosts and addresses to assets: plain arrays, so the index can be posted to a worker thread. */
export interface AssetIndex {
  names: [string, AssetRef][];
  ips: [string, AssetRef][];
}

/**
 * Every asset by full hostname, short hostname (`web-01` of `web-01.fra.corp.example`, unless two
 * assets share it) and address, lower-cased.
 */
export async function loadAssetIndex(db: Db): Promise<AssetIndex> {
  const rows = (await db('assets').select('id', 'hostname', 'ip_addresses', 'criticality')) as {
    id: string;
    hostname: string | null;
    ip_addresses: string | string[];
    criticality: string;
  }[];
  const names = new Map<string, AssetRef>();
  const shorts = new Map<string, AssetRef | null>();
  const ips: [string, AssetRef][] = [];
  for (const row of rows) {
    const ref: AssetRef = { id: row.id, criticality: row.criticality, ...(row.hostname && { name: row.hostname }) };
    if (row.hostname) {
      const full = row.hostname.toLowerCase();
      names.set(full, ref);
      const short = full.split('.')[0] as string;
      // A short name two assets share (web-01 in two sites) names neither.
      shorts.set(short, shorts.has(short) ? null : ref);
    }
    const addresses = typeof row.ip_addresses === 'string' ? (JSON.parse(row.ip_addresses) as string[]) : row.ip_addresses;
    for (const ip of addresses ?? []) ips.push([ip, ref]);
  }
  for (const [short, ref] of shorts) if (ref && !names.has(short)) names.set(short, ref);
  return { names: [...names], ips };
}

const maps = new WeakMap<AssetIndex, { names: Map<string, AssetRef>; ips: Map<string, AssetRef> }>();

/**
 * Adds `asset.{id,name,criticality}` to each event whose host names an asset: by its name (full,
 * then short), else by one of its addresses. A few map reads per event, never a query.
 */
export function enrichEvents(index: AssetIndex, events: LogEvent[]): void {
  let lookup = maps.get(index);
  if (!lookup) {
    lookup = { names: new Map(index.names), ips: new Map(index.ips) };
    maps.set(index, lookup);
  }
  if (lookup.names.size === 0 && lookup.ips.size === 0) return;
  for (const event of events) {
    const host = event.host;
    if (!host) continue;
    const name = (host.name ?? host.hostname)?.toLowerCase();
    const ref =
      (name ? (lookup.names.get(name) ?? lookup.names.get(name.split('.')[0] as string)) : undefined) ??
      host.ip?.map((ip) => lookup.ips.get(ip)).find((r) => r !== undefined);
    if (ref) event.asset = { ...ref };
  }
}
