import type { Me } from '@secai/sdk';
import { SecaiCommand } from '../lib/base-command.js';

export default class Whoami extends SecaiCommand<typeof Whoami> {
  static override summary = 'show who you are logged in as, where, and with which permissions';
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json'];

  async run(): Promise<Me & { url: string }> {
    const { url } = this.connection();
    const me = await this.client().users.me();
    if (!this.jsonEnabled()) {
      this.log(`${me.username} at ${url}`);
      this.log(`  roles:        ${me.roles.join(', ')}`);
      this.log(`  permissions:  ${me.permissions.join(', ')}`);
      this.log(`  signed in by: ${me.auth.method === 'token' ? 'personal API token' : 'password session'}`);
    }
    return { ...me, url };
  }
}
