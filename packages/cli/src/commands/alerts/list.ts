import { Flags } from '@oclif/core';
import { OPEN_ALERT_STATUSES } from '@secai/core/alert-status';
import { ALERT_SORT_FIELDS, SEVERITIES } from '@secai/core/constants';
import type { Alert, AlertListParams } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { alertColumns } from '../../lib/columns.js';
import { collect, csvList, listFlags, sortChoices } from '../../lib/list.js';
import { resolveAsset, resolveUser } from '../../lib/resolve.js';
import { sinceTime } from '../../lib/since.js';

export default class AlertsList extends SecaiCommand<typeof AlertsList> {
  static override summary = 'list alerts, open ones by default';
  static override examples = [
    { description: 'Open alerts, most severe first', command: '<%= config.bin %> <%= command.id %> --sort -severity' },
    {
      description: 'Critical alerts of the last day, for a script',
      command: '<%= config.bin %> <%= command.id %> --severity critical --since 1d --json',
    },
    { description: 'Everything assigned to me, as CSV', command: '<%= config.bin %> <%= command.id %> --status all --assignee @me --csv' },
  ];

  static override flags = {
    ...listFlags,
    status: Flags.string({ summary: 'statuses, comma-separated, or "all"', default: OPEN_ALERT_STATUSES.join(','), helpValue: '<list>' }),
    severity: Flags.string({ summary: `severities, comma-separated (${SEVERITIES.join(',')})`, helpValue: '<list>' }),
    'min-severity': Flags.option({ options: SEVERITIES, summary: 'this severity or worse' })(),
    assignee: Flags.string({ summary: 'username, "@me", or "none" for unassigned', helpValue: '<who>' }),
    asset: Flags.string({ summary: 'asset id, hostname or external id', helpValue: '<asset>' }),
    source: Flags.string({ summary: 'source, e.g. sysmon', helpValue: '<name>' }),
    tag: Flags.string({ summary: 'tags, comma-separated (all must match)', helpValue: '<list>' }),
    since: Flags.string({ summary: 'created at or after: a duration back (30m, 12h, 1d, 2w) or an ISO-8601 time', helpValue: '<when>' }),
    until: Flags.string({ summary: 'created before: a duration back or an ISO-8601 time', helpValue: '<when>' }),
    search: Flags.string({ char: 'q', summary: 'text in the title, rule or description', helpValue: '<text>' }),
    sort: Flags.option({
      options: sortChoices(ALERT_SORT_FIELDS),
      summary: 'sort order',
      default: '-created_at',
    })(),
  };
  static override flagForField = { assignee_id: '--assignee', asset_id: '--asset', q: '--search' };

  async run(): Promise<Alert[]> {
    const { flags } = this;
    const client = this.client();
    // Names resolve first: a filter that cannot match (an unknown username) fails, not lists nothing.
    const [assignee, asset] = await Promise.all([
      flags.assignee === undefined || flags.assignee === 'none'
        ? flags.assignee
        : resolveUser(client, flags.assignee, { flag: '--assignee' }).then((u) => u.id),
      flags.asset === undefined ? undefined : resolveAsset(client, flags.asset, { flag: '--asset' }).then((a) => a.id),
    ]);
    const params: AlertListParams = {
      ...(flags.status !== 'all' && { status: csvList(flags.status) }),
      ...(flags.severity && { severity: csvList(flags.severity) }),
      ...(flags['min-severity'] && { min_severity: flags['min-severity'] }),
      ...(assignee && { assignee_id: assignee }),
      ...(asset && { asset_id: asset }),
      ...(flags.source && { source: flags.source }),
      ...(flags.tag && { tag: csvList(flags.tag) }),
      ...(flags.since && { since: sinceTime(flags.since) }),
      ...(flags.until && { until: sinceTime(flags.until, Date.now(), '--until') }),
      ...(flags.search && { q: flags.search }),
      sort: flags.sort,
    };
    const alerts = await collect((limit) => client.alerts.list({ ...params, limit }), flags);
    await this.printRows(alerts, alertColumns, { csv: flags.csv, columns: flags.columns, empty: 'No alerts match.' });
    return alerts;
  }
}
