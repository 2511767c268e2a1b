import { Args, Flags } from '@oclif/core';
import { PERMISSIONS } from '@secai/core/permissions';
import type { Role } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { EXIT } from '../../lib/exit-codes.js';
import { resolveRole } from '../../lib/resolve.js';

export default class RolesUpdate extends SecaiCommand<typeof RolesUpdate> {
  static override summary = "change a custom role's permissions or description";
  static override description =
    'With --permission the role gets exactly the permissions given. Built-in roles (admin, analyst, viewer) cannot be changed. You can grant only permissions you hold.';
  static override args = { name: Args.string({ description: 'role name', required: true }) };
  static override examples = [
    '<%= config.bin %> <%= command.id %> triager --permission alerts:read --permission alerts:write --permission assets:read',
    '<%= config.bin %> <%= command.id %> triager --description "first line of the SOC"',
  ];
  static override flags = {
    permission: Flags.option({
      options: PERMISSIONS,
      summary: 'the permissions (repeat for several; replaces the current ones)',
      multiple: true,
    })(),
    description: Flags.string({ summary: 'what the role is for', helpValue: '<text>' }),
  };
  static override flagForField = { permissions: '--permission' };

  async run(): Promise<Role> {
    const { args } = await this.parse(RolesUpdate);
    const { flags } = this;
    if (!flags.permission && flags.description === undefined) {
      this.error('Nothing to change: give --permission or --description.', { exit: EXIT.USAGE, code: 'USAGE' });
    }
    const client = this.client();
    const role = await resolveRole(client, args.name);
    const updated = await client.roles.update(role.id, {
      ...(flags.permission && { permissions: flags.permission }),
      ...(flags.description !== undefined && { description: flags.description }),
    });
    this.notice(`Updated role ${updated.name}`);
    return updated;
  }
}
