import { Args, Flags } from '@oclif/core';
import { SecaiCommand } from '../../lib/base-command.js';
import { confirmOrExit } from '../../lib/confirm.js';
import { resolveUser } from '../../lib/resolve.js';

export default class UsersDelete extends SecaiCommand<typeof UsersDelete> {
  static override summary = 'delete a user';
  static override args = { username: Args.string({ description: 'username', required: true }) };
  static override flags = { yes: Flags.boolean({ char: 'y', summary: 'do not ask for confirmation' }) };
  static override examples = ['<%= config.bin %> <%= command.id %> mallory --yes'];

  async run(): Promise<{ username: string; deleted: true }> {
    const { args } = await this.parse(UsersDelete);
    const client = this.client();
    const user = await resolveUser(client, args.username);
    await confirmOrExit(this, `Delete user ${user.username}?`, this.flags.yes);
    await client.users.delete(user.id);
    this.notice(`Deleted user ${user.username}`);
    return { username: user.username, deleted: true };
  }
}
