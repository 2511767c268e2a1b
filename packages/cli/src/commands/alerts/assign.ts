import { Flags } from '@oclif/core';
import type { Alert } from '@secai/sdk';
import { AlertChangeCommand } from '../../lib/alert-change-command.js';
import { EXIT } from '../../lib/exit-codes.js';

export default class AlertsAssign extends AlertChangeCommand<typeof AlertsAssign> {
  static override summary = 'assign alerts to a user, to yourself, or to nobody';
  static override usage = '<%= command.id %> <alert-id>... --to {<username> | me | none}';
  static override examples = [
    '<%= config.bin %> <%= command.id %> 5c0f… --to me',
    '<%= config.bin %> <%= command.id %> 5c0f… 9a1b… --to alice',
    '<%= config.bin %> <%= command.id %> 5c0f… --to none',
  ];
  static override flags = {
    ...AlertChangeCommand.flags,
    to: Flags.string({ summary: 'username, "me" or "none"', required: true, helpValue: '<who>' }),
  };

  async run(): Promise<Alert[]> {
    const to = this.flags.to;
    const client = this.client();
    let assignee: string | null = null;
    if (to === 'me') assignee = (await client.users.me()).id;
    else if (to !== 'none') {
      const { data } = await client.users.list({ q: to, limit: 100 });
      const user = data.find((u) => u.username.toLowerCase() === to.toLowerCase());
      if (!user) this.error(`No user named ${to}.`, { exit: EXIT.NOT_FOUND, code: 'USER_NOT_FOUND' });
      assignee = user.id;
    }
    return this.apply({ assignee_id: assignee }, assignee ? `Assigned to ${to}:` : 'Unassigned');
  }
}
