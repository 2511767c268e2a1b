import { Args, Flags } from '@oclif/core';
import type { AssetGroup } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { EXIT } from '../../lib/exit-codes.js';
import { groupFilter, groupFilterFlags, groupFlagForField } from '../../lib/group-flags.js';
import { resolveAsset, resolveGroup } from '../../lib/resolve.js';

export default class GroupsUpdate extends SecaiCommand<typeof GroupsUpdate> {
  static override summary = 'rename an asset group, add or remove assets, or replace its saved filter';
  static override args = { group: Args.string({ description: 'group name or id', required: true }) };
  static override examples = [
    '<%= config.bin %> <%= command.id %> web --add web-03.example.com --remove web-01.example.com',
    '<%= config.bin %> <%= command.id %> internet-critical --match-exposure internet --match-criticality high --match-criticality critical',
    '<%= config.bin %> <%= command.id %> web --name web-frontends',
  ];
  static override flags = {
    name: Flags.string({ summary: 'new name', helpValue: '<name>' }),
    description: Flags.string({ summary: 'new description', helpValue: '<text>' }),
    add: Flags.string({
      summary: 'add this asset (id, hostname or external id; repeat for several)',
      multiple: true,
      helpValue: '<asset>',
    }),
    remove: Flags.string({ summary: 'remove this asset (repeat for several)', multiple: true, helpValue: '<asset>' }),
    ...groupFilterFlags,
  };
  static override flagForField = groupFlagForField;

  async run(): Promise<AssetGroup> {
    const { args } = await this.parse(GroupsUpdate);
    const { flags } = this;
    const client = this.client();
    const group = await resolveGroup(client, args.group);
    const ids = (values: string[] | undefined, flag: string) =>
      values ? Promise.all(values.map(async (v) => (await resolveAsset(client, v, { flag })).id)) : undefined;
    const [add, remove] = await Promise.all([ids(flags.add, '--add'), ids(flags.remove, '--remove')]);
    const filter = groupFilter(flags);
    const change = {
      ...(flags.name && { name: flags.name }),
      ...(flags.description !== undefined && { description: flags.description }),
      ...(add && { add_asset_ids: add }),
      ...(remove && { remove_asset_ids: remove }),
      ...(filter && { filter }),
    };
    if (Object.keys(change).length === 0) {
      this.error('Nothing to change: give --name, --description, --add, --remove or --match-… flags.', { exit: EXIT.USAGE, code: 'USAGE' });
    }
    const updated = await client.assetGroups.update(group.id, change);
    this.notice(`Updated group ${updated.name} (${updated.member_count} asset${updated.member_count === 1 ? '' : 's'})`);
    return updated;
  }
}
