import { Args, Flags } from '@oclif/core';
import type { User } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { EXIT } from '../../lib/exit-codes.js';

export default class UsersUpdate extends SecaiCommand<typeof UsersUpdate> {
  static override summary = "change a user's roles, name, email, or disable them";
  static override args = { username: Args.string({ description: 'username', required: true }) };
  static override examples = [
    '<%= config.bin %> <%= command.id %> carol --role analyst --role admin',
    '<%= config.bin %> <%= command.id %> mallory --disable',
  ];
  static override flags = {
    role: Flags.string({ summary: 'replace the roles (repeat for several)', multiple: true, helpValue: '<role>' }),
    name: Flags.string({ summary: 'display name', helpValue: '<text>' }),
    email: Flags.string({ summary: 'email address', helpValue: '<address>' }),
    disable: Flags.boolean({ summary: 'disable the account and end its sessions', exclusive: ['enable'] }),
    enable: Flags.boolean({ summary: 'enable the account' }),
  };

  async run(): Promise<User> {
    const { args } = await this.parse(UsersUpdate);
    const { flags } = this;
    const client = this.client();
    const { data } = await client.users.list({ q: args.username, limit: 100 });
    const user = data.find((u) => u.username.toLowerCase() === args.username.toLowerCase());
    if (!user) this.error(`No user named ${args.username}.`, { exit: EXIT.NOT_FOUND, code: 'USER_NOT_FOUND' });
    const updated = await client.users.update(user.id, {
      ...(flags.role && { roles: flags.role }),
      ...(flags.name && { display_name: flags.name }),
      ...(flags.email && { email: flags.email }),
      ...(flags.disable && { disabled: true }),
      ...(flags.enable && { disabled: false }),
    });
    this.notice(`Updated ${updated.username}`);
    return updated;
  }
}
