import { pageOf, Vulnerability, VulnerabilityCreate, VulnerabilityListQuery, VulnerabilityUpdate } from '@secai/core';
import { withEntityTag } from '../../_lib/entity-tag.js';
import type { Services } from '../../services/index.js';
import { type ApiRouter, IdParams } from '../api-router.js';

/** Vulnerabilities. */
export function vulnerabilitiesRoutes(api: ApiRouter, services: Services): void {
  const { vulnerabilities } = services;

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
