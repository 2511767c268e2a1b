import { Job, JobListQuery, pageOf } from '@secai/core';
import type { Services } from '../../services/index.js';
import { type ApiRouter, IdParams } from '../api-router.js';

/** Background jobs. Anyone signed in sees and steers their own jobs; jobs:read and jobs:write reach everyone's. */
export function jobsRoutes(api: ApiRouter, services: Services): void {
  api.route(
    {
      method: 'get',
      path: '/v1/jobs',
      tag: 'jobs',
      summary: 'list background jobs, newest first',
      description:
        "Every job with jobs:read; otherwise the caller's own. `state` takes several values (`state=queued&state=running`); `since` keeps jobs created at or after a time. A running job's `progress` here is the last one written (about every second); `GET /v1/jobs/{id}` has the latest.",
      permission: 'authenticated',
      query: JobListQuery,
      response: pageOf(Job),
    },
    ({ query, ctx }) => services.jobs.list(ctx, query),
  );
  api.route(
    {
      method: 'get',
      path: '/v1/jobs/:id',
      tag: 'jobs',
      summary: 'get one job, with its latest progress',
      description: "Another user's job is JOB_NOT_FOUND without jobs:read.",
      permission: 'authenticated',
      params: IdParams,
      response: Job,
    },
    ({ params, ctx }) => services.jobs.get(ctx, params.id),
  );
  api.route(
    {
      method: 'post',
      path: '/v1/jobs/:id/retry',
      tag: 'jobs',
      summary: 'queue a failed or cancelled job again',
      description:
        "The job starts over from its first attempt. A queued, running or succeeded job is JOB_NOT_RETRYABLE. Needs jobs:write for another user's job.",
      permission: 'authenticated',
      params: IdParams,
      response: Job,
    },
    ({ params, ctx }) => services.jobs.retry(ctx, params.id),
  );
  api.route(
    {
      method: 'post',
      path: '/v1/jobs/:id/cancel',
      tag: 'jobs',
      summary: 'cancel a queued or running job',
      description:
        "A queued job is cancelled at once; a running one is cancelled too and its handler is told to stop, wherever it runs. A finished job is JOB_NOT_CANCELLABLE. Needs jobs:write for another user's job.",
      permission: 'authenticated',
      params: IdParams,
      response: Job,
    },
    ({ params, ctx }) => services.jobs.cancel(ctx, params.id),
  );
}
