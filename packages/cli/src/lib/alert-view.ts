import { attackContext } from '@secai/core/attack';
import type { Alert, AlertComment } from '@secai/sdk';
import ansis from 'ansis';
import { formatTime, relativeTime, styleSeverity } from './output.js';

export interface AlertViewExtras {
  /** The assignee's username (or "you"); the id is shown without it. */
  assignee?: string | undefined;
  /** The asset's hostname; the id is shown without it. */
  asset?: string | undefined;
  comments?: AlertComment[];
  /** "3/38": where the alert is in a walk through many (triage). */
  position?: string;
}

/** `T1003.001 LSASS Memory, T1685.005` (a technique this ATT&CK version does not name keeps its id). */
export function techniqueNames(ids: readonly string[]): string {
  if (ids.length === 0) return '-';
  const named = new Map(attackContext(ids.map((id) => `attack.${id.toLowerCase()}`)).techniques.map((t) => [t.id, t.name]));
  return ids.map((id) => (named.has(id) ? `${id} ${named.get(id)}` : id)).join(', ');
}

/** The hosts an alert's listed events came from. */
const hostsOf = (alert: Alert): string[] => [
  ...new Set(alert.events.map((e) => (e as { host?: string }).host).filter((h): h is string => Boolean(h))),
];

/** The alert as a block of labelled lines, for `alerts show` and the triage loop. */
export function describeAlert(alert: Alert, extra: AlertViewExtras = {}): string {
  const when = (iso: string | null) => (iso ? `${relativeTime(iso)} (${formatTime(iso)})` : '-');
  const named = (name: string | undefined, id: string | null) => (id ? (name ? `${name} (${id.slice(0, 8)})` : id) : '-');
  const lines = [
    `${extra.position ? `[${extra.position}]  ` : ''}${styleSeverity(alert.severity.toUpperCase(), alert.severity)}  ${ansis.bold(alert.title)}`,
    `  id:          ${alert.id}`,
    `  status:      ${alert.status}`,
    `  source:      ${alert.source ?? '-'}${alert.rule ? `  rule: ${alert.rule}` : ''}`,
    `  asset:       ${named(extra.asset, alert.asset_id)}`,
    `  assignee:    ${named(extra.assignee, alert.assignee_id)}`,
    `  techniques:  ${techniqueNames(alert.technique_ids)}`,
    ...(alert.tactics.length ? [`  tactics:     ${alert.tactics.join(', ')}`] : []),
    ...(alert.rule_author ? [`  rule author: ${alert.rule_author}`] : []),
    ...(hostsOf(alert).length ? [`  hosts:       ${hostsOf(alert).join(', ')}`] : []),
    `  events:      ${alert.event_count}${alert.event_count > alert.events.length && alert.events.length > 0 ? ` (the first ${alert.events.length} listed in --json)` : ''}`,
    `  first seen:  ${when(alert.first_seen_at)}`,
    `  last seen:   ${when(alert.last_seen_at)}`,
  ];
  if (alert.tags.length) lines.push(`  tags:        ${alert.tags.join(', ')}`);
  if (alert.description) lines.push('', alert.description.replace(/^/gm, '  '));
  if (extra.comments?.length) {
    lines.push('', '  comments:');
    for (const c of extra.comments) lines.push(`    ${c.author ?? 'system'}, ${relativeTime(c.created_at)}: ${c.body}`);
  }
  return lines.join('\n');
}

/** One alert as a line: when, how bad, what, where, its ATT&CK context and the rule's author. */
export function alertLine(event: string, alert: Alert): string {
  const host = alert.events.map((e) => (e as { host?: string }).host).find(Boolean);
  const attack = alert.technique_ids.length > 0 ? techniqueNames(alert.technique_ids) : '';
  const parts = [
    formatTime(alert.last_seen_at),
    styleSeverity(alert.severity.toUpperCase().padEnd(8), alert.severity),
    event === 'alert.opened' ? 'new    ' : `+${alert.event_count}`.padEnd(7),
    alert.title,
    host && `on ${host}`,
    (attack || alert.tactics.length > 0) && `[${[attack, alert.tactics.join(', ')].filter(Boolean).join(' · ')}]`,
    alert.rule_author && `rule by ${alert.rule_author}`,
    alert.id.slice(0, 8),
  ];
  return `${parts.filter(Boolean).join('  ')}\n`;
}
