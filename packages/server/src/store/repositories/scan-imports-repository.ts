import type { Page, ScanImport, ScanImportListQuery } from '@secai/core';
import { type DbOrTrx, isPostgres } from '../database.js';
import { applyKeyset, toPage } from '../pagination.js';

const SORT = { column: 'created_at', direction: 'desc' } as const;

export class ScanImportsRepository {
  /**
   * Holds the import scope until the transaction ends, so imports of one scope run one after
   * another. PostgreSQL: an advisory lock on the scope's hash (another scope's import goes on).
   * SQLite needs none: its one connection runs one transaction at a time.
   */
  async lockScope(db: DbOrTrx, scopeKey: string): Promise<void> {
    if (isPostgres(db)) await db.raw('select pg_advisory_xact_lock(hashtext(?))', [scopeKey]);
  }

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
    if (query.tag) q.where('tag', query.tag);
    const rows = (await applyKeyset(q, SORT, query.limit, query.cursor)) as ScanImport[];
    return toPage(rows, SORT, query.limit, (r) => r);
  }
}
