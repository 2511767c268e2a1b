import type { Alert, AlertComment } from '@secai/sdk';
import ansis from 'ansis';
import { relativeTime, styleSeverity } from './output.js';

/** The alert as a block of labelled lines, for `alerts show` and the triage loop. */
export function describeAlert(alert: Alert, extra: { assignee?: string | undefined; comments?: AlertComment[] } = {}): string {
  const when = (iso: string | null) => (iso ? `${relativeTime(iso)} (${iso})` : '-');
  const lines = [
    `${styleSeverity(alert.severity.toUpperCase(), alert.severity)}  ${ansis.bold(alert.title)}`,
    `  id:          ${alert.id}`,
    `  status:      ${alert.status}`,
    `  source:      ${alert.source ?? '-'}${alert.rule ? `  rule: ${alert.rule}` : ''}`,
    `  asset:       ${alert.asset_id ?? '-'}`,
    `  assignee:    ${extra.assignee ?? alert.assignee_id ?? '-'}`,
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
