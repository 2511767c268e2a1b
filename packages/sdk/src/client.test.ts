import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fakeFetch, json, problem } from './_test/fake-fetch.js';
import {
  AuthenticationError,
  ConflictError,
  ConnectionError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
} from './errors.js';
import { Secai } from './index.js';

const page = (ids: string[], next: string | null) => json(200, { data: ids.map((id) => ({ id })), next_cursor: next });

test('refuses unknown options and names the allowed ones', () => {
  assert.throws(() => new Secai({ baseUrl: 'http://x', tokne: 'typo' } as never), /Unknown option tokne; allowed: baseUrl, token/);
});

test('sends the bearer token, a user agent and comma-joined list filters', async () => {
  const f = fakeFetch(() => page([], null));
  const client = new Secai({ baseUrl: 'http://api.test/', token: 't0k', fetch: f.fetch, userAgent: 'my-bot/1.0' });
  await client.alerts.list({ status: ['new', 'acknowledged'], limit: 10 });
  const [req] = f.requests;
  assert.is(req?.url, 'http://api.test/v1/alerts?status=new%2Cacknowledged&limit=10');
  assert.is(req?.headers.get('authorization'), 'Bearer t0k');
  assert.match(req?.headers.get('user-agent') ?? '', /^my-bot\/1\.0 secai-sdk\/\d/);
  f.done();
});

test('maps each problem status to its error class, with code, request id and a redacted request', async () => {
  const cases = [
    [400, 'VALIDATION_FAILED', ValidationError],
    [401, 'AUTH_REQUIRED', AuthenticationError],
    [403, 'PERMISSION_DENIED', PermissionError],
    [404, 'ALERT_NOT_FOUND', NotFoundError],
    [409, 'ALERT_TRANSITION_INVALID', ConflictError],
  ] as const;
  for (const [status, code, cls] of cases) {
    const f = fakeFetch(() => problem(status, code));
    const client = new Secai({ baseUrl: 'http://api.test', token: 'secret', fetch: f.fetch, retry: 0 });
    try {
      await client.alerts.get('a1');
      assert.unreachable();
    } catch (err) {
      assert.instance(err, cls);
      const e = err as InstanceType<typeof cls>;
      assert.is(e.code, code);
      assert.is(e.status, status);
      assert.is(e.requestId, 'req-1');
      assert.is(e.request?.headers.authorization, '[REDACTED]');
      assert.is(e.message, `${code} happened`);
    }
  }
});

test('validation errors carry the issues', async () => {
  const f = fakeFetch(() => problem(400, 'VALIDATION_FAILED', { issues: [{ code: 'invalid', path: ['severity'], message: 'bad' }] }));
  const client = new Secai({ baseUrl: 'http://api.test', fetch: f.fetch });
  try {
    await client.alerts.create({ title: 'x', severity: 'high' });
    assert.unreachable();
  } catch (err) {
    assert.equal((err as ValidationError).issues[0]?.path, ['severity']);
  }
});

test('rate limits report Retry-After', async () => {
  const f = fakeFetch(
    () => problem(429, 'RATE_LIMITED', {}),
    () => problem(429, 'RATE_LIMITED'),
  );
  const client = new Secai({ baseUrl: 'http://api.test', fetch: f.fetch, retry: 0 });
  try {
    await client.users.create({ username: 'x', password: 'y' });
    assert.unreachable();
  } catch (err) {
    assert.instance(err, RateLimitError);
  }
  const g = fakeFetch(() => json(429, { code: 'RATE_LIMITED', status: 429, title: 'x', type: 'x' }, { 'retry-after': '7' }));
  try {
    await new Secai({ baseUrl: 'http://api.test', fetch: g.fetch, retry: 0 }).assets.create({ hostname: 'h' });
    assert.unreachable();
  } catch (err) {
    assert.is((err as RateLimitError).retryAfter, 7);
  }
});

test('retries idempotent calls on 503, then gives up with ServerError', async () => {
  const f = fakeFetch(
    () => problem(503, 'NOT_READY'),
    () => page(['a'], null),
  );
  const client = new Secai({ baseUrl: 'http://api.test', fetch: f.fetch, retry: 1 });
  const first = await client.alerts.list();
  assert.is(first.data.length, 1);
  f.done();
  const g = fakeFetch(
    () => problem(500, 'INTERNAL_ERROR'),
    () => problem(500, 'INTERNAL_ERROR'),
  );
  try {
    await new Secai({ baseUrl: 'http://api.test', fetch: g.fetch, retry: 1 }).alerts.get('x');
    assert.unreachable();
  } catch (err) {
    assert.instance(err, ServerError);
  }
  g.done();
});

test('never retries a POST', async () => {
  const f = fakeFetch(() => problem(503, 'NOT_READY'));
  try {
    await new Secai({ baseUrl: 'http://api.test', fetch: f.fetch, retry: 2 }).alerts.create({ title: 't', severity: 'low' });
    assert.unreachable();
  } catch (err) {
    assert.instance(err, ServerError);
  }
  f.done();
});

test('refreshes an expired access token once and retries the call', async () => {
  const saved: string[] = [];
  const f = fakeFetch(
    () => problem(401, 'TOKEN_EXPIRED'),
    async (req) => {
      assert.equal(await req.json(), { refresh_token: 'r1' });
      return json(200, { access_token: 'a2', refresh_token: 'r2', token_type: 'Bearer', expires_in: 900 });
    },
    (req) => {
      assert.is(req.headers.get('authorization'), 'Bearer a2');
      return json(200, { id: 'x' });
    },
  );
  const client = new Secai({
    baseUrl: 'http://api.test',
    token: 'a1',
    refreshToken: 'r1',
    fetch: f.fetch,
    onTokens: (t) => void saved.push(t.access_token),
  });
  const alert = await client.alerts.get('x');
  assert.is(alert.id, 'x');
  assert.equal(saved, ['a2']);
  assert.equal(client.credentials, { token: 'a2', refreshToken: 'r2' });
  f.done();
});

test('a failed refresh surfaces as AuthenticationError', async () => {
  const f = fakeFetch(
    () => problem(401, 'TOKEN_EXPIRED'),
    () => problem(401, 'REFRESH_TOKEN_REUSED'),
  );
  try {
    await new Secai({ baseUrl: 'http://api.test', token: 'a1', refreshToken: 'r1', fetch: f.fetch }).alerts.get('x');
    assert.unreachable();
  } catch (err) {
    assert.instance(err, AuthenticationError);
    assert.is((err as AuthenticationError).code, 'REFRESH_TOKEN_REUSED');
  }
});

test('network failures and timeouts have their own classes', async () => {
  const down = new Secai({ baseUrl: 'http://127.0.0.1:1', retry: 0 });
  try {
    await down.alerts.get('x');
    assert.unreachable();
  } catch (err) {
    assert.instance(err, ConnectionError);
  }
  const slow = fakeFetch((req) => new Promise((_, reject) => req.signal.addEventListener('abort', () => reject(req.signal.reason))));
  try {
    await new Secai({ baseUrl: 'http://api.test', fetch: slow.fetch, timeout: 50, retry: 0 }).alerts.get('x');
    assert.unreachable();
  } catch (err) {
    assert.instance(err, TimeoutError);
  }
});

test('list() awaited is one page; walked, it is every item across pages', async () => {
  const f = fakeFetch(
    () => page(['a', 'b'], 'c1'),
    (req) => {
      assert.match(req.url, /cursor=c1/);
      return page(['c'], null);
    },
  );
  const client = new Secai({ baseUrl: 'http://api.test', fetch: f.fetch });
  const list = client.assets.list({ limit: 2 });
  assert.equal(
    (await list).data.map((a) => a.id),
    ['a', 'b'],
  );
  const ids: string[] = [];
  for await (const a of list) ids.push(a.id);
  assert.equal(ids, ['a', 'b', 'c']);
  f.done();
});

test('breaking out of a walk stops fetching; toArray needs a max', async () => {
  const f = fakeFetch(() => page(['a', 'b'], 'c1'));
  const client = new Secai({ baseUrl: 'http://api.test', fetch: f.fetch });
  for await (const a of client.alerts.list()) {
    assert.is(a.id, 'a');
    break;
  }
  f.done();
  const g = fakeFetch(() => page(['a', 'b'], 'c1'));
  const some = await new Secai({ baseUrl: 'http://api.test', fetch: g.fetch }).alerts.list().toArray({ max: 1 });
  assert.is(some.length, 1);
});

test('import streams batches and reports failures at their position in the whole input', async () => {
  const f = fakeFetch(
    async (req) => {
      assert.is(((await req.json()) as { items: unknown[] }).items.length, 3);
      return json(200, { created: 2, updated: 1, failed: [] });
    },
    async () => json(200, { created: 0, updated: 1, failed: [{ index: 1, error: 'bad', code: 'VALIDATION_FAILED' }] }),
  );
  const client = new Secai({ baseUrl: 'http://api.test', fetch: f.fetch });
  async function* rows() {
    for (let i = 0; i < 5; i++) yield { hostname: `h${i}` };
  }
  const progress: number[] = [];
  const result = await client.assets.import(rows(), { batchSize: 3, onProgress: (p) => progress.push(p.sent) });
  assert.equal(result, { created: 2, updated: 2, failed: [{ index: 4, error: 'bad', code: 'VALIDATION_FAILED' }] });
  assert.equal(progress, [3, 5]);
  f.done();
});

test.run();
