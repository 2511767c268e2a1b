import { Flags } from '@oclif/core';
import type { Alert } from '@secai/sdk';
import { AlertChangeCommand } from '../../lib/alert-change-command.js';
import { resolveUser } from '../../lib/resolve.js';

export default class AlertsAssign extends AlertChangeCommand<typeof AlertsAssign> {
  static override summary = 'assign alerts to a user, to yourself, or to nobody';
  static override usage = '<%= command.id %> <alert-id>... --to {<username> | @me | none}';
  static override examples = [
    '<%= config.bin %> <%= command.id %> 5c0ffee0 --to @me',
    '<%= config.bin %> <%= command.id %> 5c0ffee0 9a1b2c3d --to alice',
    '<%= config.bin %> <%= command.id %> 5c0ffee0 --to none',
  ];
  static override flags = {
    ...AlertChangeCommand.flags,
    to: Flags.string({ summary: 'username, "@me" or "none"', required: true, helpValue: '<who>' }),
  };

  async run(): Promise<Alert[]> {
    const to = this.flags.to;
    const assignee = to === 'none' ? null : await resolveUser(this.client(), to, { flag: '--to' });
    return this.apply({ assignee_id: assignee?.id ?? null }, assignee ? `Assigned to ${assignee.username}:` : 'Unassigned');
  }
}
