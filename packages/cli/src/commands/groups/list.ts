import { Flags } from '@oclif/core';
import type { AssetGroup } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { groupColumns } from '../../lib/columns.js';
import { collect, listFlags } from '../../lib/list.js';

export default class GroupsList extends SecaiCommand<typeof GroupsList> {
  static override summary = 'list asset groups';
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --search web --json'];
  static override flags = {
    ...listFlags,
    search: Flags.string({ char: 'q', summary: 'text in the name or description', helpValue: '<text>' }),
  };

  async run(): Promise<AssetGroup[]> {
    const { flags } = this;
    const client = this.client();
    const groups = await collect((limit) => client.assetGroups.list({ ...(flags.search && { q: flags.search }), limit }), flags);
    await this.printRows(groups, groupColumns, {
      csv: flags.csv,
      columns: flags.columns,
      empty: 'No asset groups yet; create one with `secai groups create`.',
    });
    return groups;
  }
}
