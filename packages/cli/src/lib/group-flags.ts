import { Flags } from '@oclif/core';
import { CRITICALITIES, EXPOSURES } from '@secai/core/constants';
import type { AssetGroup } from '@secai/sdk';

/** A dynamic group's saved filter, as flags: the same filters as `secai assets list`. */
export const groupFilterFlags = {
  'match-tag': Flags.string({ summary: 'saved filter: assets with this tag (repeat: all must match)', multiple: true, helpValue: '<tag>' }),
  'match-criticality': Flags.option({
    options: CRITICALITIES,
    summary: 'saved filter: assets of this criticality (repeat for several)',
    multiple: true,
  })(),
  'match-exposure': Flags.option({ options: EXPOSURES, summary: 'saved filter: assets with this exposure' })(),
  'match-type': Flags.string({ summary: 'saved filter: assets of this type (repeat for several)', multiple: true, helpValue: '<type>' }),
  'match-owner': Flags.string({ summary: 'saved filter: assets of this owner', helpValue: '<name>' }),
  'match-search': Flags.string({ summary: 'saved filter: text in hostname, external id, owner or addresses', helpValue: '<text>' }),
};

type FilterFlags = {
  'match-tag'?: string[] | undefined;
  'match-criticality'?: (typeof CRITICALITIES)[number][] | undefined;
  'match-exposure'?: (typeof EXPOSURES)[number] | undefined;
  'match-type'?: string[] | undefined;
  'match-owner'?: string | undefined;
  'match-search'?: string | undefined;
};

/** The saved filter the flags describe, or undefined when none was given. */
export function groupFilter(flags: FilterFlags): NonNullable<AssetGroup['filter']> | undefined {
  const filter = {
    ...(flags['match-tag'] && { tag: flags['match-tag'] }),
    ...(flags['match-criticality'] && { criticality: flags['match-criticality'] }),
    ...(flags['match-exposure'] && { exposure: flags['match-exposure'] }),
    ...(flags['match-type'] && { asset_type: flags['match-type'] }),
    ...(flags['match-owner'] && { owner: flags['match-owner'] }),
    ...(flags['match-search'] && { q: flags['match-search'] }),
  };
  return Object.keys(filter).length > 0 ? filter : undefined;
}

/** API field of the saved filter → its flag, for error messages. */
export const groupFlagForField = {
  filter: '--match-…',
  asset_ids: '--asset',
  add_asset_ids: '--add',
  remove_asset_ids: '--remove',
};
