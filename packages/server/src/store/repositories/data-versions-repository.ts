import type { DbOrTrx } from '../database.js';
import type { VERSIONED_TABLES } from '../migrations/0004-data-versions.js';

export type VersionedTable = (typeof VERSIONED_TABLES)[number];

/** Per-table versions that triggers move on with every write (see migration 0004). */
export class DataVersionsRepository {
  async get(db: DbOrTrx, table: VersionedTable): Promise<number> {
    const row = (await db('data_versions').select('version').where('name', table).first()) as { version: number | string };
    return Number(row.version);
  }
}
