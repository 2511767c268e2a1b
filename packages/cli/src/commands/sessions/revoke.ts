import { Args } from '@oclif/core';
import { SecaiCommand } from '../../lib/base-command.js';
import { resolveOwnId } from '../../lib/resolve.js';

export default class SessionsRevoke extends SecaiCommand<typeof SessionsRevoke> {
  static override summary = 'end a login session';
  static override args = { id: Args.string({ description: 'session id (see `secai sessions list`)', required: true }) };
  static override examples = ['<%= config.bin %> <%= command.id %> 4e7a91c0'];

  async run(): Promise<{ id: string; revoked: true }> {
    const { args } = await this.parse(SessionsRevoke);
    const client = this.client();
    const id = await resolveOwnId(args.id, 'session', () => client.sessions.list({ limit: 1000 }).toArray({ max: 10_000 }));
    await client.sessions.revoke(id);
    this.notice(`Ended session ${args.id}`);
    return { id, revoked: true };
  }
}
