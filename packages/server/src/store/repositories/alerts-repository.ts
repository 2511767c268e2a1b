import type { AlertComment, AlertListQuery, Page } from '@secai/core';
import { Alert, SEVERITIES } from '@secai/core';
import type { DbOrTrx } from '../database.js';
import { whereIdPrefix } from '../id-prefix.js';
import { AlertCommentModel, AlertModel, plainRows, rowMapper } from '../models/index.js';
import { applyKeyset, pageWhereIn, toPage, whereMinSeverity } from '../pagination.js';
import { forUpdate } from '../row-lock.js';
import { whereTextMatches } from '../text-search.js';

/** `group_key` (rule and host) is where a detection's later hits are gathered; the API does not show it. */
export type AlertRow = Alert & { severity_rank: number; group_key?: string | null };

const SORT_COLUMNS = { created_at: 'created_at', last_seen_at: 'last_seen_at', severity: 'severity_rank', title: 'title' } as const;
/** knex writes SQLite multi-row inserts as a compound SELECT, limited to 500 terms. */
const CHUNK = 400;

const toAlert = rowMapper<Alert>(Alert, AlertModel);

export class AlertsRepository {
  async findById(db: DbOrTrx, id: string): Promise<Alert | undefined> {
    const row = await AlertModel.query(db).findById(id);
    return row && toAlert(row);
  }

  /** Reads the alert and locks it until the transaction ends (row-lock.ts). */
  async lockById(trx: DbOrTrx, id: string): Promise<Alert | undefined> {
    const row = await forUpdate(trx, AlertModel.query(trx).findById(id));
    return row && toAlert(row);
  }

  async list(db: DbOrTrx, query: AlertListQuery): Promise<Page<Alert>> {
    const sort = { column: SORT_COLUMNS[query.sort.field], direction: query.sort.direction };
    const q = AlertModel.query(db);
    if (query.severity) q.whereIn('severity', query.severity);
    if (query.min_severity) whereMinSeverity(q, 'alerts', SEVERITIES.indexOf(query.min_severity));
    if (query.asset_id) q.where('asset_id', query.asset_id);
    if (query.assignee_id === 'none') q.whereNull('assignee_id');
    else if (query.assignee_id) q.where('assignee_id', query.assignee_id);
    if (query.alert_type) q.where('alert_type', query.alert_type);
    if (query.source) q.where('source', query.source);
    if (query.since) q.where('created_at', '>=', new Date(query.since).toISOString());
    if (query.until) q.where('created_at', '<', new Date(query.until).toISOString());
    for (const tag of query.tag ?? []) {
      q.whereExists(db('alert_tags').whereRaw('alert_tags.alert_id = alerts.id').where('alert_tags.tag', tag));
    }
    if (query.q) whereTextMatches(q, db, ['title', 'rule', 'description'], query.q);
    if (query.id_prefix) whereIdPrefix(q, db, 'alerts.id', query.id_prefix);
    const paged = pageWhereIn(db, q, { column: 'status', values: query.status }, sort, query.limit, query.cursor, 'alerts');
    const rows = await plainRows<AlertRow>(paged);
    return toPage(rows, sort, query.limit, toAlert);
  }

  async insertMany(db: DbOrTrx, rows: AlertRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK) {
      const part = rows.slice(i, i + CHUNK);
      await db('alerts').insert(
        part.map((r) => ({
          ...r,
          technique_ids: JSON.stringify(r.technique_ids),
          tactics: JSON.stringify(r.tactics),
          tags: JSON.stringify(r.tags),
          events: JSON.stringify(r.events),
        })),
      );
      const tags = part.flatMap((r) => [...new Set(r.tags)].map((tag) => ({ alert_id: r.id, tag })));
      if (tags.length > 0) await db.batchInsert('alert_tags', tags, CHUNK);
    }
  }

  /** Of these (rule, event) pairs, the ones already raised, as `rule\nevent`. */
  async raisedHits(db: DbOrTrx, hits: readonly { rule_id: string; event_id: string }[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < hits.length; i += CHUNK) {
      const part = hits.slice(i, i + CHUNK);
      const rows = (await db('detection_hits')
        .select('rule_id', 'event_id')
        .whereIn('event_id', [...new Set(part.map((h) => h.event_id))])) as { rule_id: string; event_id: string }[];
      for (const r of rows) found.add(`${r.rule_id}\n${r.event_id}`);
    }
    return found;
  }

  async insertHits(db: DbOrTrx, rows: readonly { rule_id: string; event_id: string; alert_id: string }[]): Promise<void> {
    if (rows.length > 0) await db.batchInsert('detection_hits', [...rows], CHUNK);
  }

  /** The latest alert of a detection group whose span (first to last event) meets [since, until], whatever its status. */
  async latestInGroup(db: DbOrTrx, groupKey: string, since: string, until: string): Promise<AlertRow | undefined> {
    const row = (await db('alerts')
      .where('group_key', groupKey)
      .where('last_seen_at', '>=', since)
      .where('first_seen_at', '<=', until)
      .orderBy('last_seen_at', 'desc')
      .first()) as Record<string, unknown> | undefined;
    return row && { ...toAlert(row), severity_rank: Number(row.severity_rank), group_key: groupKey };
  }

  async update(db: DbOrTrx, id: string, patch: Partial<AlertRow>): Promise<void> {
    await AlertModel.query(db).patch(patch).where('id', id);
    if (patch.tags) {
      await db('alert_tags').where('alert_id', id).delete();
      const tags = [...new Set(patch.tags)].map((tag) => ({ alert_id: id, tag }));
      if (tags.length > 0) await db('alert_tags').insert(tags);
    }
  }

  async delete(db: DbOrTrx, id: string): Promise<number> {
    return AlertModel.query(db).deleteById(id);
  }

  async insertComment(db: DbOrTrx, comment: AlertComment): Promise<void> {
    await AlertCommentModel.query(db).insert({ ...comment });
  }

  async listComments(db: DbOrTrx, alertId: string, limit: number, cursor?: string): Promise<Page<AlertComment>> {
    const sort = { column: 'created_at', direction: 'asc' } as const;
    const rows = await applyKeyset(AlertCommentModel.query(db).where('alert_id', alertId), sort, limit, cursor);
    return toPage(rows, sort, limit, (row) => row.toJSON() as unknown as AlertComment);
  }
}
