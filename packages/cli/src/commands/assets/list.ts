import { Flags } from '@oclif/core';
import { ASSET_SORT_FIELDS, EXPOSURES } from '@secai/core/constants';
import type { Asset, AssetListParams } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { assetColumns } from '../../lib/columns.js';
import { collect, csvList, listFlags, sortChoices } from '../../lib/list.js';

export default class AssetsList extends SecaiCommand<typeof AssetsList> {
  static override summary = 'list assets';
  static override examples = [
    {
      description: 'Internet-facing critical assets',
      command: '<%= config.bin %> <%= command.id %> --exposure internet --criticality critical',
    },
    { description: 'Every asset tagged pci, as CSV', command: '<%= config.bin %> <%= command.id %> --tag pci --all --csv' },
  ];
  static override flags = {
    ...listFlags,
    criticality: Flags.string({ summary: 'criticalities, comma-separated', helpValue: '<list>' }),
    exposure: Flags.option({ options: EXPOSURES, summary: 'exposure' })(),
    type: Flags.string({ summary: 'asset types, comma-separated', helpValue: '<list>' }),
    tag: Flags.string({ summary: 'tags, comma-separated (all must match)', helpValue: '<list>' }),
    owner: Flags.string({ summary: 'owner', helpValue: '<name>' }),
    search: Flags.string({ char: 'q', summary: 'text in hostname, external id, owner or addresses', helpValue: '<text>' }),
    sort: Flags.option({
      options: sortChoices(ASSET_SORT_FIELDS),
      summary: 'sort order',
      default: '-created_at',
    })(),
  };

  async run(): Promise<Asset[]> {
    const { flags } = this;
    const params: AssetListParams = {
      ...(flags.criticality && { criticality: csvList(flags.criticality) }),
      ...(flags.exposure && { exposure: flags.exposure }),
      ...(flags.type && { asset_type: csvList(flags.type) }),
      ...(flags.tag && { tag: csvList(flags.tag) }),
      ...(flags.owner && { owner: flags.owner }),
      ...(flags.search && { q: flags.search }),
      sort: flags.sort,
    };
    const client = this.client();
    const assets = await collect((limit) => client.assets.list({ ...params, limit }), flags);
    await this.printRows(assets, assetColumns, { csv: flags.csv, columns: flags.columns, empty: 'No assets match.' });
    return assets;
  }
}
