import { ALERT_EVENTS_KEPT, ALERT_GROUP_WINDOW_MS, type Alert, isAlertClosed, severityOfLevel, severityRank } from '@secai/core';
import { attackContext } from '@secai/core/attack';
import { newId } from '../_lib/ids.js';
import { nowIso } from '../_lib/time.js';
import type { DetectionHit } from '../pipeline/detection.js';
import type { PubSub } from '../pubsub/pubsub.js';
import { type DbOrTrx, inTransaction, isPostgres } from '../store/database.js';
import type { AlertRow, RuleRow } from '../store/repositories/index.js';
import { wakeStream } from '../stream/wake.js';
import { type RequestContext, type ServiceDeps, systemContext } from './context.js';

/** What became of a batch of hits: the alerts opened and the alerts that gathered more events. */
export interface Raised {
  opened: Alert[];
  updated: Alert[];
}

/**
 * Alerts from detection hits. The same rule on the same host within ALERT_GROUP_WINDOW_MS of an
 * open alert's last event adds the event and a count to it instead of opening another; a hit
 * already raised (its rule and event in detection_hits, as when a batch is stored again) adds
 * nothing.
 */
export class DetectionsService {
  constructor(
    private readonly deps: ServiceDeps,
    /** Wakes the live stream's hubs once alerts are committed. */
    private readonly pubsub?: PubSub,
  ) {}

  async raise(hits: readonly DetectionHit[], ctx: RequestContext = systemContext): Promise<Raised> {
    const { db, repos, audit } = this.deps;
    const raised = await inTransaction(db, async (trx) => {
      const rules = new Map<string, RuleRow | null>();
      const open = new Map<string, AlertRow>();
      const opened = new Map<string, AlertRow>();
      const updated = new Map<string, AlertRow>();
      const raisedBefore = await repos.alerts.raisedHits(trx, hits);
      const hitRows: { rule_id: string; event_id: string; alert_id: string }[] = [];
      // Instances raising for the same rule and host at once would each open an alert, or each
      // count from the same old one: on PostgreSQL each group is locked (in one order, so two
      // batches cannot wait on each other) until the transaction ends.
      await lockGroups(trx, [...new Set(hits.map(groupKeyOf))].sort());
      for (const hit of hits) {
        // Once per (rule, event): raised before, or twice in this batch (one event id sent twice).
        const pair = `${hit.rule_id}\n${hit.event_id}`;
        if (raisedBefore.has(pair)) continue;
        raisedBefore.add(pair);
        let rule = rules.get(hit.rule_id);
        if (rule === undefined) {
          rule = (await repos.rules.findById(trx, hit.rule_id)) ?? null;
          rules.set(hit.rule_id, rule);
        }
        // A rule deleted since the writer loaded it raises nothing more.
        if (!rule) continue;
        const groupKey = groupKeyOf(hit);
        let alert = open.get(groupKey) ?? (await this.openAlert(trx, groupKey, hit.time));
        if (alert && !withinWindow(alert, hit.time)) alert = undefined;
        if (alert) {
          gather(alert, hit);
          if (!opened.has(alert.id)) updated.set(alert.id, alert);
        } else {
          alert = alertOf(rule, hit, groupKey);
          opened.set(alert.id, alert);
        }
        open.set(groupKey, alert);
        hitRows.push({ rule_id: hit.rule_id, event_id: hit.event_id, alert_id: alert.id });
      }
      const newAlerts = [...opened.values()];
      if (newAlerts.length > 0) await repos.alerts.insertMany(trx, newAlerts);
      await repos.alerts.insertHits(trx, hitRows);
      for (const a of updated.values()) {
        await repos.alerts.update(trx, a.id, {
          events: a.events,
          event_count: a.event_count,
          last_seen_at: a.last_seen_at,
          first_seen_at: a.first_seen_at,
          updated_at: a.updated_at,
        });
      }
      for (const a of newAlerts) {
        await audit.record(
          ctx,
          {
            action: 'alert.create',
            targetType: 'alert',
            targetId: a.id,
            details: { title: a.title, severity: a.severity, rule_id: a.rule_id },
          },
          trx,
        );
      }
      const plain = ({ severity_rank: _r, group_key: _k, ...alert }: AlertRow): Alert => alert;
      const result = { opened: newAlerts.map(plain), updated: [...updated.values()].map(plain) };
      await repos.stream.append(
        trx,
        'alerts',
        [
          ...result.opened.map((data) => ({ event: 'alert.opened', data })),
          ...result.updated.map((data) => ({ event: 'alert.updated', data })),
        ],
        nowIso(),
      );
      return result;
    });
    if (raised.opened.length + raised.updated.length > 0) wakeStream(this.pubsub, 'alerts');
    return raised;
  }

  /** The latest alert of this rule and host whose span reaches within a window of `time`, when it is open. */
  private async openAlert(trx: DbOrTrx, groupKey: string, time: string): Promise<AlertRow | undefined> {
    const t = Date.parse(time);
    const since = new Date(t - ALERT_GROUP_WINDOW_MS).toISOString();
    const until = new Date(t + ALERT_GROUP_WINDOW_MS).toISOString();
    const alert = await this.deps.repos.alerts.latestInGroup(trx, groupKey, since, until);
    return alert && !isAlertClosed(alert.status) ? alert : undefined;
  }
}

/** A hit gathers into an alert when it is within the window of the alert's span, before it or after. */
function withinWindow(alert: AlertRow, time: string): boolean {
  const t = Date.parse(time);
  return t >= Date.parse(alert.first_seen_at) - ALERT_GROUP_WINDOW_MS && t <= Date.parse(alert.last_seen_at) + ALERT_GROUP_WINDOW_MS;
}

/** Where a hit is gathered: its rule and its host. */
const groupKeyOf = (hit: DetectionHit): string => `${hit.rule_id}|${(hit.host ?? '').toLowerCase()}`.slice(0, 200);

async function lockGroups(trx: DbOrTrx, groupKeys: readonly string[]): Promise<void> {
  if (!isPostgres(trx)) return; // SQLite has one writer at a time already
  for (const key of groupKeys) await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`alert-group:${key}`]);
}

function alertOf(rule: RuleRow, hit: DetectionHit, groupKey: string): AlertRow {
  const now = nowIso();
  const attack = attackContext(rule.tags);
  const severity = (rule.level_override as Alert['severity'] | null) ?? severityOfLevel(rule.level);
  const correlation = hit.correlation ? ` (${hit.correlation.count} within the correlation's span)` : '';
  return {
    id: newId(),
    title: rule.title,
    description: `Sigma rule "${rule.title}" from rule set ${rule.rule_set} fired${hit.host ? ` on ${hit.host}` : ''}${correlation}.`,
    severity,
    severity_rank: severityRank(severity),
    status: 'new',
    source: 'sigma',
    rule: rule.sigma_id ?? rule.title,
    alert_type: rule.kind === 'correlation' ? 'sigma-correlation' : 'sigma',
    asset_id: hit.asset_id,
    assignee_id: null,
    technique_ids: attack.technique_ids,
    tactics: attack.tactics.map((t) => t.name),
    tags: rule.tags.filter((t) => /^[\w.:/-]{1,64}$/.test(t)),
    events: hit.events.slice(0, ALERT_EVENTS_KEPT),
    event_count: hit.correlation?.count ?? 1,
    rule_id: rule.id,
    rule_author: rule.author,
    group_key: groupKey,
    first_seen_at: new Date(hit.events[0]?.['@timestamp'] ?? hit.time).toISOString(),
    last_seen_at: new Date(hit.time).toISOString(),
    created_at: now,
    updated_at: now,
    acknowledged_at: null,
    resolved_at: null,
  };
}

/** Adds a hit to an alert: its events (up to the kept number), its count, its time span. */
function gather(alert: AlertRow, hit: DetectionHit): void {
  const room = ALERT_EVENTS_KEPT - alert.events.length;
  if (room > 0) alert.events = [...alert.events, ...hit.events.slice(0, room)];
  alert.event_count += hit.correlation?.count ?? 1;
  const time = new Date(hit.time).toISOString();
  if (time > alert.last_seen_at) alert.last_seen_at = time;
  if (time < alert.first_seen_at) alert.first_seen_at = time;
  alert.updated_at = nowIso();
}
