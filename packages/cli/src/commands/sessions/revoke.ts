import { Args } from '@oclif/core';
import { SecaiCommand } from '../../lib/base-command.js';

export default class SessionsRevoke extends SecaiCommand<typeof SessionsRevoke> {
  static override summary = 'end a login session';
  static override args = { id: Args.string({ description: 'session id (see `secai sessions list`)', required: true }) };
  static override examples = ['<%= config.bin %> <%= command.id %> 4e7a…'];

  async run(): Promise<{ id: string; revoked: true }> {
    const { args } = await this.parse(SessionsRevoke);
    await this.client().sessions.revoke(args.id);
    this.notice(`Ended session ${args.id}`);
    return { id: args.id, revoked: true };
  }
}
