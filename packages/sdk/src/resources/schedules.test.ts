import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ValidationError } from '../errors.js';
import { Secai } from '../index.js';

/** Answers each request from the queue in turn and keeps them, so a test can check what was sent. */
function fakeFetch(...answers: ((request: Request) => Response)[]) {
  const requests: { request: Request; body: string }[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push({ request, body: await request.clone().text() });
    const answer = answers.shift();
    if (!answer) throw new Error(`unexpected request ${request.method} ${request.url}`);
    return answer(request);
  };
  return {
    fetch: fetch as typeof globalThis.fetch,
    requests,
    done: () => assert.is(answers.length, 0, 'expected requests never happened'),
  };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });

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
  assert.is(`${list?.request.method} ${list?.request.url}`, 'GET http://api.test/v1/schedules');
  assert.is(`${patch?.request.method} ${patch?.request.url}`, 'PATCH http://api.test/v1/schedules/audit-retention');
  assert.equal(JSON.parse(patch?.body ?? ''), { enabled: false });
  assert.is(`${run?.request.method} ${run?.request.url}`, 'POST http://api.test/v1/schedules/audit-retention/run');
  f.done();
});

test('schedules: a bad cron is a ValidationError with code CRON_INVALID', async () => {
  const f = fakeFetch(() =>
    json(400, {
      type: 'urn:x',
      title: 'Cron invalid',
      status: 400,
      code: 'CRON_INVALID',
      issues: [{ code: 'custom', path: ['cron'], message: 'bad' }],
    }),
  );
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
