import { Args, Flags } from '@oclif/core';
import type { AssetGroup } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { groupFilter, groupFilterFlags, groupFlagForField } from '../../lib/group-flags.js';
import { resolveAsset } from '../../lib/resolve.js';

export default class GroupsCreate extends SecaiCommand<typeof GroupsCreate> {
  static override summary = 'create an asset group: listed assets, or a saved filter';
  static override description =
    'A static group holds the assets given with --asset (id, hostname or external id). A dynamic group holds whatever matches its saved filter (--match-… flags) at the time it is read. Not both.';
  static override args = { name: Args.string({ description: 'group name', required: true }) };
  static override examples = [
    '<%= config.bin %> <%= command.id %> web --asset web-01.example.com --asset web-02.example.com',
    '<%= config.bin %> <%= command.id %> internet-critical --match-exposure internet --match-criticality critical',
  ];
  static override flags = {
    description: Flags.string({ summary: 'what the group is for', helpValue: '<text>' }),
    asset: Flags.string({
      summary: 'a member: asset id, hostname or external id (repeat for several)',
      multiple: true,
      helpValue: '<asset>',
      exclusive: Object.keys(groupFilterFlags),
    }),
    ...groupFilterFlags,
  };
  static override flagForField = groupFlagForField;

  async run(): Promise<AssetGroup> {
    const { args } = await this.parse(GroupsCreate);
    const { flags } = this;
    const client = this.client();
    const members = flags.asset ? await Promise.all(flags.asset.map((a) => resolveAsset(client, a, { flag: '--asset' }))) : undefined;
    const filter = groupFilter(flags);
    const group = await client.assetGroups.create({
      name: args.name,
      ...(flags.description && { description: flags.description }),
      ...(members && { asset_ids: members.map((m) => m.id) }),
      ...(filter && { filter }),
    });
    this.notice(`Created ${group.kind} group ${group.name} (${group.member_count} asset${group.member_count === 1 ? '' : 's'})`);
    return group;
  }
}
