import {
  type Asset,
  type AssetBulkResult,
  AssetCreate,
  type AssetListQuery,
  type AssetUpdate,
  ConflictError,
  NotFoundError,
  type Page,
  validationErrorFromZod,
} from '@secai/core';
import { assertIfMatch } from '../_lib/entity-tag.js';
import { newId } from '../_lib/ids.js';
import { nowIso } from '../_lib/time.js';
import { type DbOrTrx, inTransaction, isPostgres } from '../store/database.js';
import { type AssetRow, criticalityRank, naturalKey } from '../store/repositories/index.js';
import { isUniqueViolation } from '../store/unique-violation.js';
import type { RequestContext, ServiceDeps } from './context.js';

function toRow(id: string, input: AssetCreate, createdAt: string, updatedAt: string): AssetRow {
  const row = {
    id,
    external_id: input.external_id ?? null,
    hostname: input.hostname ?? null,
    ip_addresses: input.ip_addresses,
    os: input.os ?? null,
    asset_type: input.asset_type ?? null,
    owner: input.owner ?? null,
    criticality: input.criticality,
    exposure: input.exposure,
    business_value: input.business_value ?? null,
    tags: [...new Set(input.tags)],
    created_at: createdAt,
    updated_at: updatedAt,
  };
  return { ...row, natural_key: naturalKey(row), criticality_rank: criticalityRank(row.criticality) };
}

export class AssetsService {
  constructor(private readonly deps: ServiceDeps) {}

  list(query: AssetListQuery): Promise<Page<Asset>> {
    return this.deps.repos.assets.list(this.deps.db, query);
  }

  async get(id: string, db: DbOrTrx = this.deps.db): Promise<Asset> {
    const asset = await this.deps.repos.assets.findById(db, id);
    if (!asset) throw assetNotFound(id);
    return asset;
  }

  async create(ctx: RequestContext, input: AssetCreate, db: DbOrTrx = this.deps.db): Promise<Asset> {
    const { repos, audit } = this.deps;
    return inTransaction(db, async (trx) => {
      const now = nowIso();
      const row = toRow(newId(), input, now, now);
      await this.assertKeyFree(trx, row.natural_key);
      await this.keyTaken(trx, row.natural_key, () => repos.assets.insert(trx, row));
      await audit.record(
        ctx,
        { action: 'asset.create', targetType: 'asset', targetId: row.id, details: { natural_key: row.natural_key } },
        trx,
      );
      return this.get(row.id, trx);
    });
  }

  /**
   * Changes fields; the asset stays locked from the read on, so two changes at once apply one
   * after the other, and with `ifMatch` (the If-Match header) only to the version the caller read.
   */
  async update(ctx: RequestContext, id: string, input: AssetUpdate, ifMatch?: string): Promise<Asset> {
    const { db, repos, audit } = this.deps;
    return inTransaction(db, async (trx) => {
      const current = await this.lock(trx, id);
      assertIfMatch(ifMatch, current);
      const merged = AssetCreate.safeParse({ ...current, ...input });
      if (!merged.success) throw validationErrorFromZod(merged.error, 'asset');
      const row = toRow(id, merged.data, current.created_at, nowIso());
      if (row.natural_key !== naturalKey(current)) await this.assertKeyFree(trx, row.natural_key);
      await this.keyTaken(trx, row.natural_key, () => repos.assets.update(trx, row));
      await audit.record(ctx, { action: 'asset.update', targetType: 'asset', targetId: id, details: { changed: Object.keys(input) } }, trx);
      return this.get(id, trx);
    });
  }

  async delete(ctx: RequestContext, id: string): Promise<void> {
    const { db, repos, audit } = this.deps;
    await inTransaction(db, async (trx) => {
      const asset = await this.lock(trx, id);
      await repos.assets.delete(trx, id);
      await audit.record(
        ctx,
        { action: 'asset.delete', targetType: 'asset', targetId: id, details: { natural_key: naturalKey(asset) } },
        trx,
      );
    });
  }

  /**
   * Creates or updates assets by natural key (external id, else hostname, else first address).
   * Each item is validated alone: bad ones are reported by index and the rest still land, so a
   * re-run of the same file is idempotent. Within one request a later duplicate wins.
   */
  async bulkUpsert(ctx: RequestContext, items: unknown[]): Promise<AssetBulkResult> {
    const { db, repos, audit } = this.deps;
    const failed: AssetBulkResult['failed'] = [];
    const now = nowIso();
    const byKey = new Map<string, AssetRow>();
    items.forEach((item, index) => {
      const parsed = AssetCreate.safeParse(item);
      if (!parsed.success) {
        const err = validationErrorFromZod(parsed.error, 'asset');
        failed.push({ index, error: err.message, code: err.code });
        return;
      }
      const row = toRow(newId(), parsed.data, now, now);
      byKey.set(row.natural_key, row);
    });
    return inTransaction(db, async (trx) => {
      const existing = await repos.assets.findByNaturalKeys(trx, [...byKey.keys()]);
      const rows = [...byKey.values()].map((row) => {
        const found = existing.get(row.natural_key);
        return found ? { ...row, id: found.id, created_at: found.created_at } : row;
      });
      const ids = await repos.assets.upsertMany(trx, rows);
      // A key another upsert inserted since findByNaturalKeys keeps that one's id: it was updated here.
      const created = rows.filter((r) => !existing.has(r.natural_key) && ids.get(r.natural_key) === r.id).length;
      const result = { created, updated: rows.length - created, failed };
      await audit.record(
        ctx,
        { action: 'asset.bulk_upsert', targetType: 'asset', details: { created, updated: result.updated, failed: failed.length } },
        trx,
      );
      return result;
    });
  }

  /** The asset, locked until the transaction ends: the first step of every read-modify-write. */
  private async lock(trx: DbOrTrx, id: string): Promise<Asset> {
    const asset = await this.deps.repos.assets.lockById(trx, id);
    if (!asset) throw assetNotFound(id);
    return asset;
  }

  /**
   * Runs the write; an identity another transaction took since assertKeyFree is the same 409.
   * Only PostgreSQL runs transactions side by side, and it has aborted this one by then: the
   * other asset is read outside it.
   */
  private async keyTaken(trx: DbOrTrx, key: string, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      await this.assertKeyFree(isPostgres(trx) ? this.deps.db : trx, key);
      throw err;
    }
  }

  private async assertKeyFree(db: DbOrTrx, key: string): Promise<void> {
    const other = await this.deps.repos.assets.findByNaturalKey(db, key);
    if (other) {
      throw new ConflictError('ASSET_EXISTS', `An asset with the same identity (${key}) exists: ${other.id}`, {
        id: other.id,
        natural_key: key,
      });
    }
  }
}

const assetNotFound = (id: string) => new NotFoundError('ASSET_NOT_FOUND', `No asset with id ${id}`, { id });
