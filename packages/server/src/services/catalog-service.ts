import { ConflictError, type ErrorCodeWithStatus, NotFoundError, type Page } from '@secai/core';
import { newId } from '../_lib/ids.js';
import { nowIso } from '../_lib/time.js';
import type { DbOrTrx } from '../store/database.js';
import type { CatalogRepository } from '../store/repositories/index.js';
import type { RequestContext, ServiceDeps } from './context.js';

interface CatalogItem {
  id: string;
  name: string;
  created_at: string;
  updated_at: string;
}

export interface CatalogKind {
  /** Audit target type and the word in messages, e.g. `asset_type`. */
  entity: string;
  notFoundCode: ErrorCodeWithStatus<404>;
  existsCode: ErrorCodeWithStatus<409>;
}

/** Small name-keyed catalogs that classify other records (asset types, alert types). */
export class CatalogService<T extends CatalogItem, C extends { name: string }, U extends Partial<C>> {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly repo: CatalogRepository<T>,
    private readonly kind: CatalogKind,
  ) {}

  list(limit: number, cursor?: string): Promise<Page<T>> {
    return this.repo.list(this.deps.db, limit, cursor);
  }

  async get(id: string, db: DbOrTrx = this.deps.db): Promise<T> {
    const item = await this.repo.findById(db, id);
    if (!item) throw new NotFoundError(this.kind.notFoundCode, `No ${this.kind.entity.replace('_', ' ')} with id ${id}`, { id });
    return item;
  }

  async create(ctx: RequestContext, input: C): Promise<T> {
    const { db, audit } = this.deps;
    return db.transaction(async (trx) => {
      await this.assertNameFree(trx, input.name);
      const now = nowIso();
      const item = { description: null, ...input, id: newId(), created_at: now, updated_at: now } as unknown as T;
      await this.repo.insert(trx, item);
      await audit.record(
        ctx,
        { action: `${this.kind.entity}.create`, targetType: this.kind.entity, targetId: item.id, details: { name: input.name } },
        trx,
      );
      return item;
    });
  }

  async update(ctx: RequestContext, id: string, input: U): Promise<T> {
    const { db, audit } = this.deps;
    return db.transaction(async (trx) => {
      const current = await this.get(id, trx);
      if (input.name && input.name !== current.name) await this.assertNameFree(trx, input.name);
      await this.repo.update(trx, id, { ...input, updated_at: nowIso() } as unknown as Partial<T>);
      await audit.record(
        ctx,
        { action: `${this.kind.entity}.update`, targetType: this.kind.entity, targetId: id, details: { ...input } },
        trx,
      );
      return this.get(id, trx);
    });
  }

  async delete(ctx: RequestContext, id: string): Promise<void> {
    const { db, audit } = this.deps;
    await db.transaction(async (trx) => {
      const current = await this.get(id, trx);
      await this.repo.delete(trx, id);
      await audit.record(
        ctx,
        { action: `${this.kind.entity}.delete`, targetType: this.kind.entity, targetId: id, details: { name: current.name } },
        trx,
      );
    });
  }

  private async assertNameFree(db: DbOrTrx, name: string): Promise<void> {
    if (await this.repo.findByName(db, name)) {
      throw new ConflictError(this.kind.existsCode, `A ${this.kind.entity.replace('_', ' ')} named ${name} exists`, { name });
    }
  }
}
