import { pageOf, Session, SessionListQuery } from '@secai/core';
import type { Services } from '../../services/index.js';
import { type ApiRouter, IdParams } from '../api-router.js';

/** Login sessions. */
export function sessionsRoutes(api: ApiRouter, services: Services): void {
  const { sessions } = services;

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
}
