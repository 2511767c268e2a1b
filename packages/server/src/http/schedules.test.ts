import * as assert from 'uvu/assert';
import { forEachDatabase } from '../_test/harness.js';
import { BUILT_IN_SCHEDULES } from '../schedules/built-in.js';

forEachDatabase('api: schedules', (test, server) => {
  let analyst = '';
  let viewer = '';

  test('lists the built-in schedules, seeded at start, to holders of schedules:read', async () => {
    const s = server();
    analyst = await s.userToken('sched-analyst', ['analyst']);
    viewer = await s.userToken('sched-viewer', ['viewer']);
    const res = await s.call('GET', '/v1/schedules', { token: analyst });
    assert.is(res.status, 200);
    assert.is(res.body.next_cursor, null);
    assert.equal(
      res.body.data.map((x: { id: string }) => x.id),
      BUILT_IN_SCHEDULES.map((x) => x.id).sort(),
    );
    const audit = res.body.data.find((x: { id: string }) => x.id === 'audit-retention');
    assert.is(audit.cron, '0 3 * * *');
    assert.is(audit.timezone, 'UTC');
    assert.is(audit.enabled, true);
    assert.match(audit.next_run_at, /T03:00:00\.000Z$/);
    assert.ok(audit.description.length > 0);

    const refused = await s.call('GET', '/v1/schedules', { token: viewer });
    assert.is(refused.status, 403);
    assert.is(refused.body.code, 'PERMISSION_DENIED');
  });

  test('an unknown schedule is 404 SCHEDULE_NOT_FOUND', async () => {
    const s = server();
    for (const [method, path, body] of [
      ['GET', '/v1/schedules/no-such-task', undefined],
      ['PATCH', '/v1/schedules/no-such-task', { enabled: false }],
      ['POST', '/v1/schedules/no-such-task/run', undefined],
    ] as const) {
      const res = await s.call(method, path, { token: s.adminToken, ...(body && { body }) });
      assert.is(res.status, 404, `${method} ${path}`);
      assert.is(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.is(res.body.code, 'SCHEDULE_NOT_FOUND');
    }
  });

  test('a bad cron or time zone is 400 CRON_INVALID naming the field, and changes nothing', async () => {
    const s = server();
    for (const [body, field] of [
      [{ cron: 'every day' }, 'cron'],
      [{ cron: '0 25 * * *' }, 'cron'],
      [{ timezone: 'Europe/Atlantis' }, 'timezone'],
    ] as const) {
      const res = await s.call('PATCH', '/v1/schedules/audit-retention', { token: s.adminToken, body });
      assert.is(res.status, 400, JSON.stringify(body));
      assert.is(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.is(res.body.code, 'CRON_INVALID');
      assert.equal(res.body.issues[0].path, [field]);
    }
    const res = await s.call('GET', '/v1/schedules/audit-retention', { token: s.adminToken });
    assert.is(res.body.cron, '0 3 * * *');
    assert.is(res.body.timezone, 'UTC');
  });

  test('PATCH reschedules and disables, audited; analysts may not', async () => {
    const s = server();
    const refused = await s.call('PATCH', '/v1/schedules/trend-snapshot', { token: analyst, body: { enabled: false } });
    assert.is(refused.status, 403);

    const res = await s.call('PATCH', '/v1/schedules/trend-snapshot', {
      token: s.adminToken,
      body: { cron: '0 6 * * 1', timezone: 'Europe/Amsterdam' },
    });
    assert.is(res.status, 200);
    assert.is(res.body.cron, '0 6 * * 1');
    assert.is(res.body.timezone, 'Europe/Amsterdam');
    const next = new Date(res.body.next_run_at);
    assert.is(next.getUTCDay(), 1, 'a Monday');
    assert.ok([4, 5].includes(next.getUTCHours()), '06:00 in Amsterdam');

    const disabled = await s.call('PATCH', '/v1/schedules/trend-snapshot', { token: s.adminToken, body: { enabled: false } });
    assert.is(disabled.body.enabled, false);
    assert.is(disabled.body.next_run_at, null);

    const audit = await s.call('GET', '/v1/audit?action=schedule.update&target_id=trend-snapshot', { token: s.adminToken });
    assert.is(audit.body.data.length, 2);
    assert.equal(audit.body.data[0].details.changed, ['enabled']);
    assert.equal(audit.body.data[1].details.to, { cron: '0 6 * * 1', timezone: 'Europe/Amsterdam' });

    const unknownField = await s.call('PATCH', '/v1/schedules/trend-snapshot', { token: s.adminToken, body: { last_tick: null } });
    assert.is(unknownField.status, 400);
  });

  test('a restart keeps what an operator changed (seeding adds only missing schedules)', async () => {
    const s = server();
    await s.services.schedules.seed();
    const res = await s.call('GET', '/v1/schedules/trend-snapshot', { token: s.adminToken });
    assert.is(res.body.cron, '0 6 * * 1');
    assert.is(res.body.enabled, false);
  });

  test('run starts a run now, even when disabled, and answers 202 with its job', async () => {
    const s = server();
    const res = await s.call('POST', '/v1/schedules/trend-snapshot/run', { token: s.adminToken });
    assert.is(res.status, 202);
    assert.is(res.body.name, 'trend-snapshot');
    assert.is(res.headers.get('location'), `/v1/jobs/${res.body.id}`);
    // The run is a job that the server's workers take up: wait for it to finish.
    let job = res.body;
    for (let i = 0; i < 200 && (job.state === 'queued' || job.state === 'running'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      job = (await s.call('GET', `/v1/jobs/${res.body.id}`, { token: s.adminToken })).body;
    }
    assert.is(job.state, 'succeeded', JSON.stringify(job));
    const after = await s.call('GET', '/v1/schedules/trend-snapshot', { token: s.adminToken });
    assert.is(after.body.last_job_id, res.body.id);
    assert.is(after.body.last_outcome, 'succeeded');
    assert.ok(after.body.last_run_at);
    const day = new Date().toISOString().slice(0, 10);
    const rows = await s.services.deps.repos.trendSnapshots.listDay(s.db, day);
    assert.is(rows.length, 10);

    const refused = await s.call('POST', '/v1/schedules/trend-snapshot/run', { token: analyst });
    assert.is(refused.status, 403);
  });
});
