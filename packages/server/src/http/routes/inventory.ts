import {
  Asset,
  AssetBulkRequest,
  AssetBulkResult,
  AssetCreate,
  AssetGroup,
  AssetGroupCreate,
  AssetGroupListQuery,
  AssetGroupUpdate,
  AssetListQuery,
  AssetType,
  AssetTypeCreate,
  AssetTypeUpdate,
  AssetUpdate,
  PageQuery,
  pageOf,
} from '@secai/core';
import { withEntityTag } from '../../_lib/entity-tag.js';
import type { Services } from '../../services/index.js';
import { type ApiRouter, IdParams } from '../api-router.js';

/** Assets, asset groups and asset types. */
export function inventoryRoutes(api: ApiRouter, services: Services): void {
  const { assets, assetGroups, assetTypes } = services;

  api.route(
    {
      method: 'get',
      path: '/v1/assets',
      tag: 'assets',
      summary: 'list assets',
      description:
        'Filters combine with AND; list values (criticality, tag, asset_type) accept commas or repeats. `tag` requires every tag given.',
      permission: 'assets:read',
      query: AssetListQuery,
      response: pageOf(Asset),
    },
    ({ query }) => assets.list(query),
  );
  api.route(
    {
      method: 'post',
      path: '/v1/assets',
      tag: 'assets',
      summary: 'create an asset',
      permission: 'assets:write',
      body: AssetCreate,
      response: Asset,
      status: 201,
    },
    ({ body, ctx }) => assets.create(ctx, body),
  );
  api.route(
    {
      method: 'post',
      path: '/v1/assets/bulk',
      tag: 'assets',
      summary: 'create or update up to 10,000 assets',
      description:
        'Idempotent: items match existing assets by external_id, else hostname, else first IP address. Invalid items are reported in `failed` by index; the others are saved.',
      permission: 'assets:write',
      body: AssetBulkRequest,
      response: AssetBulkResult,
    },
    ({ body, ctx }) => assets.bulkUpsert(ctx, body.items),
  );
  api.route(
    {
      method: 'get',
      path: '/v1/assets/:id',
      tag: 'assets',
      summary: 'get an asset',
      permission: 'assets:read',
      params: IdParams,
      response: Asset,
    },
    async ({ params, req }) => withEntityTag(req, await assets.get(params.id)),
  );
  api.route(
    {
      method: 'patch',
      path: '/v1/assets/:id',
      tag: 'assets',
      summary: 'update an asset',
      description:
        'With `If-Match: <ETag of the GET>` the change applies only if the asset is unchanged since, else 412 PRECONDITION_FAILED.',
      permission: 'assets:write',
      params: IdParams,
      body: AssetUpdate,
      response: Asset,
    },
    async ({ params, body, ctx, req }) => withEntityTag(req, await assets.update(ctx, params.id, body, req.get('if-match'))),
  );
  api.route(
    {
      method: 'delete',
      path: '/v1/assets/:id',
      tag: 'assets',
      summary: 'delete an asset',
      permission: 'assets:write',
      params: IdParams,
      status: 204,
    },
    ({ params, ctx }) => assets.delete(ctx, params.id),
  );

  api.route(
    {
      method: 'get',
      path: '/v1/asset-groups',
      tag: 'asset-groups',
      summary: 'list asset groups',
      permission: 'assets:read',
      query: AssetGroupListQuery,
      response: pageOf(AssetGroup),
    },
    ({ query }) => assetGroups.list(query),
  );
  api.route(
    {
      method: 'post',
      path: '/v1/asset-groups',
      tag: 'asset-groups',
      summary: 'create an asset group',
      description: 'Static with `asset_ids`, or dynamic with a saved `filter` (the asset list filters).',
      permission: 'assets:write',
      body: AssetGroupCreate,
      response: AssetGroup,
      status: 201,
    },
    ({ body, ctx }) => assetGroups.create(ctx, body),
  );
  api.route(
    {
      method: 'get',
      path: '/v1/asset-groups/:id',
      tag: 'asset-groups',
      summary: 'get an asset group',
      permission: 'assets:read',
      params: IdParams,
      response: AssetGroup,
    },
    async ({ params, req }) => withEntityTag(req, await assetGroups.get(params.id)),
  );
  api.route(
    {
      method: 'get',
      path: '/v1/asset-groups/:id/members',
      tag: 'asset-groups',
      summary: 'list the assets in a group, resolved now',
      permission: 'assets:read',
      params: IdParams,
      query: PageQuery,
      response: pageOf(Asset),
    },
    ({ params, query }) => assetGroups.members(params.id, query.limit, query.cursor),
  );
  api.route(
    {
      method: 'patch',
      path: '/v1/asset-groups/:id',
      tag: 'asset-groups',
      summary: 'update an asset group or its members',
      description:
        'With `If-Match: <ETag of the GET>` the change applies only if the group is unchanged since, else 412 PRECONDITION_FAILED.',
      permission: 'assets:write',
      params: IdParams,
      body: AssetGroupUpdate,
      response: AssetGroup,
    },
    async ({ params, body, ctx, req }) => withEntityTag(req, await assetGroups.update(ctx, params.id, body, req.get('if-match'))),
  );
  api.route(
    {
      method: 'delete',
      path: '/v1/asset-groups/:id',
      tag: 'asset-groups',
      summary: 'delete an asset group',
      permission: 'assets:write',
      params: IdParams,
      status: 204,
    },
    ({ params, ctx }) => assetGroups.delete(ctx, params.id),
  );

  api.route(
    {
      method: 'get',
      path: '/v1/asset-types',
      tag: 'asset-types',
      summary: 'list asset types',
      permission: 'assets:read',
      query: PageQuery,
      response: pageOf(AssetType),
    },
    ({ query }) => assetTypes.list(query.limit, query.cursor),
  );
  api.route(
    {
      method: 'post',
      path: '/v1/asset-types',
      tag: 'asset-types',
      summary: 'create an asset type',
      permission: 'assets:write',
      body: AssetTypeCreate,
      response: AssetType,
      status: 201,
    },
    ({ body, ctx }) => assetTypes.create(ctx, body),
  );
  api.route(
    {
      method: 'get',
      path: '/v1/asset-types/:id',
      tag: 'asset-types',
      summary: 'get an asset type',
      permission: 'assets:read',
      params: IdParams,
      response: AssetType,
    },
    ({ params }) => assetTypes.get(params.id),
  );
  api.route(
    {
      method: 'patch',
      path: '/v1/asset-types/:id',
      tag: 'asset-types',
      summary: 'update an asset type',
      permission: 'assets:write',
      params: IdParams,
      body: AssetTypeUpdate,
      response: AssetType,
    },
    ({ params, body, ctx }) => assetTypes.update(ctx, params.id, body),
  );
  api.route(
    {
      method: 'delete',
      path: '/v1/asset-types/:id',
      tag: 'asset-types',
      summary: 'delete an asset type',
      permission: 'assets:write',
      params: IdParams,
      status: 204,
    },
    ({ params, ctx }) => assetTypes.delete(ctx, params.id),
  );
}
