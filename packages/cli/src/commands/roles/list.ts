import type { Role } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { roleColumns } from '../../lib/columns.js';
import { collect, listFlags } from '../../lib/list.js';

export default class RolesList extends SecaiCommand<typeof RolesList> {
  static override summary = 'list roles and their permissions';
  static override examples = ['<%= config.bin %> <%= command.id %>'];
  static override flags = listFlags;

  async run(): Promise<Role[]> {
    const client = this.client();
    const roles = await collect((limit) => client.roles.list({ limit }), this.flags);
    await this.printRows(roles, roleColumns, { csv: this.flags.csv, columns: this.flags.columns });
    return roles;
  }
}
