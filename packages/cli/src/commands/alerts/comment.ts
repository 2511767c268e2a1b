import { Args } from '@oclif/core';
import type { AlertComment } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';

export default class AlertsComment extends SecaiCommand<typeof AlertsComment> {
  static override summary = 'comment on an alert';
  static override args = {
    id: Args.string({ description: 'alert id', required: true }),
    body: Args.string({ description: 'the comment', required: true }),
  };
  static override examples = ['<%= config.bin %> <%= command.id %> 5c0f… "Isolated the host, waiting for EDR triage"'];

  async run(): Promise<AlertComment> {
    const { args } = await this.parse(AlertsComment);
    const comment = await this.client().alerts.comment(args.id, args.body);
    this.notice(`Commented on ${args.id}`);
    return comment;
  }
}
