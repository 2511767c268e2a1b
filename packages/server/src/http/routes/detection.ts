import {
  Alert,
  AlertComment,
  AlertCommentCreate,
  AlertCreate,
  AlertListQuery,
  AlertType,
  AlertTypeCreate,
  AlertTypeUpdate,
  AlertUpdate,
  PageQuery,
  pageOf,
  Vulnerability,
  VulnerabilityCreate,
  VulnerabilityListQuery,
  VulnerabilityUpdate,
} from '@secai/core';
import { withEntityTag } from '../../_lib/entity-tag.js';
import type { Services } from '../../services/index.js';
import { type ApiRouter, IdParams } from '../api-router.js';

/** Alerts (with their workflow and comments), alert types and vulnerabilities. */
export function detectionRoutes(api: ApiRouter, services: Services): void {
  const { alerts, alertTypes, vulnerabilities } = services;

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

  api.route(
    {
      method: 'get',
      path: '/v1/vulnerabilities',
      tag: 'vulnerabilities',
      summary: 'list vulnerabilities',
      permission: 'vulns:read',
      query: VulnerabilityListQuery,
      response: pageOf(Vulnerability),
    },
    ({ query }) => vulnerabilities.list(query),
  );
  api.route(
    {
      method: 'post',
      path: '/v1/vulnerabilities',
      tag: 'vulnerabilities',
      summary: 'record a vulnerability',
      permission: 'vulns:write',
      body: VulnerabilityCreate,
      response: Vulnerability,
      status: 201,
    },
    ({ body, ctx }) => vulnerabilities.create(ctx, body),
  );
  api.route(
    {
      method: 'get',
      path: '/v1/vulnerabilities/:id',
      tag: 'vulnerabilities',
      summary: 'get a vulnerability',
      permission: 'vulns:read',
      params: IdParams,
      response: Vulnerability,
    },
    async ({ params, req }) => withEntityTag(req, await vulnerabilities.get(params.id)),
  );
  api.route(
    {
      method: 'patch',
      path: '/v1/vulnerabilities/:id',
      tag: 'vulnerabilities',
      summary: 'update or triage a vulnerability',
      description:
        '`risk_accepted` needs a future `risk_accepted_until`. A `cvss_vector` without a `cvss_score` is scored (and sets the severity unless one is given). With `If-Match: <ETag of the GET>` the change applies only if the vulnerability is unchanged since, else 412 PRECONDITION_FAILED.',
      permission: 'vulns:write',
      params: IdParams,
      body: VulnerabilityUpdate,
      response: Vulnerability,
    },
    async ({ params, body, ctx, req }) => withEntityTag(req, await vulnerabilities.update(ctx, params.id, body, req.get('if-match'))),
  );
  api.route(
    {
      method: 'delete',
      path: '/v1/vulnerabilities/:id',
      tag: 'vulnerabilities',
      summary: 'delete a vulnerability',
      permission: 'vulns:write',
      params: IdParams,
      status: 204,
    },
    ({ params, ctx }) => vulnerabilities.delete(ctx, params.id),
  );
}
