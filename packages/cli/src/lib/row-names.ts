import type { Asset, Secai, User } from '@secai/sdk';
import type { Column, NameLookup } from './output.js';

/** Ids per lookup request: keeps the query string short (100 ids ≈ 3.7 KB). */
const IDS_PER_REQUEST = 100;

/** What people call an asset: its hostname, else its external id, else its first address, else its id. */
export const assetName = (a: Pick<Asset, 'id' | 'hostname' | 'external_id' | 'ip_addresses'>): string =>
  a.hostname ?? a.external_id ?? a.ip_addresses[0] ?? a.id;

async function lookup<T extends { id: string }>(ids: string[], fetch: (ids: string[]) => Promise<T[]>, name: (item: T) => string) {
  const names = new Map<string, string>();
  for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) {
    for (const item of await fetch(ids.slice(i, i + IDS_PER_REQUEST))) names.set(item.id, name(item));
  }
  return names;
}

/** The names (see assetName) of these assets, by id, a bounded number of ids per request. */
export function assetNames(client: Secai, ids: string[]): Promise<Map<string, string>> {
  return lookup<Asset>([...new Set(ids)], async (part) => (await client.assets.list({ id: part, limit: part.length })).data, assetName);
}

/**
 * Hostnames and usernames for the asset and user ids a table shows (`ref` columns), in one
 * request per kind. A caller who may not read users (a viewer) sees short ids instead.
 */
export async function lookupNames<R>(client: Secai, rows: R[], columns: Column<R>[]): Promise<NameLookup> {
  const idsOf = (ref: 'asset' | 'user') => [
    ...new Set(
      columns
        .filter((c) => c.ref === ref)
        .flatMap((c) => rows.map((r) => c.get(r)))
        .filter((v): v is string => typeof v === 'string' && v !== ''),
    ),
  ];
  const [assets, users] = await Promise.all([
    assetNames(client, idsOf('asset')).catch(() => undefined),
    lookup<User>(
      idsOf('user'),
      async (ids) => (await client.users.list({ id: ids, limit: ids.length })).data,
      (u) => u.username,
    ).catch(() => undefined),
  ]);
  return { ...(assets && { asset: assets }), ...(users && { user: users }) };
}
