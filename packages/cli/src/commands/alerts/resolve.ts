import { Flags } from '@oclif/core';
import type { Alert } from '@secai/sdk';
import { AlertChangeCommand } from '../../lib/alert-change-command.js';

export default class AlertsResolve extends AlertChangeCommand<typeof AlertsResolve> {
  static override summary = 'resolve alerts, or close them as false positives';
  static override usage = '<%= command.id %> <alert-id>... [--false-positive] [--comment <text>]';
  static override examples = [
    '<%= config.bin %> <%= command.id %> 5c0ffee0 --comment "patched and rebooted"',
    '<%= config.bin %> <%= command.id %> 5c0ffee0 --false-positive --comment "backup agent"',
  ];
  static override flags = {
    ...AlertChangeCommand.flags,
    'false-positive': Flags.boolean({ summary: 'close as a false positive instead of resolved' }),
  };

  async run(): Promise<Alert[]> {
    const fp = this.flags['false-positive'];
    return this.apply({ status: fp ? 'false_positive' : 'resolved' }, fp ? 'Closed as false positive' : 'Resolved');
  }
}
