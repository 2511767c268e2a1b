import {
  type Asset,
  type AssetGroup,
  type AssetGroupCreate,
  type AssetGroupListQuery,
  type AssetGroupUpdate,
  ConflictError,
  NotFoundError,
  type Page,
  ValidationError,
} from '@secai/core';
import { assertIfMatch } from '../_lib/entity-tag.js';
import { newId } from '../_lib/ids.js';
import { nowIso } from '../_lib/time.js';
import { type DbOrTrx, inTransaction } from '../store/database.js';
import { applyKeyset, toPage } from '../store/pagination.js';
import type { AssetGroupRow } from '../store/repositories/index.js';
import { isUniqueViolation } from '../store/unique-violation.js';
import type { RequestContext, ServiceDeps } from './context.js';

/** Asset groups: a static list of members, or a saved filter resolved when asked. */
export class AssetGroupsService {
  constructor(private readonly deps: ServiceDeps) {}

  async list(query: AssetGroupListQuery): Promise<Page<AssetGroup>> {
    const page = await this.deps.repos.assetGroups.list(this.deps.db, query);
    return { ...page, data: await Promise.all(page.data.map((g) => this.withCount(this.deps.db, g))) };
  }

  async get(id: string, db: DbOrTrx = this.deps.db): Promise<AssetGroup> {
    return this.withCount(db, await this.row(db, id));
  }

  /** The group's assets now: its static members, or whatever matches its filter. */
  async members(id: string, limit: number, cursor?: string): Promise<Page<Asset>> {
    const { db, repos } = this.deps;
    const group = await this.row(db, id);
    if (group.kind === 'dynamic') return repos.assets.listMatching(db, group.filter ?? {}, limit, cursor);
    const sort = { column: 'created_at', direction: 'desc' } as const;
    const rows = await applyKeyset(repos.assetGroups.membersQuery(db, id), sort, limit, cursor, 'assets');
    return toPage(rows, sort, limit, (r) => {
      const { natural_key: _k, criticality_rank: _c, ...asset } = r.toJSON() as Asset & { natural_key: string; criticality_rank: number };
      return asset;
    });
  }

  async create(ctx: RequestContext, input: AssetGroupCreate): Promise<AssetGroup> {
    const { db, repos, audit } = this.deps;
    return inTransaction(db, async (trx) => {
      await this.assertNameFree(trx, input.name);
      const now = nowIso();
      const group: AssetGroupRow = {
        id: newId(),
        name: input.name,
        description: input.description ?? null,
        kind: input.filter ? 'dynamic' : 'static',
        filter: input.filter ?? null,
        created_at: now,
        updated_at: now,
      };
      await this.nameTaken(group.name, () => repos.assetGroups.insert(trx, group));
      if (input.asset_ids?.length) await repos.assetGroups.addMembers(trx, group.id, await this.knownAssets(trx, input.asset_ids));
      await audit.record(
        ctx,
        { action: 'asset_group.create', targetType: 'asset_group', targetId: group.id, details: { name: group.name, kind: group.kind } },
        trx,
      );
      return this.get(group.id, trx);
    });
  }

  /**
   * Renames, re-describes, changes the filter or the members. The group stays locked from the
   * read on, so changes at once apply one after the other; with `ifMatch` (the If-Match header)
   * only to the version the caller read.
   */
  async update(ctx: RequestContext, id: string, input: AssetGroupUpdate, ifMatch?: string): Promise<AssetGroup> {
    const { db, repos, audit } = this.deps;
    return inTransaction(db, async (trx) => {
      const group = await this.lock(trx, id);
      if (ifMatch !== undefined) assertIfMatch(ifMatch, await this.withCount(trx, group));
      if (input.name && input.name !== group.name) await this.assertNameFree(trx, input.name);
      const changesMembers = Boolean(input.add_asset_ids?.length || input.remove_asset_ids?.length);
      if (group.kind === 'dynamic' && changesMembers) {
        throw new ValidationError('This group is defined by a filter; change the filter, not its members', [
          { code: 'custom', path: ['add_asset_ids'], message: 'not allowed on a filter group' },
        ]);
      }
      if (group.kind === 'static' && input.filter) {
        throw new ValidationError('This group has static members; create a new group for a filter', [
          { code: 'custom', path: ['filter'], message: 'not allowed on a static group' },
        ]);
      }
      await this.nameTaken(input.name ?? group.name, () =>
        repos.assetGroups.update(trx, id, {
          ...(input.name && { name: input.name }),
          ...(input.description !== undefined && { description: input.description }),
          ...(input.filter && { filter: input.filter }),
          updated_at: nowIso(),
        }),
      );
      if (input.add_asset_ids?.length) await repos.assetGroups.addMembers(trx, id, await this.knownAssets(trx, input.add_asset_ids));
      if (input.remove_asset_ids?.length) await repos.assetGroups.removeMembers(trx, id, input.remove_asset_ids);
      await audit.record(
        ctx,
        { action: 'asset_group.update', targetType: 'asset_group', targetId: id, details: { changed: Object.keys(input) } },
        trx,
      );
      return this.get(id, trx);
    });
  }

  async delete(ctx: RequestContext, id: string): Promise<void> {
    const { db, repos, audit } = this.deps;
    await inTransaction(db, async (trx) => {
      const group = await this.lock(trx, id);
      await repos.assetGroups.delete(trx, id);
      await audit.record(
        ctx,
        { action: 'asset_group.delete', targetType: 'asset_group', targetId: id, details: { name: group.name } },
        trx,
      );
    });
  }

  private async row(db: DbOrTrx, id: string): Promise<AssetGroupRow> {
    const group = await this.deps.repos.assetGroups.findById(db, id);
    if (!group) throw assetGroupNotFound(id);
    return group;
  }

  /** The group, locked until the transaction ends: the first step of every read-modify-write. */
  private async lock(trx: DbOrTrx, id: string): Promise<AssetGroupRow> {
    const group = await this.deps.repos.assetGroups.lockById(trx, id);
    if (!group) throw assetGroupNotFound(id);
    return group;
  }

  private async withCount(db: DbOrTrx, group: AssetGroupRow): Promise<AssetGroup> {
    const { repos } = this.deps;
    const member_count =
      group.kind === 'dynamic'
        ? await repos.assets.countMatching(db, group.filter ?? {})
        : await repos.assetGroups.countMembers(db, group.id);
    return { ...group, member_count };
  }

  private async knownAssets(db: DbOrTrx, ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    const found = await this.deps.repos.assets.existingIds(db, unique);
    const missing = unique.filter((id) => !found.has(id));
    if (missing.length > 0) {
      throw new ValidationError(
        `Unknown asset id${missing.length > 1 ? 's' : ''}: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`,
        missing.slice(0, 100).map((id) => ({ code: 'unknown_asset', path: ['asset_ids'], message: `no asset with id ${id}` })),
        'ASSET_GROUP_MEMBER_UNKNOWN',
      );
    }
    return unique;
  }

  private async assertNameFree(db: DbOrTrx, name: string): Promise<void> {
    if (await this.deps.repos.assetGroups.findByName(db, name)) throw assetGroupExists(name);
  }

  /** Runs the write; a name another transaction took since assertNameFree is the same 409. */
  private async nameTaken(name: string, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (err) {
      throw isUniqueViolation(err) ? assetGroupExists(name) : err;
    }
  }
}

const assetGroupNotFound = (id: string) => new NotFoundError('ASSET_GROUP_NOT_FOUND', `No asset group with id ${id}`, { id });

const assetGroupExists = (name: string) => new ConflictError('ASSET_GROUP_EXISTS', `An asset group named ${name} exists`, { name });
