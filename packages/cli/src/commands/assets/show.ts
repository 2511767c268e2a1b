import { Args } from '@oclif/core';
import type { Asset } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { formatTime } from '../../lib/output.js';
import { resolveAsset } from '../../lib/resolve.js';

export default class AssetsShow extends SecaiCommand<typeof AssetsShow> {
  static override summary = 'show one asset';
  static override args = {
    asset: Args.string({ description: 'asset id (or its first 6+ characters), hostname or external id', required: true }),
  };
  static override examples = ['<%= config.bin %> <%= command.id %> web-01.example.com', '<%= config.bin %> <%= command.id %> 3f2a9c1d'];

  async run(): Promise<Asset> {
    const { args } = await this.parse(AssetsShow);
    const [asset] = await Promise.all([resolveAsset(this.client(), args.asset), this.settings()]);
    if (!this.jsonEnabled()) {
      for (const [key, value] of Object.entries(asset))
        this.log(
          `${`${key}:`.padEnd(16)}${Array.isArray(value) ? value.join(', ') : key.endsWith('_at') && typeof value === 'string' ? formatTime(value) : (value ?? '-')}`,
        );
    }
    return asset;
  }
}
