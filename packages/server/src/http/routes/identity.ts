import {
  ApiToken,
  ApiTokenCreate,
  ApiTokenCreated,
  ApiTokenListQuery,
  PageQuery,
  pageOf,
  Role,
  RoleCreate,
  RoleUpdate,
  Session,
  SessionListQuery,
  User,
  UserCreate,
  UserListQuery,
  UserUpdate,
} from '@secai/core';
import type { Services } from '../../services/index.js';
import { type ApiRouter, IdParams } from '../api-router.js';

/** Users, roles, login sessions and personal API tokens. */
export function identityRoutes(api: ApiRouter, services: Services): void {
  const { users, roles, sessions, apiTokens } = services;

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

  api.route(
    {
      method: 'get',
      path: '/v1/roles',
      tag: 'roles',
      summary: 'list roles',
      permission: 'roles:read',
      query: PageQuery,
      response: pageOf(Role),
    },
    ({ query }) => roles.list(query.limit, query.cursor),
  );
  api.route(
    {
      method: 'post',
      path: '/v1/roles',
      tag: 'roles',
      summary: 'create a custom role',
      permission: 'roles:write',
      body: RoleCreate,
      response: Role,
      status: 201,
    },
    ({ body, ctx }) => roles.create(ctx, body),
  );
  api.route(
    {
      method: 'get',
      path: '/v1/roles/:id',
      tag: 'roles',
      summary: 'get a role',
      permission: 'roles:read',
      params: IdParams,
      response: Role,
    },
    ({ params }) => roles.get(params.id),
  );
  api.route(
    {
      method: 'patch',
      path: '/v1/roles/:id',
      tag: 'roles',
      summary: 'update a custom role',
      permission: 'roles:write',
      params: IdParams,
      body: RoleUpdate,
      response: Role,
    },
    ({ params, body, ctx }) => roles.update(ctx, params.id, body),
  );
  api.route(
    {
      method: 'delete',
      path: '/v1/roles/:id',
      tag: 'roles',
      summary: 'delete a custom role',
      permission: 'roles:write',
      params: IdParams,
      status: 204,
    },
    ({ params, ctx }) => roles.delete(ctx, params.id),
  );

  api.route(
    {
      method: 'get',
      path: '/v1/sessions',
      tag: 'sessions',
      summary: 'list login sessions',
      description: "Your own; another user's with `user_id` and sessions:read.",
      permission: 'authenticated',
      query: SessionListQuery,
      response: pageOf(Session),
    },
    ({ query, ctx }) => sessions.list(ctx, query),
  );
  api.route(
    {
      method: 'delete',
      path: '/v1/sessions/:id',
      tag: 'sessions',
      summary: 'revoke a session',
      description: "Your own; anyone's with sessions:write.",
      permission: 'authenticated',
      params: IdParams,
      status: 204,
    },
    ({ params, ctx }) => sessions.revoke(ctx, params.id),
  );

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
