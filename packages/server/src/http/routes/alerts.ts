import { Alert, AlertComment, AlertCommentCreate, AlertCreate, AlertListQuery, AlertUpdate, PageQuery, pageOf } from '@secai/core';
import { withEntityTag } from '../../_lib/entity-tag.js';
import type { Services } from '../../services/index.js';
import { type ApiRouter, IdParams } from '../api-router.js';

/** Alerts, with their workflow and comments. */
export function alertsRoutes(api: ApiRouter, services: Services): void {
  const { alerts } = services;

  api.route(
    {
      method: 'get',
      path: '/v1/alerts',
      tag: 'alerts',
      summary: 'list alerts',
      description: 'Newest first by default. `sort=-severity` puts the most severe first; `assignee_id=none` lists unassigned alerts.',
      permission: 'alerts:read',
      query: AlertListQuery,
      response: pageOf(Alert),
      cachedWhile: () => alerts.listVersion(),
    },
    ({ query }) => alerts.list(query),
  );
  api.route(
    {
      method: 'post',
      path: '/v1/alerts',
      tag: 'alerts',
      summary: 'create an alert',
      permission: 'alerts:write',
      body: AlertCreate,
      response: Alert,
      status: 201,
    },
    ({ body, ctx }) => alerts.create(ctx, body),
  );
  api.route(
    {
      method: 'get',
      path: '/v1/alerts/:id',
      tag: 'alerts',
      summary: 'get an alert',
      permission: 'alerts:read',
      params: IdParams,
      response: Alert,
    },
    async ({ params, req }) => withEntityTag(req, await alerts.get(params.id)),
  );
  api.route(
    {
      method: 'patch',
      path: '/v1/alerts/:id',
      tag: 'alerts',
      summary: 'update, assign or move an alert through its workflow',
      description:
        'Status moves: new → acknowledged | investigating | resolved | false_positive; acknowledged ⇄ investigating; either → resolved | false_positive; a closed alert reopens to acknowledged. Other moves answer 409 ALERT_TRANSITION_INVALID. `comment` adds a comment in the same change. With `If-Match: <ETag of the GET>` the change applies only if the alert is unchanged since, else 412 PRECONDITION_FAILED.',
      permission: 'alerts:write',
      params: IdParams,
      body: AlertUpdate,
      response: Alert,
    },
    async ({ params, body, ctx, req }) => withEntityTag(req, await alerts.update(ctx, params.id, body, req.get('if-match'))),
  );
  api.route(
    {
      method: 'delete',
      path: '/v1/alerts/:id',
      tag: 'alerts',
      summary: 'delete an alert',
      permission: 'alerts:write',
      params: IdParams,
      status: 204,
    },
    ({ params, ctx }) => alerts.delete(ctx, params.id),
  );
  api.route(
    {
      method: 'get',
      path: '/v1/alerts/:id/comments',
      tag: 'alerts',
      summary: "list an alert's comments, oldest first",
      permission: 'alerts:read',
      params: IdParams,
      query: PageQuery,
      response: pageOf(AlertComment),
    },
    ({ params, query }) => alerts.comments(params.id, query.limit, query.cursor),
  );
  api.route(
    {
      method: 'post',
      path: '/v1/alerts/:id/comments',
      tag: 'alerts',
      summary: 'comment on an alert',
      permission: 'alerts:write',
      params: IdParams,
      body: AlertCommentCreate,
      response: AlertComment,
      status: 201,
    },
    ({ params, body, ctx }) => alerts.addComment(ctx, params.id, body.body),
  );
}
