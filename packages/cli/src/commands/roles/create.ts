import { Args, Flags } from '@oclif/core';
import { PERMISSIONS } from '@secai/core/permissions';
import type { Role } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';

export default class RolesCreate extends SecaiCommand<typeof RolesCreate> {
  static override summary = 'create a custom role from permissions';
  static override args = { name: Args.string({ description: 'role name (lowercase)', required: true }) };
  static override examples = ['<%= config.bin %> <%= command.id %> triager --permission alerts:read --permission alerts:write'];
  static override flags = {
    permission: Flags.option({
      options: PERMISSIONS,
      summary: 'permission to grant (repeat for several)',
      multiple: true,
      required: true,
    })(),
    description: Flags.string({ summary: 'what the role is for', helpValue: '<text>' }),
  };

  async run(): Promise<Role> {
    const { args } = await this.parse(RolesCreate);
    const role = await this.client().roles.create({
      name: args.name,
      permissions: this.flags.permission,
      ...(this.flags.description && { description: this.flags.description }),
    });
    this.notice(`Created role ${role.name}`);
    return role;
  }
}
