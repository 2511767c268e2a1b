// The stream's `events` and `jobs` topics: recorded while someone follows them, filtered per
// subscription, resumable to the event, and a gap told to a client that was away while nobody was.
import { STREAM_PROTOCOL, STREAM_TOKEN_PROTOCOL_PREFIX } from '@secai/core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../_test/harness.js';
import { waitFor } from '../_test/runtime-harness.js';

const test = suite('live stream: events and jobs');
let s: TestServer;
test.before(async () => {
  s = await startTestServer('sqlite');
});
test.after(async () => {
  await s?.close();
});

type Message = Record<string, unknown>;

function follow(topic: string, options: { filter?: Message; cursor?: string } = {}) {
  const ws = new WebSocket(`${s.url.replace(/^http/, 'ws')}/v1/stream`, [
    STREAM_PROTOCOL,
    `${STREAM_TOKEN_PROTOCOL_PREFIX}${s.adminToken}`,
  ]);
  const messages: Message[] = [];
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as Message;
    messages.push(message);
    if (message.type === 'ready') ws.send(JSON.stringify({ type: 'subscribe', topic, ...options }));
  });
  ws.on('error', () => {});
  const of = () => messages.filter((m) => m.type === 'message' && m.topic === topic);
  return { ws, messages, of, subscribed: () => waitFor(() => messages.find((m) => m.type === 'subscribed'), `subscribed to ${topic}`) };
}

const ingest = (lines: string[]) =>
  s.call('POST', '/v1/ingest', { token: s.adminToken, body: lines.join('\n'), headers: { 'content-type': 'text/plain' } });

const sshd = (host: string, n: number, outcome = 'Failed') =>
  `<38>Dec  3 10:00:${String(n % 60).padStart(2, '0')} ${host} sshd[${100 + n}]: ${outcome} password for user${n} from 10.0.0.${n % 250} port 22 ssh2`;

test('events matching the query arrive one by one, in order; a client cut off mid-batch resumes at the next event', async () => {
  const a = follow('events', { filter: { query: 'host.hostname:web-01 AND event.outcome:failure' } });
  await a.subscribed();
  // Interest reaches the pipeline within a second.
  await new Promise((r) => setTimeout(r, 1_200));
  const lines = Array.from({ length: 300 }, (_, i) => sshd(i % 3 === 0 ? 'db-01' : 'web-01', i, i % 5 === 0 ? 'Accepted' : 'Failed'));
  assert.is((await ingest(lines)).body.accepted, 300);
  const wanted = lines.filter((_, i) => i % 3 !== 0 && i % 5 !== 0).length;
  await waitFor(() => a.of().length === wanted, `${wanted} events`);
  const pids = a.of().map((m) => (m.data as { process: { pid: number } }).process.pid);
  assert.equal(
    pids,
    [...pids].sort((x, y) => x - y),
    'in the order stored',
  );
  assert.ok(
    a.of().every((m) => /^\d+\.\d+$/.test(String(m.cursor))),
    'cursors name the event within its message',
  );
  a.ws.close();

  // Resumed from an event in the middle of a stored message: the rest, nothing twice.
  const cut = a.of()[50] as Message;
  const b = follow('events', { filter: { query: 'host.hostname:web-01 AND event.outcome:failure' }, cursor: String(cut.cursor) });
  await waitFor(() => b.of().length === wanted - 51, 'the rest');
  assert.equal(
    b.of().map((m) => m.cursor),
    a
      .of()
      .slice(51)
      .map((m) => m.cursor),
  );
  b.ws.close();
});

test('a client that resumes after nobody followed the events is told how many it missed', async () => {
  const a = follow('events');
  await a.subscribed();
  await new Promise((r) => setTimeout(r, 1_200));
  await ingest([sshd('gap-01', 1)]);
  await waitFor(() => a.of().length === 1, 'the first event');
  const cursor = String(a.of()[0]?.cursor);
  a.ws.close();
  // Nobody follows any more: the topic is no longer recorded once the interest lapses.
  await s.runtime.adapters.cache.delete('stream.listening.events');
  await new Promise((r) => setTimeout(r, 1_200));
  // The pipeline asks again when its answer is a second old: this batch still goes by the last.
  await ingest([sshd('other-01', 1)]);
  await new Promise((r) => setTimeout(r, 300));
  await ingest([sshd('gap-01', 2), sshd('gap-01', 3)]);
  await new Promise((r) => setTimeout(r, 300));

  const b = follow('events', { cursor, filter: { query: 'host.hostname:gap-01' } });
  await new Promise((r) => setTimeout(r, 1_200));
  await ingest([sshd('gap-01', 4)]);
  await waitFor(() => b.of().length === 1, 'the event after the gap');
  const gap = b.messages.find((m) => m.type === 'gap');
  assert.is(gap?.missed, 2);
  assert.is((b.of()[0]?.data as { process?: { pid: number } } | undefined)?.process?.pid, 104);
  b.ws.close();
});

test('a query that does not parse is an error on the subscription; the connection stays open', async () => {
  const c = follow('events', { filter: { query: 'host.hostname:(' } });
  const error = await waitFor(() => c.messages.find((m) => m.type === 'error'), 'an error');
  assert.is(error.topic, 'events');
  assert.match(String(error.code), /QUERY|VALIDATION/);
  assert.is(c.ws.readyState, WebSocket.OPEN);
  c.ws.close();
});

test('jobs: a job is followed from queued through running to its end, filtered by name', async () => {
  const c = follow('jobs', { filter: { name: 'scan-import' } });
  await c.subscribed();
  await new Promise((r) => setTimeout(r, 1_200));
  const res = await s.call('POST', '/v1/imports?async=true&format=trivy', {
    token: s.adminToken,
    body: '{"not":"trivy"}',
    headers: { 'content-type': 'application/octet-stream' },
  });
  assert.is(res.status, 202);
  const end = await waitFor(() => c.of().find((m) => m.event === 'job.failed'), 'the job to fail');
  assert.is((end.data as { id: string }).id, res.body.id);
  assert.is((end.data as { error: { code: string } }).error.code, 'REPORT_INVALID');
  const states = c.of().map((m) => (m.data as { state: string }).state);
  assert.is(states[0], 'queued');
  assert.is(states.at(-1), 'failed');
  c.ws.close();
});

test.run();
