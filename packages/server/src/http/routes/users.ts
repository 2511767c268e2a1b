import { pageOf, User, UserCreate, UserListQuery, UserUpdate } from '@secai/core';
import type { Services } from '../../services/index.js';
import { type ApiRouter, IdParams } from '../api-router.js';

/** Users. */
export function usersRoutes(api: ApiRouter, services: Services): void {
  const { users } = services;

  api.route(
    {
      method: 'get',
      path: '/v1/users',
      tag: 'users',
      summary: 'list users',
      permission: 'users:read',
      query: UserListQuery,
      response: pageOf(User),
    },
    ({ query }) => users.list(query),
  );
  api.route(
    {
      method: 'post',
      path: '/v1/users',
      tag: 'users',
      summary: 'create a user',
      permission: 'users:write',
      body: UserCreate,
      response: User,
      status: 201,
    },
    ({ body, ctx }) => users.create(ctx, body),
  );
  api.route(
    {
      method: 'get',
      path: '/v1/users/:id',
      tag: 'users',
      summary: 'get a user',
      permission: 'users:read',
      params: IdParams,
      response: User,
    },
    ({ params }) => users.get(params.id),
  );
  api.route(
    {
      method: 'patch',
      path: '/v1/users/:id',
      tag: 'users',
      summary: 'update a user',
      description: "A new password or disabling ends all of the user's sessions.",
      permission: 'users:write',
      params: IdParams,
      body: UserUpdate,
      response: User,
    },
    ({ params, body, ctx }) => users.update(ctx, params.id, body),
  );
  api.route(
    {
      method: 'delete',
      path: '/v1/users/:id',
      tag: 'users',
      summary: 'delete a user',
      permission: 'users:write',
      params: IdParams,
      status: 204,
    },
    ({ params, ctx }) => users.delete(ctx, params.id),
  );
}
