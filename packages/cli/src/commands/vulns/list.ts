import { Flags } from '@oclif/core';
import { SEVERITIES, VULN_SORT_FIELDS } from '@secai/core/constants';
import { OPEN_VULN_STATUSES } from '@secai/core/vulnerability-status';
import type { Vulnerability } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { vulnColumns } from '../../lib/columns.js';
import { collect, csvList, listFlags, sortChoices } from '../../lib/list.js';
import { assertImportTag, resolveAsset, resolveGroup } from '../../lib/resolve.js';

export default class VulnsList extends SecaiCommand<typeof VulnsList> {
  static override summary = 'list vulnerabilities, open ones by default';
  static override examples = [
    { description: 'What to fix first (default order: priority)', command: '<%= config.bin %> <%= command.id %> --limit 20' },
    { description: 'Exploited in the wild and overdue', command: '<%= config.bin %> <%= command.id %> --kev --overdue' },
    { description: 'Where is Log4Shell?', command: '<%= config.bin %> <%= command.id %> --cve CVE-2021-44228 --status all' },
    { description: 'What the latest scan imported with --tag app', command: '<%= config.bin %> <%= command.id %> --tag app' },
  ];
  static override flags = {
    ...listFlags,
    status: Flags.string({ summary: 'statuses, comma-separated, or "all"', default: OPEN_VULN_STATUSES.join(','), helpValue: '<list>' }),
    severity: Flags.string({ summary: 'severities, comma-separated', helpValue: '<list>' }),
    'min-severity': Flags.option({ options: SEVERITIES, summary: 'this severity or worse' })(),
    asset: Flags.string({ summary: 'asset id, hostname or external id', helpValue: '<asset>' }),
    group: Flags.string({ summary: 'asset group: imported into it, or on its assets', helpValue: '<name>' }),
    tag: Flags.string({ summary: 'imported with this --tag', helpValue: '<tag>' }),
    cve: Flags.string({ summary: 'CVE id', helpValue: '<CVE-YYYY-N>' }),
    scanner: Flags.string({ summary: 'scanner name', helpValue: '<name>' }),
    kev: Flags.boolean({ summary: "only ones in CISA's Known Exploited Vulnerabilities catalog" }),
    overdue: Flags.boolean({ summary: 'only ones past their SLA due date' }),
    search: Flags.string({ char: 'q', summary: 'text in the title, component or description', helpValue: '<text>' }),
    sort: Flags.option({
      options: sortChoices(VULN_SORT_FIELDS),
      summary: 'sort order',
      default: '-priority',
    })(),
  };

  async run(): Promise<Vulnerability[]> {
    const { flags } = this;
    const client = this.client();
    const params = {
      ...(flags.status !== 'all' && { status: csvList<NonNullable<Vulnerability['status']>>(flags.status) }),
      ...(flags.severity && { severity: csvList<Vulnerability['severity']>(flags.severity) }),
      ...(flags['min-severity'] && { min_severity: flags['min-severity'] }),
      ...(flags.asset && { asset_id: (await resolveAsset(client, flags.asset, { flag: '--asset' })).id }),
      ...(flags.group && { group_id: (await resolveGroup(client, flags.group, { flag: '--group' })).id }),
      ...(flags.tag && { tag: await assertImportTag(client, flags.tag, { flag: '--tag' }) }),
      ...(flags.cve && { cve: flags.cve }),
      ...(flags.scanner && { scanner: flags.scanner }),
      ...(flags.kev && { kev: 'true' as const }),
      ...(flags.overdue && { overdue: 'true' as const }),
      ...(flags.search && { q: flags.search }),
      sort: flags.sort,
    };
    const vulns = await collect((limit) => client.vulns.list({ ...params, limit }), flags);
    await this.printRows(vulns, vulnColumns, { csv: flags.csv, columns: flags.columns, empty: 'No vulnerabilities match.' });
    return vulns;
  }
}
