import { Args } from '@oclif/core';
import { SecaiCommand } from '../../lib/base-command.js';
import { resolveOwnId } from '../../lib/resolve.js';

export default class TokensRevoke extends SecaiCommand<typeof TokensRevoke> {
  static override summary = 'revoke a personal API token';
  static override args = { id: Args.string({ description: 'token id (see `secai tokens list`)', required: true }) };
  static override examples = ['<%= config.bin %> <%= command.id %> 0b9c44d1'];

  async run(): Promise<{ id: string; revoked: true }> {
    const { args } = await this.parse(TokensRevoke);
    const client = this.client();
    const id = await resolveOwnId(args.id, 'token', () => client.tokens.list({ limit: 1000 }).toArray({ max: 10_000 }));
    await client.tokens.revoke(id);
    this.notice(`Revoked token ${args.id}`);
    return { id, revoked: true };
  }
}
