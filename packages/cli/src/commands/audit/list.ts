import { Flags } from '@oclif/core';
import { AUDIT_OUTCOMES } from '@secai/core/constants';
import type { AuditEvent } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { auditColumns } from '../../lib/columns.js';
import { collect, csvList, listFlags } from '../../lib/list.js';
import { resolveUser } from '../../lib/resolve.js';

export default class AuditList extends SecaiCommand<typeof AuditList> {
  static override summary = 'list audit events, newest first';
  static override examples = [
    {
      description: 'Wrong passwords today',
      command: '<%= config.bin %> <%= command.id %> --action auth.login --outcome failure --since 2026-11-25T00:00:00Z',
    },
    {
      description: 'Requests refused for a missing permission',
      command: '<%= config.bin %> <%= command.id %> --action access.denied --outcome denied',
    },
    { description: 'Everything done to one alert', command: '<%= config.bin %> <%= command.id %> --target alert:5c0ffee0-…' },
    { description: 'What alice did', command: '<%= config.bin %> <%= command.id %> --actor alice' },
  ];
  static override flags = {
    ...listFlags,
    action: Flags.string({ summary: 'actions, comma-separated (e.g. alert.update,auth.login)', helpValue: '<list>' }),
    outcome: Flags.option({ options: AUDIT_OUTCOMES, summary: 'outcome' })(),
    actor: Flags.string({ summary: 'who did it: username or "@me"', helpValue: '<who>' }),
    target: Flags.string({ summary: 'target as type:id (or just type)', helpValue: '<type:id>' }),
    since: Flags.string({ summary: 'at or after (ISO-8601)', helpValue: '<time>' }),
    until: Flags.string({ summary: 'before (ISO-8601)', helpValue: '<time>' }),
  };

  async run(): Promise<AuditEvent[]> {
    const { flags } = this;
    const [targetType, targetId] = flags.target?.split(':') ?? [];
    const client = this.client();
    const params = {
      ...(flags.action && { action: csvList(flags.action) }),
      ...(flags.outcome && { outcome: flags.outcome }),
      ...(flags.actor && { actor_id: (await resolveUser(client, flags.actor, { flag: '--actor' })).id }),
      ...(targetType && { target_type: targetType }),
      ...(targetId && { target_id: targetId }),
      ...(flags.since && { since: flags.since }),
      ...(flags.until && { until: flags.until }),
    };
    const events = await collect((limit) => client.audit.list({ ...params, limit }), flags);
    await this.printRows(events, auditColumns, { csv: flags.csv, columns: flags.columns, empty: 'No audit events match.' });
    return events;
  }
}
