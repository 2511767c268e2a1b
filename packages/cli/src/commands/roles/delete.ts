import { Args, Flags } from '@oclif/core';
import { SecaiCommand } from '../../lib/base-command.js';
import { confirmOrExit } from '../../lib/confirm.js';
import { resolveRole } from '../../lib/resolve.js';

export default class RolesDelete extends SecaiCommand<typeof RolesDelete> {
  static override summary = 'delete a custom role no user holds';
  static override args = { name: Args.string({ description: 'role name', required: true }) };
  static override flags = { yes: Flags.boolean({ char: 'y', summary: 'do not ask for confirmation' }) };
  static override examples = ['<%= config.bin %> <%= command.id %> triager --yes'];

  async run(): Promise<{ name: string; deleted: true }> {
    const { args } = await this.parse(RolesDelete);
    const client = this.client();
    const role = await resolveRole(client, args.name);
    await confirmOrExit(this, `Delete role ${role.name}?`, this.flags.yes);
    await client.roles.delete(role.id);
    this.notice(`Deleted role ${role.name}`);
    return { name: role.name, deleted: true };
  }
}
