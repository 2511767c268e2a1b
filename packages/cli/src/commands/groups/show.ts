import { Args, Flags } from '@oclif/core';
import type { Asset, AssetGroup } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { assetColumns } from '../../lib/columns.js';
import { collect } from '../../lib/list.js';
import { resolveGroup } from '../../lib/resolve.js';

export default class GroupsShow extends SecaiCommand<typeof GroupsShow> {
  static override summary = 'show an asset group and its assets';
  static override args = { group: Args.string({ description: 'group name or id', required: true }) };
  static override examples = ['<%= config.bin %> <%= command.id %> web', '<%= config.bin %> <%= command.id %> web --json'];
  static override flags = {
    limit: Flags.integer({ summary: 'show at most this many assets', min: 1, helpValue: '<n>' }),
    all: Flags.boolean({ summary: 'show every asset' }),
  };

  async run(): Promise<AssetGroup & { assets: Asset[] }> {
    const { args } = await this.parse(GroupsShow);
    const client = this.client();
    const group = await resolveGroup(client, args.group);
    const assets = await collect((limit) => client.assetGroups.members(group.id, { limit }), { ...this.flags, json: this.jsonEnabled() });
    if (!this.jsonEnabled()) {
      this.log(`${group.name}  (${group.kind}, ${group.member_count} asset${group.member_count === 1 ? '' : 's'})`);
      this.log(`  id:           ${group.id}`);
      if (group.description) this.log(`  description:  ${group.description}`);
      if (group.filter) this.log(`  filter:       ${JSON.stringify(group.filter)}`);
      this.log('');
      await this.printRows(assets, assetColumns, {
        columns: 'id,hostname,ip_addresses,criticality,exposure,owner',
        empty: 'No assets in this group.',
      });
    }
    return { ...group, assets };
  }
}
