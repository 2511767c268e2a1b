import { AuthenticationError } from '@secai/sdk';
import { SecaiCommand } from '../lib/base-command.js';

export default class Logout extends SecaiCommand<typeof Logout> {
  static override summary = 'end the session and forget the saved login';
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --profile staging'];

  async run(): Promise<{ profile: string; logged_out: boolean }> {
    const saved = this.profiles.get(this.flags.profile);
    if (!saved) {
      this.notice(`No saved login for profile "${this.flags.profile}".`);
      return { profile: this.flags.profile, logged_out: false };
    }
    // API tokens outlive a logout: revoke them with `secai tokens revoke`.
    if (saved.refresh_token) {
      try {
        await this.client().logout();
      } catch (err) {
        if (!(err instanceof AuthenticationError)) throw err;
      }
    }
    this.profiles.set(this.flags.profile, undefined);
    this.notice(`Logged out of ${saved.url}.`);
    return { profile: this.flags.profile, logged_out: true };
  }
}
