import { Asset, type AssetFilter, type AssetListQuery, CRITICALITIES, type Page } from '@secai/core';
import type { QueryBuilder } from 'objection';
import type { DbOrTrx } from '../database.js';
import { whereIdPrefix } from '../id-prefix.js';
import { AssetModel, plainRows, rowMapper } from '../models/index.js';
import { applyKeyset, toPage } from '../pagination.js';
import { forKeyShare, forUpdate } from '../row-lock.js';
import { whereTextMatches } from '../text-search.js';

export type AssetRow = Asset & { natural_key: string; criticality_rank: number };

/** Rows per INSERT: knex writes SQLite multi-row inserts as a compound SELECT, limited to 500 terms. */
const CHUNK = 400;

const SORT_COLUMNS = { created_at: 'created_at', updated_at: 'updated_at', criticality: 'criticality_rank' } as const;

/** The key bulk upserts match on: external id, else hostname, else first address. */
export function naturalKey(asset: Pick<Asset, 'external_id' | 'hostname' | 'ip_addresses'>): string {
  if (asset.external_id) return `ext:${asset.external_id}`;
  if (asset.hostname) return `host:${asset.hostname.toLowerCase()}`;
  return `ip:${asset.ip_addresses[0] ?? ''}`;
}

export const criticalityRank = (c: Asset['criticality']): number => CRITICALITIES.indexOf(c);

const toAsset = rowMapper<Asset>(Asset, AssetModel);

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Builder type objection hands to `where` callbacks. */
type AssetQuery = QueryBuilder<AssetModel, AssetModel[]>;

export function applyAssetFilter(q: AssetQuery, db: DbOrTrx, filter: Partial<AssetFilter>): AssetQuery {
  if (filter.criticality) q.whereIn('assets.criticality', filter.criticality);
  if (filter.exposure) q.where('assets.exposure', filter.exposure);
  if (filter.asset_type) q.whereIn('assets.asset_type', filter.asset_type);
  if (filter.owner) q.where('assets.owner', filter.owner);
  if (filter.os) whereTextMatches(q, db, ['assets.os'], filter.os);
  if (filter.tag) {
    // Every listed tag must be present.
    for (const tag of filter.tag) {
      q.whereExists(db('asset_tags').whereRaw('asset_tags.asset_id = assets.id').where('asset_tags.tag', tag));
    }
  }
  if (filter.q) whereTextMatches(q, db, ['assets.hostname', 'assets.external_id', 'assets.owner', 'assets.ip_addresses'], filter.q);
  return q;
}

export class AssetsRepository {
  async findById(db: DbOrTrx, id: string): Promise<Asset | undefined> {
    const row = await AssetModel.query(db).findById(id);
    return row && toAsset(row);
  }

  /** Reads the asset and locks it until the transaction ends (row-lock.ts). */
  async lockById(trx: DbOrTrx, id: string): Promise<Asset | undefined> {
    const row = await forUpdate(trx, AssetModel.query(trx).findById(id));
    return row && toAsset(row);
  }

  async findByNaturalKey(db: DbOrTrx, key: string): Promise<Asset | undefined> {
    const row = await AssetModel.query(db).findOne({ natural_key: key });
    return row && toAsset(row);
  }

  async list(db: DbOrTrx, query: AssetListQuery): Promise<Page<Asset>> {
    const sort = { column: SORT_COLUMNS[query.sort.field], direction: query.sort.direction };
    const q = applyAssetFilter(AssetModel.query(db), db, query);
    if (query.since) q.where('assets.created_at', '>=', new Date(query.since).toISOString());
    if (query.until) q.where('assets.created_at', '<', new Date(query.until).toISOString());
    if (query.hostname) q.whereRaw('lower(assets.hostname) = ?', [query.hostname.toLowerCase()]);
    if (query.external_id) q.where('assets.external_id', query.external_id);
    if (query.id_prefix) whereIdPrefix(q, db, 'assets.id', query.id_prefix);
    if (query.id) q.whereIn('assets.id', query.id);
    const rows = await plainRows<AssetRow>(applyKeyset(q, sort, query.limit, query.cursor, 'assets'));
    return toPage(rows, sort, query.limit, toAsset);
  }

  /** Assets matching a saved filter, paged by creation. */
  async listMatching(db: DbOrTrx, filter: Partial<AssetFilter>, limit: number, cursor?: string): Promise<Page<Asset>> {
    const sort = { column: 'created_at', direction: 'desc' } as const;
    const rows = await plainRows<AssetRow>(applyKeyset(applyAssetFilter(AssetModel.query(db), db, filter), sort, limit, cursor, 'assets'));
    return toPage(rows, sort, limit, toAsset);
  }

  async countMatching(db: DbOrTrx, filter: Partial<AssetFilter>): Promise<number> {
    return applyAssetFilter(AssetModel.query(db), db, filter).resultSize();
  }

  async insert(db: DbOrTrx, row: AssetRow): Promise<void> {
    await AssetModel.query(db).insert({ ...row });
    await this.setTags(db, [row]);
  }

  async update(db: DbOrTrx, row: AssetRow): Promise<void> {
    const { id, created_at: _c, ...patch } = row;
    await AssetModel.query(db).patch(patch).where('id', id);
    await this.setTags(db, [row]);
  }

  /** What a network scan learns about a known asset: its addresses and OS, nothing else. */
  async refreshDiscovered(db: DbOrTrx, id: string, ipAddresses: string[], os: string | null, at: string): Promise<void> {
    await AssetModel.query(db)
      .patch({ ip_addresses: ipAddresses, ...(os && { os }), updated_at: at })
      .where('id', id);
  }

  async delete(db: DbOrTrx, id: string): Promise<number> {
    return AssetModel.query(db).deleteById(id);
  }

  /** Existing rows for these natural keys, keyed by natural key. */
  async findByNaturalKeys(db: DbOrTrx, keys: string[]): Promise<Map<string, { id: string; created_at: string }>> {
    const found = new Map<string, { id: string; created_at: string }>();
    for (const part of chunks(keys, 500)) {
      const rows = (await db('assets').select('id', 'natural_key', 'created_at').whereIn('natural_key', part)) as {
        id: string;
        natural_key: string;
        created_at: string;
      }[];
      for (const r of rows) found.set(r.natural_key, { id: r.id, created_at: r.created_at });
    }
    return found;
  }

  /**
   * Inserts or replaces whole rows by natural key, in chunks, then rewrites their tags. Returns
   * the id each natural key has now: when another transaction inserted the key first, its id,
   * not the one in `rows`.
   */
  async upsertMany(db: DbOrTrx, rows: AssetRow[]): Promise<Map<string, string>> {
    // One order for every upsert: two at once on PostgreSQL wait for each other's rows instead of
    // each holding some the other needs (a deadlock).
    const sorted = [...rows].sort((a, b) => (a.natural_key < b.natural_key ? -1 : a.natural_key > b.natural_key ? 1 : 0));
    const ids = new Map<string, string>();
    for (const part of chunks(sorted)) {
      const saved = (await db('assets')
        .insert(part.map((r) => ({ ...r, ip_addresses: JSON.stringify(r.ip_addresses), tags: JSON.stringify(r.tags) })))
        .onConflict('natural_key')
        .merge([
          'external_id',
          'hostname',
          'ip_addresses',
          'os',
          'asset_type',
          'owner',
          'criticality',
          'criticality_rank',
          'exposure',
          'business_value',
          'tags',
          'updated_at',
        ])
        .returning(['id', 'natural_key'])) as { id: string; natural_key: string }[];
      for (const r of saved) ids.set(r.natural_key, r.id);
    }
    await this.setTags(
      db,
      sorted.map((r) => ({ id: ids.get(r.natural_key) ?? r.id, tags: r.tags })),
    );
    return ids;
  }

  /**
   * The ids among `ids` that exist. Inside a transaction they cannot be deleted until it ends
   * (row-lock.ts), so the caller can reference them.
   */
  async existingIds(db: DbOrTrx, ids: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const part of chunks(ids, 500)) {
      for (const r of (await forKeyShare(db, db('assets').select('id').whereIn('id', part))) as { id: string }[]) found.add(r.id);
    }
    return found;
  }

  private async setTags(db: DbOrTrx, rows: Pick<AssetRow, 'id' | 'tags'>[]): Promise<void> {
    for (const part of chunks(rows, 500)) {
      await db('asset_tags')
        .whereIn(
          'asset_id',
          part.map((r) => r.id),
        )
        .delete();
      const tags = part.flatMap((r) => [...new Set(r.tags)].map((tag) => ({ asset_id: r.id, tag })));
      for (const tagPart of chunks(tags)) if (tagPart.length > 0) await db('asset_tags').insert(tagPart);
    }
  }
}
