import { Args, Flags } from '@oclif/core';
import { SEVERITIES } from '@secai/core/constants';
import { VULN_STATUSES } from '@secai/core/vulnerability-status';
import type { Vulnerability } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { resolveVulnId } from '../../lib/resolve.js';

export default class VulnsUpdate extends SecaiCommand<typeof VulnsUpdate> {
  static override summary = 'triage a vulnerability: change its status, severity or fix version';
  static override args = {
    id: Args.string({ description: 'vulnerability id, or the start of it (6 characters or more)', required: true }),
  };
  static override examples = [
    '<%= config.bin %> <%= command.id %> 7d1e… --status in_progress',
    {
      description: 'Accept the risk for 90 days',
      command: '<%= config.bin %> <%= command.id %> 7d1e… --status risk_accepted --until 2027-03-01T00:00:00Z',
    },
  ];
  static override flags = {
    status: Flags.option({
      options: VULN_STATUSES,
      summary: 'new status',
    })(),
    until: Flags.string({ summary: 'end of a risk acceptance (ISO-8601), required with risk_accepted', helpValue: '<time>' }),
    severity: Flags.option({ options: SEVERITIES, summary: 'new severity' })(),
    'fix-version': Flags.string({ summary: 'version that fixes it', helpValue: '<version>' }),
  };

  async run(): Promise<Vulnerability> {
    const { args } = await this.parse(VulnsUpdate);
    const { flags } = this;
    const client = this.client();
    const vuln = await client.vulns.update(await resolveVulnId(client, args.id), {
      ...(flags.status && { status: flags.status }),
      ...(flags.until && { risk_accepted_until: flags.until }),
      ...(flags.severity && { severity: flags.severity }),
      ...(flags['fix-version'] && { fix_version: flags['fix-version'] }),
    });
    this.notice(`Updated ${vuln.id}: ${vuln.status}`);
    return vuln;
  }
}
