import type { DbOrTrx } from '../database.js';

/** Tables with a row in `data_versions` and triggers that move it on (migrations 0004 and 0009). */
export type VersionedTable = 'alerts' | 'rules';

/** Reads the versions: a cached answer holds while its table's version is unchanged. */
export class DataVersionsRepository {
  async get(db: DbOrTrx, table: VersionedTable): Promise<number> {
    const row = (await db('data_versions').select('version').where('name', table).first()) as { version: number | string };
    return Number(row.version);
  }
}
