import { Args } from '@oclif/core';
import type { AlertComment } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { resolveAlertId } from '../../lib/resolve.js';

export default class AlertsComment extends SecaiCommand<typeof AlertsComment> {
  static override summary = 'comment on an alert';
  static override args = {
    id: Args.string({ description: 'alert id (or its first 6+ characters)', required: true }),
    body: Args.string({ description: 'the comment', required: true }),
  };
  static override examples = ['<%= config.bin %> <%= command.id %> 5c0ffee0 "Isolated the host, waiting for EDR triage"'];

  async run(): Promise<AlertComment> {
    const { args } = await this.parse(AlertsComment);
    const client = this.client();
    const comment = await client.alerts.comment(await resolveAlertId(client, args.id), args.body);
    this.notice(`Commented on ${args.id}`);
    return comment;
  }
}
