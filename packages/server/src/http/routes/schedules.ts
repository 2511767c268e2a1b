import { Job, pageOf, Schedule, ScheduleUpdate } from '@secai/core';
import type { Services } from '../../services/index.js';
import { type ApiRouter, IdParams } from '../api-router.js';

/** The server's recurring tasks: list, change (enable, cron, time zone), run now. */
export function schedulesRoutes(api: ApiRouter, services: Services): void {
  const { schedules } = services;

  api.route(
    {
      method: 'get',
      path: '/v1/schedules',
      tag: 'schedules',
      summary: 'list schedules',
      description: 'Every schedule, by id; there are few, so one page (`next_cursor` is always null).',
      permission: 'schedules:read',
      response: pageOf(Schedule),
    },
    async () => ({ data: await schedules.list(), next_cursor: null }),
  );
  api.route(
    {
      method: 'get',
      path: '/v1/schedules/:id',
      tag: 'schedules',
      summary: 'get a schedule',
      permission: 'schedules:read',
      params: IdParams,
      response: Schedule,
    },
    ({ params }) => schedules.get(params.id),
  );
  api.route(
    {
      method: 'patch',
      path: '/v1/schedules/:id',
      tag: 'schedules',
      summary: 'enable, disable or reschedule a schedule',
      description:
        '`cron` has five fields (minute first) or six (seconds first), read in `timezone` (IANA, e.g. `Europe/Amsterdam`); an invalid one answers 400 CRON_INVALID. A changed schedule counts its ticks from the change.',
      permission: 'schedules:write',
      params: IdParams,
      body: ScheduleUpdate,
      response: Schedule,
    },
    ({ params, body, ctx }) => schedules.update(ctx, params.id, body),
  );
  api.route(
    {
      method: 'post',
      path: '/v1/schedules/:id/run',
      tag: 'schedules',
      summary: 'run a schedule now',
      description:
        'Starts a run as a job, enabled or not, and answers with the job (`Location: /v1/jobs/{id}`); its cron ticks go on as before.',
      permission: 'schedules:write',
      params: IdParams,
      response: Job,
      status: 202,
    },
    async ({ params, ctx, req }) => {
      const job = await schedules.runNow(ctx, params.id);
      req.res?.setHeader('Location', `/v1/jobs/${encodeURIComponent(job.id)}`);
      return job;
    },
  );
}
