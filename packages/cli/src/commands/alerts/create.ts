import { Flags } from '@oclif/core';
import { SEVERITIES } from '@secai/core/constants';
import type { Alert } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { resolveAsset, resolveUser } from '../../lib/resolve.js';
import { assetName } from '../../lib/row-names.js';

export default class AlertsCreate extends SecaiCommand<typeof AlertsCreate> {
  static override summary = 'raise an alert by hand, e.g. from a phone call or a script';
  static override usage =
    '<%= command.id %> --title <text> --severity <severity> [--asset <asset>] [--description <text>] [--source <name>] [--assignee <who>] [--tag <tag>]...';
  static override examples = [
    '<%= config.bin %> <%= command.id %> --title "Phishing reported by finance" --severity high --asset web-01.example.com',
    '<%= config.bin %> <%= command.id %> --title "Disk encryption off" --severity medium --description "found in the quarterly audit" --json',
  ];
  static override flags = {
    title: Flags.string({ summary: 'what happened', required: true, helpValue: '<text>' }),
    severity: Flags.option({ options: SEVERITIES, summary: 'how bad it is', required: true })(),
    asset: Flags.string({ summary: 'asset id, hostname or external id', helpValue: '<asset>' }),
    description: Flags.string({ summary: 'details', helpValue: '<text>' }),
    source: Flags.string({ summary: 'where it came from (default: cli)', helpValue: '<name>' }),
    assignee: Flags.string({ summary: 'username or "@me"', helpValue: '<who>' }),
    tag: Flags.string({ summary: 'tag (repeat for several)', multiple: true, helpValue: '<tag>' }),
  };
  static override flagForField = { asset_id: '--asset', assignee_id: '--assignee', tags: '--tag' };

  async run(): Promise<Alert> {
    const { flags } = this;
    const client = this.client();
    const [asset, assignee] = await Promise.all([
      flags.asset ? resolveAsset(client, flags.asset, { flag: '--asset' }) : undefined,
      flags.assignee ? resolveUser(client, flags.assignee, { flag: '--assignee' }) : undefined,
    ]);
    const alert = await client.alerts.create({
      title: flags.title,
      severity: flags.severity,
      source: flags.source ?? 'cli',
      ...(flags.description && { description: flags.description }),
      ...(asset && { asset_id: asset.id }),
      ...(assignee && { assignee_id: assignee.id }),
      ...(flags.tag && { tags: flags.tag }),
    });
    this.notice(`Created alert ${alert.id.slice(0, 8)}${asset ? ` on ${assetName(asset)}` : ''}`);
    if (!this.jsonEnabled()) this.log(alert.id);
    return alert;
  }
}
