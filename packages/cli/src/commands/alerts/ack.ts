import type { Alert } from '@secai/sdk';
import { AlertChangeCommand } from '../../lib/alert-change-command.js';

export default class AlertsAck extends AlertChangeCommand<typeof AlertsAck> {
  static override summary = 'acknowledge alerts';
  static override usage = '<%= command.id %> <alert-id>... [--comment <text>]';
  static override examples = [
    '<%= config.bin %> <%= command.id %> 5c0ffee0 9a1b2c3d',
    '<%= config.bin %> <%= command.id %> 5c0ffee0 --comment "looking into it"',
  ];

  async run(): Promise<Alert[]> {
    return this.apply({ status: 'acknowledged' }, 'Acknowledged');
  }
}
