import { Args, Flags } from '@oclif/core';
import type { User } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { EXIT } from '../../lib/exit-codes.js';
import { resolveUser } from '../../lib/resolve.js';
import { readSecretFromStdin } from '../../lib/secret-input.js';

export default class UsersUpdate extends SecaiCommand<typeof UsersUpdate> {
  static override summary = "change a user's roles, name, email or password, or disable them";
  static override description =
    "A new password (--password-stdin) or --disable ends all of the user's sessions. To change your own password, use `secai passwd`.";
  static override args = { username: Args.string({ description: 'username', required: true }) };
  static override examples = [
    '<%= config.bin %> <%= command.id %> carol --role analyst --role admin',
    '<%= config.bin %> <%= command.id %> mallory --disable',
    'echo "$NEW_PW" | <%= config.bin %> <%= command.id %> carol --password-stdin',
  ];
  static override flags = {
    role: Flags.string({ summary: 'replace the roles (repeat for several)', multiple: true, helpValue: '<role>' }),
    name: Flags.string({ summary: 'display name', helpValue: '<text>' }),
    email: Flags.string({ summary: 'email address', helpValue: '<address>' }),
    'password-stdin': Flags.boolean({ summary: 'set a new password, read from standard input' }),
    disable: Flags.boolean({ summary: 'disable the account and end its sessions', exclusive: ['enable'] }),
    enable: Flags.boolean({ summary: 'enable the account' }),
  };
  static override flagForField = { roles: '--role', display_name: '--name', password: '--password-stdin', disabled: '--disable' };

  async run(): Promise<User> {
    const { args } = await this.parse(UsersUpdate);
    const { flags } = this;
    const client = this.client();
    const user = await resolveUser(client, args.username);
    const password = flags['password-stdin'] ? await readSecretFromStdin() : undefined;
    if (password === '') this.error('--password-stdin: standard input was empty.', { exit: EXIT.USAGE, code: 'USAGE' });
    const updated = await client.users.update(user.id, {
      ...(flags.role && { roles: flags.role }),
      ...(flags.name && { display_name: flags.name }),
      ...(flags.email && { email: flags.email }),
      ...(password && { password }),
      ...(flags.disable && { disabled: true }),
      ...(flags.enable && { disabled: false }),
    });
    this.notice(`Updated ${updated.username}${password ? ' (new password; their sessions were ended)' : ''}`);
    return updated;
  }
}
