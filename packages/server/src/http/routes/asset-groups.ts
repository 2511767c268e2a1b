import { Asset, AssetGroup, AssetGroupCreate, AssetGroupListQuery, AssetGroupUpdate, PageQuery, pageOf } from '@secai/core';
import { withEntityTag } from '../../_lib/entity-tag.js';
import type { Services } from '../../services/index.js';
import { type ApiRouter, IdParams } from '../api-router.js';

/** Asset groups and their members. */
export function assetGroupsRoutes(api: ApiRouter, services: Services): void {
  const { assetGroups } = services;

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
}
