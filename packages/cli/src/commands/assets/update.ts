import { Args } from '@oclif/core';
import type { Asset } from '@secai/sdk';
import { assetFields, assetFlags } from '../../lib/asset-flags.js';
import { SecaiCommand } from '../../lib/base-command.js';

export default class AssetsUpdate extends SecaiCommand<typeof AssetsUpdate> {
  static override summary = 'change an asset; fields not given stay as they are';
  static override args = { id: Args.string({ description: 'asset id', required: true }) };
  static override examples = ['<%= config.bin %> <%= command.id %> 3f2a… --owner platform-team --criticality critical'];
  static override flags = assetFlags;

  async run(): Promise<Asset> {
    const { args } = await this.parse(AssetsUpdate);
    const asset = await this.client().assets.update(args.id, assetFields(this.flags));
    this.notice(`Updated asset ${asset.id}`);
    return asset;
  }
}
