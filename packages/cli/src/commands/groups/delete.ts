import { Args, Flags } from '@oclif/core';
import { SecaiCommand } from '../../lib/base-command.js';
import { confirmOrExit } from '../../lib/confirm.js';
import { resolveGroup } from '../../lib/resolve.js';

export default class GroupsDelete extends SecaiCommand<typeof GroupsDelete> {
  static override summary = 'delete an asset group (its assets stay)';
  static override args = { group: Args.string({ description: 'group name or id', required: true }) };
  static override flags = { yes: Flags.boolean({ char: 'y', summary: 'do not ask for confirmation' }) };
  static override examples = ['<%= config.bin %> <%= command.id %> web --yes'];

  async run(): Promise<{ id: string; name: string; deleted: true }> {
    const { args } = await this.parse(GroupsDelete);
    const client = this.client();
    const group = await resolveGroup(client, args.group);
    await confirmOrExit(this, `Delete group ${group.name}? Its assets stay.`, this.flags.yes);
    await client.assetGroups.delete(group.id);
    this.notice(`Deleted group ${group.name}`);
    return { id: group.id, name: group.name, deleted: true };
  }
}
