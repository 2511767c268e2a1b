import { Args, Flags } from '@oclif/core';
import { SecaiCommand } from '../../lib/base-command.js';
import { confirmOrExit } from '../../lib/confirm.js';
import { resolveAsset } from '../../lib/resolve.js';
import { assetName } from '../../lib/row-names.js';

export default class AssetsDelete extends SecaiCommand<typeof AssetsDelete> {
  static override summary = 'delete an asset';
  static override args = {
    asset: Args.string({ description: 'asset id (or its first 6+ characters), hostname or external id', required: true }),
  };
  static override flags = { yes: Flags.boolean({ char: 'y', summary: 'do not ask for confirmation' }) };
  static override examples = ['<%= config.bin %> <%= command.id %> web-01.example.com --yes'];

  async run(): Promise<{ id: string; deleted: true }> {
    const { args } = await this.parse(AssetsDelete);
    const client = this.client();
    const asset = await resolveAsset(client, args.asset);
    await confirmOrExit(this, `Delete asset ${assetName(asset)}?`, this.flags.yes);
    await client.assets.delete(asset.id);
    this.notice(`Deleted asset ${assetName(asset)}`);
    return { id: asset.id, deleted: true };
  }
}
