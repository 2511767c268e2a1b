import { Flags } from '@oclif/core';
import { CRITICALITIES, EXPOSURES } from '@secai/core/constants';
import type { AssetCreateParams } from '@secai/sdk';

/** The asset fields as flags, shared by `assets create` and `assets update`. */
export const assetFlags = {
  hostname: Flags.string({ summary: 'host name', helpValue: '<name>' }),
  ip: Flags.string({ summary: 'IP address (repeat for several)', multiple: true, helpValue: '<address>' }),
  'external-id': Flags.string({ summary: 'id in your CMDB or inventory', helpValue: '<id>' }),
  os: Flags.string({ summary: 'operating system', helpValue: '<text>' }),
  type: Flags.string({ summary: 'asset type, e.g. server', helpValue: '<name>' }),
  owner: Flags.string({ summary: 'owning team or person', helpValue: '<name>' }),
  criticality: Flags.option({ options: CRITICALITIES, summary: 'business criticality' })(),
  exposure: Flags.option({ options: EXPOSURES, summary: 'reachable from the internet or not' })(),
  'business-value': Flags.integer({ summary: 'business value, 0 to 100', min: 0, max: 100, helpValue: '<n>' }),
  tag: Flags.string({ summary: 'tag (repeat for several)', multiple: true, helpValue: '<tag>' }),
};

type AssetFlagValues = {
  hostname?: string | undefined;
  ip?: string[] | undefined;
  'external-id'?: string | undefined;
  os?: string | undefined;
  type?: string | undefined;
  owner?: string | undefined;
  criticality?: AssetCreateParams['criticality'] | undefined;
  exposure?: AssetCreateParams['exposure'] | undefined;
  'business-value'?: number | undefined;
  tag?: string[] | undefined;
};

/** Only the flags given, as API fields. */
export function assetFields(flags: AssetFlagValues): AssetCreateParams {
  return {
    ...(flags.hostname !== undefined && { hostname: flags.hostname }),
    ...(flags.ip && { ip_addresses: flags.ip }),
    ...(flags['external-id'] !== undefined && { external_id: flags['external-id'] }),
    ...(flags.os !== undefined && { os: flags.os }),
    ...(flags.type !== undefined && { asset_type: flags.type }),
    ...(flags.owner !== undefined && { owner: flags.owner }),
    ...(flags.criticality && { criticality: flags.criticality }),
    ...(flags.exposure && { exposure: flags.exposure }),
    ...(flags['business-value'] !== undefined && { business_value: flags['business-value'] }),
    ...(flags.tag && { tags: flags.tag }),
  };
}
