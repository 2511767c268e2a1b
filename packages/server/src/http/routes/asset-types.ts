import { AssetType, AssetTypeCreate, AssetTypeUpdate, PageQuery, pageOf } from '@secai/core';
import type { Services } from '../../services/index.js';
import { type ApiRouter, IdParams } from '../api-router.js';

/** Asset types. */
export function assetTypesRoutes(api: ApiRouter, services: Services): void {
  const { assetTypes } = services;

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
