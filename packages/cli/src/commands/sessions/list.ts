import { Flags } from '@oclif/core';
import type { Session } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { sessionColumns } from '../../lib/columns.js';
import { collect, listFlags } from '../../lib/list.js';
import { resolveUser } from '../../lib/resolve.js';

export default class SessionsList extends SecaiCommand<typeof SessionsList> {
  static override summary = "list your login sessions (or a user's, as an administrator)";
  static override examples = ['<%= config.bin %> <%= command.id %> --active'];
  static override flags = {
    ...listFlags,
    active: Flags.boolean({ summary: 'only sessions still live' }),
    user: Flags.string({ summary: 'username or "@me" (another user needs sessions:read)', helpValue: '<who>' }),
  };

  async run(): Promise<Session[]> {
    const { flags } = this;
    const client = this.client();
    const user = flags.user ? (await resolveUser(client, flags.user, { flag: '--user' })).id : undefined;
    const sessions = await collect(
      (limit) => client.sessions.list({ ...(flags.active && { active: 'true' }), ...(user && { user_id: user }), limit }),
      flags,
    );
    await this.printRows(sessions, sessionColumns, { csv: flags.csv, columns: flags.columns, empty: 'No sessions.' });
    return sessions;
  }
}
