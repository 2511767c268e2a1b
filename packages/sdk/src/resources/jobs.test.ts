import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fakeFetch, json, problem } from '../_test/fake-fetch.js';
import { ConflictError, TimeoutError } from '../errors.js';
import { Secai } from '../index.js';
import type { Job, JobProgress, JobState } from '../types.js';
import { pollDelay } from './jobs.js';

const JOB_ID = '0b6f3c1e-8d2a-4f5b-9c7e-1a2b3c4d5e6f';

function job(state: JobState, progress: JobProgress | null = null, extra: Partial<Job> = {}): Job {
  return {
    id: JOB_ID,
    name: 'scan-import',
    queue: 'default',
    state,
    progress,
    attempts: state === 'queued' ? 0 : 1,
    max_attempts: 3,
    error: state === 'failed' ? { message: 'report unreadable', code: 'REPORT_INVALID' } : null,
    result: state === 'succeeded' ? { id: 'imp-1' } : null,
    created_by: null,
    created_at: '2026-01-05T10:00:00.000Z',
    run_at: '2026-01-05T10:00:00.000Z',
    started_at: state === 'queued' ? null : '2026-01-05T10:00:01.000Z',
    finished_at: ['succeeded', 'failed', 'cancelled'].includes(state) ? '2026-01-05T10:00:05.000Z' : null,
    ...extra,
  };
}
const ok = (body: unknown) => () => json(200, body);
const client = (fetch: typeof globalThis.fetch) => new Secai({ baseUrl: 'http://api.test', token: 't', fetch, retry: 0 });

test('list() sends state comma-joined with name, since and limit; awaited it is one page', async () => {
  const f = fakeFetch(ok({ data: [job('failed')], next_cursor: 'c1' }));
  const page = await client(f.fetch).jobs.list({
    state: ['failed', 'cancelled'],
    name: 'scan-import',
    since: '2026-01-04T00:00:00Z',
    limit: 1,
  });
  assert.is(page.data[0]?.state, 'failed');
  assert.is(page.next_cursor, 'c1');
  const url = new URL(f.requests[0]?.url ?? '');
  assert.is(url.pathname, '/v1/jobs');
  assert.equal(Object.fromEntries(url.searchParams), {
    state: 'failed,cancelled',
    name: 'scan-import',
    since: '2026-01-04T00:00:00Z',
    limit: '1',
  });
  f.done();
});

test('list() walked with for await yields every job across pages, following the cursor', async () => {
  const f = fakeFetch(ok({ data: [job('failed', null, { id: 'a' }), job('failed', null, { id: 'b' })], next_cursor: 'c1' }), (req) => {
    assert.is(new URL(req.url).searchParams.get('cursor'), 'c1');
    return json(200, { data: [job('failed', null, { id: 'c' })], next_cursor: null });
  });
  const ids: string[] = [];
  for await (const j of client(f.fetch).jobs.list({ state: ['failed'] })) ids.push(j.id);
  assert.equal(ids, ['a', 'b', 'c']);
  f.done();
});

test('get() reads one job by id', async () => {
  const f = fakeFetch(ok(job('running', { done: 1, total: 4, message: 'parsing' })));
  const got = await client(f.fetch).jobs.get(JOB_ID);
  assert.is(got.progress?.done, 1);
  assert.is(new URL(f.requests[0]?.url ?? '').pathname, `/v1/jobs/${JOB_ID}`);
  f.done();
});

test('wait() polls until the job is finished and calls onProgress only when state or progress changes', async () => {
  const f = fakeFetch(
    ok(job('queued')),
    ok(job('running', { done: 1, total: 3, message: 'parsing' })),
    ok(job('running', { done: 1, total: 3, message: 'parsing' })),
    ok(job('running', { done: 2, total: 3, message: 'saving' })),
    ok(job('succeeded', { done: 3, total: 3, message: 'saving' })),
  );
  const seen: string[] = [];
  const done = await client(f.fetch).jobs.wait(JOB_ID, {
    intervalMs: 1,
    onProgress: (j) => seen.push(`${j.state} ${j.progress?.done ?? '-'}`),
  });
  assert.is(done.state, 'succeeded');
  assert.equal(done.result, { id: 'imp-1' });
  assert.equal(seen, ['queued -', 'running 1', 'running 2', 'succeeded 3']);
  assert.ok(f.requests.every((r) => r.method === 'GET' && new URL(r.url).pathname === `/v1/jobs/${JOB_ID}`));
  f.done();
});

test('wait() resolves with a failed or cancelled job: the caller decides what that means', async () => {
  for (const state of ['failed', 'cancelled'] as const) {
    const f = fakeFetch(ok(job('running')), ok(job(state)));
    const finished = await client(f.fetch).jobs.wait(JOB_ID, { intervalMs: 1 });
    assert.is(finished.state, state);
    f.done();
  }
  const f = fakeFetch(ok(job('failed')));
  assert.is((await client(f.fetch).jobs.wait(JOB_ID)).error?.code, 'REPORT_INVALID');
});

test('wait() backs off from 250 ms to the interval cap', () => {
  assert.equal(
    [0, 1, 2, 3, 4, 10].map((n) => pollDelay(n)),
    [250, 500, 1000, 2000, 2000, 2000],
  );
  assert.equal(
    [0, 1, 2].map((n) => pollDelay(n, 300)),
    [250, 300, 300],
  );
  assert.is(pollDelay(0, 10), 10);
});

test('wait() stops on abort with the signal’s reason and polls no more', async () => {
  const f = fakeFetch(ok(job('running')));
  const controller = new AbortController();
  const reason = new Error('user pressed Ctrl-C');
  const started = Date.now();
  try {
    // The first poll answers at once; the abort lands in the 250 ms pause after it.
    await client(f.fetch).jobs.wait(JOB_ID, { signal: controller.signal, onProgress: () => controller.abort(reason) });
    assert.unreachable();
  } catch (err) {
    assert.is(err, reason);
  }
  assert.ok(Date.now() - started < 200, 'the pause was cut short');
  assert.is(f.requests.length, 1);
  f.done();
});

test('wait() with timeoutMs gives up with TimeoutError JOB_WAIT_TIMEOUT', async () => {
  let polls = 0;
  const alwaysRunning = (async () => {
    polls++;
    return json(200, job('running'));
  }) as typeof globalThis.fetch;
  try {
    await client(alwaysRunning).jobs.wait(JOB_ID, { timeoutMs: 40, intervalMs: 10 });
    assert.unreachable();
  } catch (err) {
    assert.instance(err, TimeoutError);
    assert.is((err as TimeoutError).code, 'JOB_WAIT_TIMEOUT');
  }
  assert.ok(polls >= 2 && polls <= 8, `polled ${polls} times`);
});

test('retry() and cancel() POST to the job and return it', async () => {
  const f = fakeFetch(ok(job('queued')), ok(job('cancelled')));
  const jobs = client(f.fetch).jobs;
  assert.is((await jobs.retry(JOB_ID)).state, 'queued');
  assert.is((await jobs.cancel(JOB_ID)).state, 'cancelled');
  assert.equal(
    f.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`),
    [`POST /v1/jobs/${JOB_ID}/retry`, `POST /v1/jobs/${JOB_ID}/cancel`],
  );
  f.done();
});

test('retry() of a job that is not failed and cancel() of a finished one are ConflictErrors with their code', async () => {
  const cases = [
    ['retry', 'JOB_NOT_RETRYABLE'],
    ['cancel', 'JOB_NOT_CANCELLABLE'],
  ] as const;
  for (const [method, code] of cases) {
    const f = fakeFetch(() => problem(409, code));
    try {
      await client(f.fetch).jobs[method](JOB_ID);
      assert.unreachable();
    } catch (err) {
      assert.instance(err, ConflictError);
      assert.is((err as ConflictError).code, code);
      assert.is((err as ConflictError).status, 409);
    }
    f.done();
  }
});

test('imports.create with async: true sends ?async=true and resolves with the 202 job', async () => {
  const f = fakeFetch(
    () => json(202, job('queued'), { location: `/v1/jobs/${JOB_ID}` }),
    () => json(201, { id: 'imp-1', format: 'trivy', findings: 0 }),
  );
  const imports = client(f.fetch).imports;
  const queued = await imports.create('{}', { tag: 'app', async: true });
  assert.is(queued.id, JOB_ID);
  assert.is(queued.state, 'queued');
  assert.equal(Object.fromEntries(new URL(f.requests[0]?.url ?? '').searchParams), { tag: 'app', async: 'true' });
  await imports.create('{}', { tag: 'app' });
  assert.equal(Object.fromEntries(new URL(f.requests[1]?.url ?? '').searchParams), { tag: 'app' });
  f.done();
});

test.run();
