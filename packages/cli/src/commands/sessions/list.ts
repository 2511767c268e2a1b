import { Flags } from '@oclif/core';
import type { Session } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { sessionColumns } from '../../lib/columns.js';
import { collect, listFlags } from '../../lib/list.js';

export default class SessionsList extends SecaiCommand<typeof SessionsList> {
  static override summary = "list your login sessions (or a user's, as an administrator)";
  static override examples = ['<%= config.bin %> <%= command.id %> --active'];
  static override flags = {
    ...listFlags,
    active: Flags.boolean({ summary: 'only sessions still live' }),
    user: Flags.string({ summary: 'user id (needs sessions:read)', helpValue: '<id>' }),
  };

  async run(): Promise<Session[]> {
    const { flags } = this;
    const client = this.client();
    const sessions = await collect(
      (limit) => client.sessions.list({ ...(flags.active && { active: 'true' }), ...(flags.user && { user_id: flags.user }), limit }),
      flags,
    );
    this.printRows(sessions, sessionColumns, { csv: flags.csv, columns: flags.columns, empty: 'No sessions.' });
    return sessions;
  }
}
