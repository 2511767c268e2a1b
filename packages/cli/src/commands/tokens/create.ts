import { Args, Flags } from '@oclif/core';
import { PERMISSIONS } from '@secai/core/permissions';
import type { CreatedApiToken } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';

export default class TokensCreate extends SecaiCommand<typeof TokensCreate> {
  static override summary = 'create a personal API token for scripts and CI';
  static override description =
    'Prints the token once on stdout; store it in your CI secrets and use it as SECAI_TOKEN. Without --permission it has all of your permissions.';
  static override args = { name: Args.string({ description: 'what the token is for', required: true }) };
  static override examples = [
    '<%= config.bin %> <%= command.id %> ci --permission vulns:read --permission alerts:read --expires-in 30',
    '<%= config.bin %> <%= command.id %> triage-bot --json',
  ];
  static override flags = {
    permission: Flags.option({
      options: PERMISSIONS,
      summary: 'narrow the token to this permission (repeat for several)',
      multiple: true,
    })(),
    'expires-in': Flags.integer({ summary: 'days until it expires (0: never)', default: 90, min: 0, max: 3650, helpValue: '<days>' }),
  };

  async run(): Promise<CreatedApiToken> {
    const { args } = await this.parse(TokensCreate);
    const { flags } = this;
    const token = await this.client().tokens.create({
      name: args.name,
      ...(flags.permission && { permissions: flags.permission }),
      expires_in_days: flags['expires-in'] === 0 ? null : flags['expires-in'],
    });
    if (!this.jsonEnabled()) {
      this.log(token.token);
      this.notice(
        `Created token "${token.name}" (${token.id})${token.expires_at ? `, expires ${token.expires_at}` : ''}. It is shown only this once.`,
      );
    }
    return token;
  }
}
