import type { AuditEvent, AuditListQuery, Page } from '@secai/core';
import type { DbOrTrx } from '../database.js';
import { AuditEventModel } from '../models/index.js';
import { applyKeyset, toPage } from '../pagination.js';

const SORT = { column: 'at', direction: 'desc' } as const;

export class AuditRepository {
  async insert(db: DbOrTrx, event: AuditEvent): Promise<void> {
    await AuditEventModel.query(db).insert({ ...event });
  }

  async setDetails(db: DbOrTrx, id: string, details: Record<string, unknown>): Promise<void> {
    await AuditEventModel.query(db).findById(id).patch({ details });
  }

  /**
   * Deletes up to `limit` events older than `before`, oldest first; the count deleted. Retention
   * calls it until it deletes none, so no single statement holds the table for long.
   */
  async deleteOlderThan(db: DbOrTrx, before: string, limit: number): Promise<number> {
    const ids = db('audit_events').select('id').where('at', '<', before).orderBy('at').limit(limit);
    return db('audit_events').whereIn('id', ids).delete();
  }

  async list(db: DbOrTrx, query: AuditListQuery): Promise<Page<AuditEvent>> {
    const q = AuditEventModel.query(db);
    if (query.action) q.whereIn('action', query.action);
    if (query.outcome) q.where('outcome', query.outcome);
    if (query.actor_id) q.where('actor_id', query.actor_id);
    if (query.target_type) q.where('target_type', query.target_type);
    if (query.target_id) q.where('target_id', query.target_id);
    if (query.since) q.where('at', '>=', new Date(query.since).toISOString());
    if (query.until) q.where('at', '<', new Date(query.until).toISOString());
    const rows = await applyKeyset(q, SORT, query.limit, query.cursor);
    return toPage(rows, SORT, query.limit, (row) => row.toJSON() as unknown as AuditEvent);
  }
}
