import { Args } from '@oclif/core';
import type { Alert, AlertComment } from '@secai/sdk';
import { describeAlert } from '../../lib/alert-view.js';
import { SecaiCommand } from '../../lib/base-command.js';

export default class AlertsShow extends SecaiCommand<typeof AlertsShow> {
  static override summary = 'show one alert with its comments';
  static override args = { id: Args.string({ description: 'alert id', required: true }) };
  static override examples = ['<%= config.bin %> <%= command.id %> 5c0ffee0-…', '<%= config.bin %> <%= command.id %> 5c0ffee0-… --json'];

  async run(): Promise<Alert & { comments: AlertComment[] }> {
    const { args } = await this.parse(AlertsShow);
    const client = this.client();
    const [alert, comments] = await Promise.all([client.alerts.get(args.id), client.alerts.comments(args.id, { limit: 100 })]);
    if (!this.jsonEnabled()) this.log(describeAlert(alert, { comments: comments.data }));
    return { ...alert, comments: comments.data };
  }
}
