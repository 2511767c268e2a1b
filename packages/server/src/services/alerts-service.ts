import {
  type Alert,
  type AlertComment,
  type AlertCreate,
  type AlertListQuery,
  type AlertUpdate,
  assertAlertTransition,
  isAlertClosed,
  NotFoundError,
  type Page,
  severityRank,
  ValidationError,
} from '@secai/core';
import { assertIfMatch } from '../_lib/entity-tag.js';
import { newId } from '../_lib/ids.js';
import { nowIso, toIso } from '../_lib/time.js';
import type { PubSub } from '../pubsub/pubsub.js';
import { type DbOrTrx, inTransaction } from '../store/database.js';
import type { AlertRow } from '../store/repositories/index.js';
import { wakeStream } from '../stream/wake.js';
import type { RequestContext, ServiceDeps } from './context.js';

export class AlertsService {
  constructor(
    private readonly deps: ServiceDeps,
    /** Wakes the live stream's hubs once new alerts are committed. */
    private readonly pubsub?: PubSub,
  ) {}

  list(query: AlertListQuery): Promise<Page<Alert>> {
    return this.deps.repos.alerts.list(this.deps.db, query);
  }

  /** Moves on with every write to alerts, from any process; cached lists compare it. */
  listVersion(): Promise<number> {
    return this.deps.repos.dataVersions.get(this.deps.db, 'alerts');
  }

  async get(id: string, db: DbOrTrx = this.deps.db): Promise<Alert> {
    const alert = await this.deps.repos.alerts.findById(db, id);
    if (!alert) throw alertNotFound(id);
    return alert;
  }

  async create(ctx: RequestContext, input: AlertCreate): Promise<Alert> {
    const [alert] = await this.createMany(ctx, [input]);
    return alert as Alert;
  }

  /** Inserts alerts in one transaction (detections and the demo data set arrive in batches). */
  async createMany(ctx: RequestContext, inputs: AlertCreate[]): Promise<Alert[]> {
    const { db, repos, audit } = this.deps;
    const now = nowIso();
    const rows: AlertRow[] = inputs.map((input) => {
      const lastSeen = input.last_seen_at ? toIso(input.last_seen_at) : now;
      return {
        id: newId(),
        title: input.title,
        description: input.description ?? null,
        severity: input.severity,
        severity_rank: severityRank(input.severity),
        status: 'new',
        source: input.source ?? null,
        rule: input.rule ?? null,
        alert_type: input.alert_type ?? null,
        asset_id: input.asset_id ?? null,
        assignee_id: input.assignee_id ?? null,
        technique_ids: [...new Set(input.technique_ids)],
        tactics: [],
        tags: [...new Set(input.tags)],
        events: input.events,
        event_count: Math.max(1, input.events.length),
        rule_id: null,
        rule_author: null,
        first_seen_at: input.first_seen_at ? toIso(input.first_seen_at) : lastSeen,
        last_seen_at: lastSeen,
        created_at: now,
        updated_at: now,
        acknowledged_at: null,
        resolved_at: null,
      };
    });
    const created = await inTransaction(db, async (trx) => {
      await this.assertReferences(trx, rows);
      await repos.alerts.insertMany(trx, rows);
      for (const row of rows) {
        await audit.record(
          ctx,
          { action: 'alert.create', targetType: 'alert', targetId: row.id, details: { title: row.title, severity: row.severity } },
          trx,
        );
      }
      const alerts = rows.map(({ severity_rank: _r, group_key: _k, ...alert }) => alert);
      await repos.stream.append(
        trx,
        'alerts',
        alerts.map((data) => ({ event: 'alert.opened', data })),
        now,
      );
      return alerts;
    });
    wakeStream(this.pubsub, 'alerts');
    return created;
  }

  /**
   * Applies field changes, a status move through the workflow and an optional comment at once.
   * The alert stays locked from the read on, so of two moves at once the second is judged from
   * the first's result (`new → resolved` then `resolved → false_positive`: 409). With `ifMatch`
   * (the If-Match header) the change applies only to the version the caller read.
   */
  async update(ctx: RequestContext, id: string, input: AlertUpdate, ifMatch?: string): Promise<Alert> {
    const { db, repos, audit } = this.deps;
    return inTransaction(db, async (trx) => {
      const current = await this.lock(trx, id);
      assertIfMatch(ifMatch, current);
      const now = nowIso();
      const { comment, ...fields } = input;
      const patch: Partial<AlertRow> = { ...fields, updated_at: now };
      if (input.severity) patch.severity_rank = severityRank(input.severity);
      if (input.status && input.status !== current.status) {
        assertAlertTransition(current.status, input.status);
        if (input.status !== 'new' && !current.acknowledged_at) patch.acknowledged_at = now;
        patch.resolved_at = isAlertClosed(input.status) ? now : null;
      }
      // References the alert holds already need no check (and no lock that could meet a deletion's).
      await this.assertReferences(trx, [
        {
          asset_id: patch.asset_id === current.asset_id ? null : patch.asset_id,
          assignee_id: patch.assignee_id === current.assignee_id ? null : patch.assignee_id,
        },
      ]);
      await repos.alerts.update(trx, id, patch);
      if (comment) await this.insertComment(ctx, trx, id, comment);
      await audit.record(
        ctx,
        {
          action: 'alert.update',
          targetType: 'alert',
          targetId: id,
          details: { changed: Object.keys(input), ...(input.status && { from: current.status, to: input.status }) },
        },
        trx,
      );
      return this.get(id, trx);
    });
  }

  async delete(ctx: RequestContext, id: string): Promise<void> {
    const { db, repos, audit } = this.deps;
    await inTransaction(db, async (trx) => {
      const alert = await this.lock(trx, id);
      await repos.alerts.delete(trx, id);
      await audit.record(ctx, { action: 'alert.delete', targetType: 'alert', targetId: id, details: { title: alert.title } }, trx);
    });
  }

  async comments(id: string, limit: number, cursor?: string): Promise<Page<AlertComment>> {
    await this.get(id);
    return this.deps.repos.alerts.listComments(this.deps.db, id, limit, cursor);
  }

  async addComment(ctx: RequestContext, id: string, body: string): Promise<AlertComment> {
    return inTransaction(this.deps.db, async (trx) => {
      // Locked, so a deletion at the same time comes before (404) or after, never between.
      await this.lock(trx, id);
      const comment = await this.insertComment(ctx, trx, id, body);
      await this.deps.audit.record(
        ctx,
        { action: 'alert.comment', targetType: 'alert', targetId: id, details: { comment_id: comment.id } },
        trx,
      );
      return comment;
    });
  }

  /** The alert, locked until the transaction ends: the first step of every read-modify-write. */
  private async lock(trx: DbOrTrx, id: string): Promise<Alert> {
    const alert = await this.deps.repos.alerts.lockById(trx, id);
    if (!alert) throw alertNotFound(id);
    return alert;
  }

  private async insertComment(ctx: RequestContext, db: DbOrTrx, alertId: string, body: string): Promise<AlertComment> {
    const comment: AlertComment = {
      id: newId(),
      alert_id: alertId,
      author_id: ctx.actor?.userId ?? null,
      author: ctx.actor?.username ?? null,
      body,
      created_at: nowIso(),
    };
    await this.deps.repos.alerts.insertComment(db, comment);
    return comment;
  }

  private async assertReferences(
    db: DbOrTrx,
    rows: { asset_id: string | null | undefined; assignee_id: string | null | undefined }[],
  ): Promise<void> {
    const { repos } = this.deps;
    const assetIds = [...new Set(rows.map((r) => r.asset_id).filter((v): v is string => Boolean(v)))];
    const known = await repos.assets.existingIds(db, assetIds);
    const issues = assetIds
      .filter((id) => !known.has(id))
      .map((id) => ({ code: 'unknown_asset', path: ['asset_id'], message: `no asset with id ${id}` }));
    for (const userId of new Set(rows.map((r) => r.assignee_id).filter((v): v is string => Boolean(v)))) {
      if (!(await repos.users.findById(db, userId)))
        issues.push({ code: 'unknown_user', path: ['assignee_id'], message: `no user with id ${userId}` });
    }
    if (issues.length > 0) throw new ValidationError(`Invalid alert: ${issues[0]?.message}`, issues);
  }
}

const alertNotFound = (id: string) => new NotFoundError('ALERT_NOT_FOUND', `No alert with id ${id}`, { id });
