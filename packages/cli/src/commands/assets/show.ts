import { Args } from '@oclif/core';
import type { Asset } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';

export default class AssetsShow extends SecaiCommand<typeof AssetsShow> {
  static override summary = 'show one asset';
  static override args = { id: Args.string({ description: 'asset id', required: true }) };
  static override examples = ['<%= config.bin %> <%= command.id %> 3f2a…'];

  async run(): Promise<Asset> {
    const { args } = await this.parse(AssetsShow);
    const asset = await this.client().assets.get(args.id);
    if (!this.jsonEnabled()) {
      for (const [key, value] of Object.entries(asset))
        this.log(`${`${key}:`.padEnd(16)}${Array.isArray(value) ? value.join(', ') : (value ?? '-')}`);
    }
    return asset;
  }
}
