import type { Page, ScanImport, ScanImportListQuery } from '@secai/core';
import type { DbOrTrx } from '../database.js';
import { applyKeyset, toPage } from '../pagination.js';

const SORT = { column: 'created_at', direction: 'desc' } as const;

export class ScanImportsRepository {
  async insert(db: DbOrTrx, record: ScanImport): Promise<void> {
    await db('scan_imports').insert(record);
  }

  async findById(db: DbOrTrx, id: string): Promise<ScanImport | undefined> {
    return (await db('scan_imports').where({ id }).first()) as ScanImport | undefined;
  }

  async list(db: DbOrTrx, query: ScanImportListQuery): Promise<Page<ScanImport>> {
    const q = db('scan_imports');
    if (query.format) q.where('format', query.format);
    if (query.asset_id) q.where('asset_id', query.asset_id);
    const rows = (await applyKeyset(q, SORT, query.limit, query.cursor)) as ScanImport[];
    return toPage(rows, SORT, query.limit, (r) => r);
  }
}
