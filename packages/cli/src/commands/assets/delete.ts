import { Args, Flags } from '@oclif/core';
import { SecaiCommand } from '../../lib/base-command.js';
import { confirmOrExit } from '../../lib/confirm.js';

export default class AssetsDelete extends SecaiCommand<typeof AssetsDelete> {
  static override summary = 'delete an asset';
  static override args = { id: Args.string({ description: 'asset id', required: true }) };
  static override flags = { yes: Flags.boolean({ char: 'y', summary: 'do not ask for confirmation' }) };
  static override examples = ['<%= config.bin %> <%= command.id %> 3f2a… --yes'];

  async run(): Promise<{ id: string; deleted: true }> {
    const { args } = await this.parse(AssetsDelete);
    const client = this.client();
    const asset = await client.assets.get(args.id);
    await confirmOrExit(this, `Delete asset ${asset.hostname ?? asset.external_id ?? asset.id}?`, this.flags.yes);
    await client.assets.delete(args.id);
    this.notice(`Deleted asset ${args.id}`);
    return { id: args.id, deleted: true };
  }
}
