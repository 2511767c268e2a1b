import type { Page } from '@secai/core';
import type { ModelClass } from 'objection';
import type { DbOrTrx } from '../database.js';
import type { BaseModel } from '../models/index.js';
import { applyKeyset, toPage } from '../pagination.js';

const SORT = { column: 'name', direction: 'asc' } as const;

interface Named {
  id: string;
  name: string;
}

/** CRUD for small name-keyed catalogs (asset types, alert types). */
export class CatalogRepository<T extends Named> {
  constructor(private readonly model: ModelClass<BaseModel>) {}

  async list(db: DbOrTrx, limit: number, cursor?: string): Promise<Page<T>> {
    const rows = (await applyKeyset(this.model.query(db), SORT, limit, cursor)) as unknown as T[];
    return toPage(rows, SORT, limit, (row) => ({ ...row }));
  }

  async findById(db: DbOrTrx, id: string): Promise<T | undefined> {
    const row = await this.model.query(db).findById(id);
    return row && (row.toJSON() as unknown as T);
  }

  async findByName(db: DbOrTrx, name: string): Promise<T | undefined> {
    const row = await this.model.query(db).findOne({ name });
    return row && (row.toJSON() as unknown as T);
  }

  async insert(db: DbOrTrx, item: T): Promise<void> {
    await this.model.query(db).insert({ ...item });
  }

  async update(db: DbOrTrx, id: string, patch: Partial<T>): Promise<void> {
    await this.model
      .query(db)
      .patch(patch as object)
      .where('id', id);
  }

  async delete(db: DbOrTrx, id: string): Promise<number> {
    return this.model.query(db).deleteById(id);
  }
}
