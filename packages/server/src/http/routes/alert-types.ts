import { AlertType, AlertTypeCreate, AlertTypeUpdate, PageQuery, pageOf } from '@secai/core';
import type { Services } from '../../services/index.js';
import { type ApiRouter, IdParams } from '../api-router.js';

/** Alert types. */
export function alertTypesRoutes(api: ApiRouter, services: Services): void {
  const { alertTypes } = services;

  api.route(
    {
      method: 'get',
      path: '/v1/alert-types',
      tag: 'alert-types',
      summary: 'list alert types',
      permission: 'alerts:read',
      query: PageQuery,
      response: pageOf(AlertType),
    },
    ({ query }) => alertTypes.list(query.limit, query.cursor),
  );
  api.route(
    {
      method: 'post',
      path: '/v1/alert-types',
      tag: 'alert-types',
      summary: 'create an alert type',
      permission: 'alerts:write',
      body: AlertTypeCreate,
      response: AlertType,
      status: 201,
    },
    ({ body, ctx }) => alertTypes.create(ctx, body),
  );
  api.route(
    {
      method: 'get',
      path: '/v1/alert-types/:id',
      tag: 'alert-types',
      summary: 'get an alert type',
      permission: 'alerts:read',
      params: IdParams,
      response: AlertType,
    },
    ({ params }) => alertTypes.get(params.id),
  );
  api.route(
    {
      method: 'patch',
      path: '/v1/alert-types/:id',
      tag: 'alert-types',
      summary: 'update an alert type',
      permission: 'alerts:write',
      params: IdParams,
      body: AlertTypeUpdate,
      response: AlertType,
    },
    ({ params, body, ctx }) => alertTypes.update(ctx, params.id, body),
  );
  api.route(
    {
      method: 'delete',
      path: '/v1/alert-types/:id',
      tag: 'alert-types',
      summary: 'delete an alert type',
      permission: 'alerts:write',
      params: IdParams,
      status: 204,
    },
    ({ params, ctx }) => alertTypes.delete(ctx, params.id),
  );
}
