import { Args } from '@oclif/core';
import type { Alert, AlertComment } from '@secai/sdk';
import { describeAlert } from '../../lib/alert-view.js';
import { SecaiCommand } from '../../lib/base-command.js';
import { resolveAlertId } from '../../lib/resolve.js';
import { lookupNames } from '../../lib/row-names.js';

export default class AlertsShow extends SecaiCommand<typeof AlertsShow> {
  static override summary = 'show one alert with its comments';
  static override args = { id: Args.string({ description: 'alert id, or its first 6+ characters as tables show it', required: true }) };
  static override examples = ['<%= config.bin %> <%= command.id %> 5c0ffee0', '<%= config.bin %> <%= command.id %> 5c0ffee0 --json'];

  async run(): Promise<Alert & { comments: AlertComment[] }> {
    const { args } = await this.parse(AlertsShow);
    const client = this.client();
    const id = await resolveAlertId(client, args.id);
    const [alert, comments] = await Promise.all([client.alerts.get(id), client.alerts.comments(id, { limit: 100 }), this.settings()]);
    if (!this.jsonEnabled()) {
      const names = await lookupNames(
        client,
        [alert],
        [
          { key: 'asset', header: '', get: (a) => a.asset_id, ref: 'asset' },
          { key: 'assignee', header: '', get: (a) => a.assignee_id, ref: 'user' },
        ],
      );
      this.log(
        describeAlert(alert, {
          comments: comments.data,
          asset: alert.asset_id ? names.asset?.get(alert.asset_id) : undefined,
          assignee: alert.assignee_id ? names.user?.get(alert.assignee_id) : undefined,
        }),
      );
    }
    return { ...alert, comments: comments.data };
  }
}
