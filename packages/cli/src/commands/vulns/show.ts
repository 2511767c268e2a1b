import { Args } from '@oclif/core';
import type { Vulnerability } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { resolveVulnId } from '../../lib/resolve.js';

export default class VulnsShow extends SecaiCommand<typeof VulnsShow> {
  static override summary = 'show one vulnerability';
  static override args = {
    id: Args.string({ description: 'vulnerability id, or the start of it (6 characters or more)', required: true }),
  };
  static override examples = ['<%= config.bin %> <%= command.id %> 7d1e…'];

  async run(): Promise<Vulnerability> {
    const { args } = await this.parse(VulnsShow);
    const client = this.client();
    const vuln = await client.vulns.get(await resolveVulnId(client, args.id));
    if (!this.jsonEnabled()) {
      for (const [key, value] of Object.entries(vuln))
        this.log(`${`${key}:`.padEnd(22)}${Array.isArray(value) ? value.join(', ') : (value ?? '-')}`);
    }
    return vuln;
  }
}
