import { ApiToken, ApiTokenCreate, ApiTokenCreated, ApiTokenListQuery, pageOf } from '@secai/core';
import type { Services } from '../../services/index.js';
import { type ApiRouter, IdParams } from '../api-router.js';

/** Personal API tokens. */
export function tokensRoutes(api: ApiRouter, services: Services): void {
  const { apiTokens } = services;

  api.route(
    {
      method: 'get',
      path: '/v1/tokens',
      tag: 'tokens',
      summary: 'list personal API tokens',
      permission: 'authenticated',
      query: ApiTokenListQuery,
      response: pageOf(ApiToken),
    },
    ({ query, ctx }) => apiTokens.list(ctx, query),
  );
  api.route(
    {
      method: 'post',
      path: '/v1/tokens',
      tag: 'tokens',
      summary: 'create a personal API token',
      description: 'The `token` field is shown this once. Without `permissions` the token has all of yours.',
      permission: 'authenticated',
      body: ApiTokenCreate,
      response: ApiTokenCreated,
      status: 201,
      secret: true,
    },
    ({ body, ctx }) => apiTokens.create(ctx, body),
  );
  api.route(
    {
      method: 'delete',
      path: '/v1/tokens/:id',
      tag: 'tokens',
      summary: 'revoke a personal API token',
      permission: 'authenticated',
      params: IdParams,
      status: 204,
    },
    ({ params, ctx }) => apiTokens.revoke(ctx, params.id),
  );
}
