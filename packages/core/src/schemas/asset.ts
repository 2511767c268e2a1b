import { z } from 'zod';
import { ASSET_SORT_FIELDS, CRITICALITIES, EXPOSURES } from '../constants/asset.js';
import { Id, IdPrefix, listParam, PageQuery, sortParam, Tag, TimeRangeQuery, Timestamp } from './common.js';

export { ASSET_SORT_FIELDS, CRITICALITIES };
export const Criticality = z.enum(CRITICALITIES);
export type Criticality = z.infer<typeof Criticality>;

export const Exposure = z.enum(EXPOSURES);
export type Exposure = z.infer<typeof Exposure>;

// zod-to-openapi writes both branches as `format: ip`, a duplicated `anyOf` that generators
// collapse or reject; the JSON Schema formats keep the two apart.
const IpAddress = z.union([z.ipv4().meta({ format: 'ipv4' }), z.ipv6().meta({ format: 'ipv6' })]);
const Hostname = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-zA-Z0-9_]([a-zA-Z0-9_.-]*[a-zA-Z0-9_])?$/, 'not a valid hostname');

export const Asset = z
  .object({
    id: Id,
    external_id: z.string().nullable(),
    hostname: z.string().nullable(),
    ip_addresses: z.array(z.string()),
    os: z.string().nullable(),
    asset_type: z.string().nullable(),
    owner: z.string().nullable(),
    criticality: Criticality,
    exposure: Exposure,
    business_value: z.number().int().min(0).max(100).nullable(),
    tags: z.array(z.string()),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'Asset' });
export type Asset = z.infer<typeof Asset>;

const AssetFields = z.object({
  external_id: z.string().min(1).max(200).nullish(),
  hostname: Hostname.nullish(),
  ip_addresses: z.array(IpAddress).max(64).default([]),
  os: z.string().max(200).nullish(),
  asset_type: z.string().max(64).nullish(),
  owner: z.string().max(200).nullish(),
  criticality: Criticality.default('medium'),
  exposure: Exposure.default('internal'),
  business_value: z.number().int().min(0).max(100).nullish(),
  tags: z.array(Tag).max(64).default([]),
});

/** An asset needs something that identifies it: an external id, a hostname or an address. */
export const AssetCreate = AssetFields.refine((a) => Boolean(a.external_id || a.hostname || a.ip_addresses.length > 0), {
  message: 'an asset needs an external_id, a hostname or an ip address',
  path: ['hostname'],
});
export type AssetCreate = z.infer<typeof AssetCreate>;

export const AssetUpdate = z
  .object({
    external_id: z.string().min(1).max(200).nullable(),
    hostname: Hostname.nullable(),
    ip_addresses: z.array(IpAddress).max(64),
    os: z.string().max(200).nullable(),
    asset_type: z.string().max(64).nullable(),
    owner: z.string().max(200).nullable(),
    criticality: Criticality,
    exposure: Exposure,
    business_value: z.number().int().min(0).max(100).nullable(),
    tags: z.array(Tag).max(64),
  })
  .partial();
export type AssetUpdate = z.infer<typeof AssetUpdate>;

export const ASSET_BULK_MAX = 10_000;

/** Items are checked one by one so a bad row fails alone; see AssetBulkResult.failed. */
export const AssetBulkRequest = z.object({ items: z.array(z.unknown()).min(1).max(ASSET_BULK_MAX) });

export const AssetBulkResult = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  failed: z.array(z.object({ index: z.number().int(), error: z.string(), code: z.string() })),
});
export type AssetBulkResult = z.infer<typeof AssetBulkResult>;

/** Filters shared by asset lists and saved-filter asset groups. */
export const AssetFilter = z.object({
  criticality: listParam(Criticality),
  exposure: Exposure.optional(),
  asset_type: listParam(z.string()),
  tag: listParam(Tag),
  owner: z.string().max(200).optional(),
  os: z.string().max(200).optional(),
  q: z.string().max(200).optional(),
});
export type AssetFilter = z.infer<typeof AssetFilter>;

export const AssetListQuery = PageQuery.extend(AssetFilter.shape)
  .extend(TimeRangeQuery.shape)
  .extend({
    sort: sortParam(ASSET_SORT_FIELDS, '-created_at'),
    /** Exact matches (hostname ignores case), so a name resolves to its asset in one query. */
    hostname: z.string().max(253).optional(),
    external_id: z.string().max(200).optional(),
    id_prefix: IdPrefix.optional(),
    /** These assets (comma-separated), e.g. to name the assets a page of alerts points at. */
    id: listParam(Id),
  });
export type AssetListQuery = z.infer<typeof AssetListQuery>;

export const AssetType = z
  .object({
    id: Id,
    name: z.string(),
    description: z.string().nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'AssetType' });
export type AssetType = z.infer<typeof AssetType>;

export const AssetTypeCreate = z.object({
  name: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'asset type names are lowercase letters, digits, - and _'),
  description: z.string().max(500).nullish(),
});
export type AssetTypeCreate = z.infer<typeof AssetTypeCreate>;
export const AssetTypeUpdate = AssetTypeCreate.partial();
export type AssetTypeUpdate = z.infer<typeof AssetTypeUpdate>;

/** Saved filters store the filter part only, in the same shape as the list query. */
export const SavedAssetFilter = z.object({
  criticality: z.array(Criticality).optional(),
  exposure: Exposure.optional(),
  asset_type: z.array(z.string()).optional(),
  tag: z.array(Tag).optional(),
  owner: z.string().max(200).optional(),
  os: z.string().max(200).optional(),
  q: z.string().max(200).optional(),
});
export type SavedAssetFilter = z.infer<typeof SavedAssetFilter>;

export const AssetGroup = z
  .object({
    id: Id,
    name: z.string(),
    description: z.string().nullable(),
    kind: z.enum(['static', 'dynamic']),
    filter: SavedAssetFilter.nullable(),
    member_count: z.number().int(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'AssetGroup' });
export type AssetGroup = z.infer<typeof AssetGroup>;

export const AssetGroupCreate = z
  .object({
    name: z.string().min(1).max(128),
    description: z.string().max(500).nullish(),
    asset_ids: z.array(Id).max(ASSET_BULK_MAX).optional(),
    filter: SavedAssetFilter.optional(),
  })
  .refine((g) => !(g.asset_ids && g.filter), {
    message: 'a group has static members (asset_ids) or a saved filter, not both',
    path: ['filter'],
  });
export type AssetGroupCreate = z.infer<typeof AssetGroupCreate>;

export const AssetGroupUpdate = z
  .object({
    name: z.string().min(1).max(128),
    description: z.string().max(500).nullable(),
    filter: SavedAssetFilter,
    add_asset_ids: z.array(Id).max(ASSET_BULK_MAX),
    remove_asset_ids: z.array(Id).max(ASSET_BULK_MAX),
  })
  .partial();
export type AssetGroupUpdate = z.infer<typeof AssetGroupUpdate>;

export const AssetGroupListQuery = PageQuery.extend({
  q: z.string().max(200).optional(),
  /** The group with exactly this name. */
  name: z.string().max(128).optional(),
  id_prefix: IdPrefix.optional(),
});
export type AssetGroupListQuery = z.infer<typeof AssetGroupListQuery>;
