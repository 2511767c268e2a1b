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
    `  techniques:  ${alert.technique_ids.length ? alert.technique_ids.join(', ') : '-'}`,
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
