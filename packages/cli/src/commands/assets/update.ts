import { Args } from '@oclif/core';
import type { Asset } from '@secai/sdk';
import { assetFields, assetFlags } from '../../lib/asset-flags.js';
import { SecaiCommand } from '../../lib/base-command.js';
import { resolveAsset } from '../../lib/resolve.js';

export default class AssetsUpdate extends SecaiCommand<typeof AssetsUpdate> {
  static override summary = 'change an asset; fields not given stay as they are';
  static override args = {
    asset: Args.string({ description: 'asset id (or its first 6+ characters), hostname or external id', required: true }),
  };
  static override examples = ['<%= config.bin %> <%= command.id %> web-01.example.com --owner platform-team --criticality critical'];
  static override flags = assetFlags;
  static override flagForField = { ip_addresses: '--ip', asset_type: '--type', tags: '--tag' };

  async run(): Promise<Asset> {
    const { args } = await this.parse(AssetsUpdate);
    const client = this.client();
    const { id } = await resolveAsset(client, args.asset);
    const asset = await client.assets.update(id, assetFields(this.flags));
    this.notice(`Updated asset ${asset.id}`);
    return asset;
  }
}
