import { PageQuery, pageOf, Role, RoleCreate, RoleUpdate } from '@secai/core';
import type { Services } from '../../services/index.js';
import { type ApiRouter, IdParams } from '../api-router.js';

/** Roles. */
export function rolesRoutes(api: ApiRouter, services: Services): void {
  const { roles } = services;

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
}
