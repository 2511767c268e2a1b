import type { AssetGroup, AssetGroupListQuery, Page, SavedAssetFilter } from '@secai/core';
import type { DbOrTrx } from '../database.js';
import { whereIdPrefix } from '../id-prefix.js';
import { AssetGroupModel, AssetModel } from '../models/index.js';
import { applyKeyset, toPage } from '../pagination.js';
import { forKeyShare, forUpdate } from '../row-lock.js';
import { whereTextMatches } from '../text-search.js';

export type AssetGroupRow = Omit<AssetGroup, 'member_count'>;

const SORT = { column: 'name', direction: 'asc' } as const;

export class AssetGroupsRepository {
  async findById(db: DbOrTrx, id: string): Promise<AssetGroupRow | undefined> {
    const row = await AssetGroupModel.query(db).findById(id);
    return row && (row.toJSON() as unknown as AssetGroupRow);
  }

  /** Reads the group and locks it (its members included, as they change only with it) until the transaction ends. */
  async lockById(trx: DbOrTrx, id: string): Promise<AssetGroupRow | undefined> {
    const row = await forUpdate(trx, AssetGroupModel.query(trx).findById(id));
    return row && (row.toJSON() as unknown as AssetGroupRow);
  }

  /**
   * The ids among `ids` that exist. Inside a transaction they cannot be deleted until it ends
   * (row-lock.ts), so the caller can reference them.
   */
  async existingIds(db: DbOrTrx, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = (await forKeyShare(db, db('asset_groups').select('id').whereIn('id', ids))) as { id: string }[];
    return new Set(rows.map((r) => r.id));
  }

  async findByName(db: DbOrTrx, name: string): Promise<AssetGroupRow | undefined> {
    const row = await AssetGroupModel.query(db).findOne({ name });
    return row && (row.toJSON() as unknown as AssetGroupRow);
  }

  async list(db: DbOrTrx, query: AssetGroupListQuery): Promise<Page<AssetGroupRow>> {
    const q = AssetGroupModel.query(db);
    if (query.q) whereTextMatches(q, db, ['name', 'description'], query.q);
    if (query.name) q.where('name', query.name);
    if (query.id_prefix) whereIdPrefix(q, db, 'id', query.id_prefix);
    const rows = await applyKeyset(q, SORT, query.limit, query.cursor);
    return toPage(rows, SORT, query.limit, (row) => row.toJSON() as unknown as AssetGroupRow);
  }

  async insert(db: DbOrTrx, group: AssetGroupRow): Promise<void> {
    await AssetGroupModel.query(db).insert({ ...group });
  }

  async update(db: DbOrTrx, id: string, patch: Partial<AssetGroupRow> & { filter?: SavedAssetFilter | null }): Promise<void> {
    await AssetGroupModel.query(db).patch(patch).where('id', id);
  }

  async delete(db: DbOrTrx, id: string): Promise<number> {
    return AssetGroupModel.query(db).deleteById(id);
  }

  async addMembers(db: DbOrTrx, groupId: string, assetIds: string[]): Promise<void> {
    for (let i = 0; i < assetIds.length; i += 500) {
      const part = assetIds.slice(i, i + 500).map((asset_id) => ({ group_id: groupId, asset_id }));
      await db('asset_group_members').insert(part).onConflict(['group_id', 'asset_id']).ignore();
    }
  }

  async removeMembers(db: DbOrTrx, groupId: string, assetIds: string[]): Promise<void> {
    for (let i = 0; i < assetIds.length; i += 500) {
      await db('asset_group_members')
        .where('group_id', groupId)
        .whereIn('asset_id', assetIds.slice(i, i + 500))
        .delete();
    }
  }

  async countMembers(db: DbOrTrx, groupId: string): Promise<number> {
    const row = (await db('asset_group_members').where('group_id', groupId).count({ n: '*' }).first()) as { n: number | string };
    return Number(row.n);
  }

  /** Static members as an asset query, so the caller pages it like any asset list. */
  membersQuery(db: DbOrTrx, groupId: string) {
    return AssetModel.query(db).whereExists(
      db('asset_group_members').whereRaw('asset_group_members.asset_id = assets.id').where('asset_group_members.group_id', groupId),
    );
  }
}
