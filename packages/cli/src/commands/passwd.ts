import { Flags } from '@oclif/core';
import { SecaiCommand } from '../lib/base-command.js';
import { EXIT } from '../lib/exit-codes.js';
import { promptSecret, readSecretFromStdin } from '../lib/secret-input.js';

export default class Passwd extends SecaiCommand<typeof Passwd> {
  static override summary = 'change your own password';
  static override description =
    'Asks for the current and the new password on a terminal (twice, never echoed). In scripts, --password-stdin reads two lines: the current password, then the new one. Your other login sessions end; this login and your API tokens stay.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    { description: 'From a script', command: 'printf "%s\\n%s\\n" "$OLD" "$NEW" | <%= config.bin %> <%= command.id %> --password-stdin' },
  ];
  static override flags = {
    'password-stdin': Flags.boolean({ summary: 'read the current and the new password, one per line, from standard input' }),
  };
  static override flagForField = { current_password: 'the current password', new_password: 'the new password' };

  async run(): Promise<{ username: string | undefined; sessions_revoked: number }> {
    let current: string;
    let next: string;
    if (this.flags['password-stdin']) {
      const lines = (await readSecretFromStdin()).split(/\r?\n/);
      if (lines.length !== 2 || !lines[0] || !lines[1]) {
        this.error('--password-stdin: give two lines, the current password and then the new one.', { exit: EXIT.USAGE, code: 'USAGE' });
      }
      [current, next] = lines as [string, string];
    } else if (this.interactive) {
      current = await promptSecret('Current password');
      next = await promptSecret('New password (12 characters or more)');
      if ((await promptSecret('New password again')) !== next) this.error('The new passwords differ.', { exit: EXIT.USAGE, code: 'USAGE' });
    } else {
      this.error('Give --password-stdin when not on a terminal.', { exit: EXIT.USAGE, code: 'MISSING_CREDENTIALS' });
    }
    const result = await this.client().users.changeMyPassword({ current_password: current, new_password: next });
    const { username } = this.connection();
    this.notice(
      `Changed the password${username ? ` of ${username}` : ''}; ${result.sessions_revoked} other session${result.sessions_revoked === 1 ? '' : 's'} ended.`,
    );
    return { username, sessions_revoked: result.sessions_revoked };
  }
}
