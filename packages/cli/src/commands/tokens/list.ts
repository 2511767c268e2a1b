import type { ApiToken } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { tokenColumns } from '../../lib/columns.js';
import { collect, listFlags } from '../../lib/list.js';

export default class TokensList extends SecaiCommand<typeof TokensList> {
  static override summary = 'list your personal API tokens';
  static override examples = ['<%= config.bin %> <%= command.id %>'];
  static override flags = listFlags;

  async run(): Promise<ApiToken[]> {
    const client = this.client();
    const tokens = await collect((limit) => client.tokens.list({ limit }), this.flags);
    await this.printRows(tokens, tokenColumns, {
      csv: this.flags.csv,
      columns: this.flags.columns,
      empty: 'No tokens yet; create one with `secai tokens create`.',
    });
    return tokens;
  }
}
