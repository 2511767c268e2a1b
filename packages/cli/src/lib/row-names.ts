import type { Asset, Secai, User } from '@secai/sdk';
import type { Column, NameLookup } from './output.js';

/** Ids per lookup request: keeps the query string short (100 ids ≈ 3.7 KB). */
const IDS_PER_REQUEST = 100;

const assetName = (a: Asset): string => a.hostname ?? a.external_id ?? a.ip_addresses[0] ?? a.id;

async function lookup<T extends { id: string }>(ids: string[], fetch: (ids: string[]) => Promise<T[]>, name: (item: T) => string) {
  const names = new Map<string, string>();
  for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) {
    for (const item of await fetch(ids.slice(i, i + IDS_PER_REQUEST))) names.set(item.id, name(item));
  }
  return names;
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
    lookup<Asset>(idsOf('asset'), async (ids) => (await client.assets.list({ id: ids, limit: ids.length })).data, assetName).catch(
      () => undefined,
    ),
    lookup<User>(
      idsOf('user'),
      async (ids) => (await client.users.list({ id: ids, limit: ids.length })).data,
      (u) => u.username,
    ).catch(() => undefined),
  ]);
  return { ...(assets && { asset: assets }), ...(users && { user: users }) };
}
