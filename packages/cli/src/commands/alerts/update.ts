import { Flags } from '@oclif/core';
import { ALERT_STATUSES } from '@secai/core/alert-status';
import { SEVERITIES } from '@secai/core/constants';
import type { Alert, AlertUpdateParams } from '@secai/sdk';
import { AlertChangeCommand } from '../../lib/alert-change-command.js';
import { EXIT } from '../../lib/exit-codes.js';
import { resolveAsset, resolveUser } from '../../lib/resolve.js';

/** `reopen` is what people say; the workflow reopens a closed alert to acknowledged. */
const STATUS_CHOICES = [...ALERT_STATUSES, 'reopen'] as const;

export default class AlertsUpdate extends AlertChangeCommand<typeof AlertsUpdate> {
  static override summary = 'change alerts: status, severity, title, assignee or asset';
  static override description =
    'Moves alerts to any status the workflow allows (new → acknowledged → investigating → resolved or false_positive; `reopen` puts a closed alert back to acknowledged). An illegal move fails naming the allowed ones.';
  static override usage =
    '<%= command.id %> <alert-id>... [--status <status>] [--severity <severity>] [--title <text>] [--assignee {<username> | @me | none}] [--asset <asset>] [--comment <text>]';
  static override examples = [
    '<%= config.bin %> <%= command.id %> 5c0ffee0 --status investigating --assignee @me',
    '<%= config.bin %> <%= command.id %> 5c0ffee0 --status reopen --comment "came back after the reboot"',
    '<%= config.bin %> <%= command.id %> 5c0ffee0 9a1b2c3d --severity high',
  ];
  static override flags = {
    ...AlertChangeCommand.flags,
    status: Flags.option({ options: STATUS_CHOICES, summary: 'new status (reopen: back to acknowledged)' })(),
    severity: Flags.option({ options: SEVERITIES, summary: 'new severity' })(),
    title: Flags.string({ summary: 'new title', helpValue: '<text>' }),
    description: Flags.string({ summary: 'new description', helpValue: '<text>' }),
    assignee: Flags.string({ summary: 'username, "@me" or "none"', helpValue: '<who>' }),
    asset: Flags.string({ summary: 'asset id, hostname or external id, or "none"', helpValue: '<asset>' }),
  };
  static override flagForField = { assignee_id: '--assignee', asset_id: '--asset' };

  async run(): Promise<Alert[]> {
    const { flags } = this;
    const client = this.client();
    const change: AlertUpdateParams = {
      ...(flags.status && { status: flags.status === 'reopen' ? 'acknowledged' : flags.status }),
      ...(flags.severity && { severity: flags.severity }),
      ...(flags.title !== undefined && { title: flags.title }),
      ...(flags.description !== undefined && { description: flags.description }),
    };
    if (flags.assignee !== undefined) {
      change.assignee_id = flags.assignee === 'none' ? null : (await resolveUser(client, flags.assignee, { flag: '--assignee' })).id;
    }
    if (flags.asset !== undefined) {
      change.asset_id = flags.asset === 'none' ? null : (await resolveAsset(client, flags.asset, { flag: '--asset' })).id;
    }
    if (Object.keys(change).length === 0 && !flags.comment) {
      this.error('Nothing to change: give --status, --severity, --title, --description, --assignee, --asset or --comment.', {
        exit: EXIT.USAGE,
        code: 'USAGE',
      });
    }
    return this.apply(change, 'Updated');
  }
}
