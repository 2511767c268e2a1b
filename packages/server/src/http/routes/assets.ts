import { Asset, AssetBulkRequest, AssetBulkResult, AssetCreate, AssetListQuery, AssetUpdate, pageOf } from '@secai/core';
import { withEntityTag } from '../../_lib/entity-tag.js';
import type { Services } from '../../services/index.js';
import { type ApiRouter, IdParams } from '../api-router.js';

/** Assets. */
export function assetsRoutes(api: ApiRouter, services: Services): void {
  const { assets } = services;

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
}
