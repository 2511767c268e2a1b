import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fakeFetch, json, problem } from '../_test/fake-fetch.js';
import { ValidationError } from '../errors.js';
import { Secai } from '../index.js';

test('schedules: list, update and run call their routes', async () => {
  const f = fakeFetch(
    () => json(200, { data: [{ id: 'audit-retention' }], next_cursor: null }),
    () => json(200, { id: 'audit-retention', enabled: false }),
    () => json(202, { id: 'job-1', name: 'audit-retention', state: 'queued' }),
  );
  const client = new Secai({ baseUrl: 'http://api.test', token: 't', fetch: f.fetch });
  const page = await client.schedules.list();
  assert.equal(
    page.data.map((s) => s.id),
    ['audit-retention'],
  );
  assert.is((await client.schedules.update('audit-retention', { enabled: false })).enabled, false);
  assert.is((await client.schedules.run('audit-retention')).id, 'job-1');
  const [list, patch, run] = f.requests;
  assert.is(`${list?.method} ${list?.url}`, 'GET http://api.test/v1/schedules');
  assert.is(`${patch?.method} ${patch?.url}`, 'PATCH http://api.test/v1/schedules/audit-retention');
  assert.equal(await patch?.json(), { enabled: false });
  assert.is(`${run?.method} ${run?.url}`, 'POST http://api.test/v1/schedules/audit-retention/run');
  f.done();
});

test('schedules: a bad cron is a ValidationError with code CRON_INVALID', async () => {
  const f = fakeFetch(() => problem(400, 'CRON_INVALID', { issues: [{ code: 'custom', path: ['cron'], message: 'bad' }] }));
  const client = new Secai({ baseUrl: 'http://api.test', token: 't', fetch: f.fetch });
  try {
    await client.schedules.update('audit-retention', { cron: 'nope' });
    assert.unreachable('accepted');
  } catch (err) {
    assert.instance(err, ValidationError);
    assert.is((err as ValidationError).code, 'CRON_INVALID');
  }
  f.done();
});

test.run();
