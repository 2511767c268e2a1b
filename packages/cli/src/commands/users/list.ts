import { Flags } from '@oclif/core';
import type { User } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { userColumns } from '../../lib/columns.js';
import { collect, listFlags } from '../../lib/list.js';

export default class UsersList extends SecaiCommand<typeof UsersList> {
  static override summary = 'list users';
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --role analyst'];
  static override flags = {
    ...listFlags,
    role: Flags.string({ summary: 'only users with this role', helpValue: '<role>' }),
    search: Flags.string({ char: 'q', summary: 'text in username, name or email', helpValue: '<text>' }),
  };

  async run(): Promise<User[]> {
    const { flags } = this;
    const client = this.client();
    const users = await collect(
      (limit) => client.users.list({ ...(flags.role && { role: flags.role }), ...(flags.search && { q: flags.search }), limit }),
      flags,
    );
    await this.printRows(users, userColumns, { csv: flags.csv, columns: flags.columns, empty: 'No users match.' });
    return users;
  }
}
