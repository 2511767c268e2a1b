import type { Asset } from '@secai/sdk';
import { assetFields, assetFlags } from '../../lib/asset-flags.js';
import { SecaiCommand } from '../../lib/base-command.js';

export default class AssetsCreate extends SecaiCommand<typeof AssetsCreate> {
  static override summary = 'create an asset';
  static override examples = [
    '<%= config.bin %> <%= command.id %> --hostname web-01.example.com --ip 10.0.0.5 --criticality high --exposure internet --tag prod',
  ];
  static override flags = assetFlags;
  static override flagForField = { ip_addresses: '--ip', asset_type: '--type', tags: '--tag' };

  async run(): Promise<Asset> {
    const asset = await this.client().assets.create(assetFields(this.flags));
    this.notice(`Created asset ${asset.id}`);
    if (!this.jsonEnabled()) this.log(asset.id);
    return asset;
  }
}
