import { Args } from '@oclif/core';
import { SecaiCommand } from '../../lib/base-command.js';

export default class TokensRevoke extends SecaiCommand<typeof TokensRevoke> {
  static override summary = 'revoke a personal API token';
  static override args = { id: Args.string({ description: 'token id (see `secai tokens list`)', required: true }) };
  static override examples = ['<%= config.bin %> <%= command.id %> 0b9c…'];

  async run(): Promise<{ id: string; revoked: true }> {
    const { args } = await this.parse(TokensRevoke);
    await this.client().tokens.revoke(args.id);
    this.notice(`Revoked token ${args.id}`);
    return { id: args.id, revoked: true };
  }
}
