// The live stream end to end: attack recordings from the corpus are sent over HTTP ingest while
// an SDK subscriber follows the alerts the Sigma rules raise; it is cut off midway and resumes
// from its last cursor, and what it saw in the two parts is exactly the whole stream, in order.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type RunningServer, startServer } from '@secai/server';
import { pino } from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type Alert, AuthenticationError, Secai, SecaiApiError, type StreamMessage } from './index.js';

const CORPUS = process.env.SECAI_CORPUS ?? fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));
const EXPECTED = join(CORPUS, 'security-datasets/expected_sigma.csv');

/** The Windows recordings with the rules their expectations name (the first four columns have no commas). */
function expectations() {
  return readFileSync(EXPECTED, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [dataset = '', ruleId = '', rulePath = '', expectation = ''] = line.split(',');
      return { dataset, ruleId, rulePath, fires: expectation === 'fires' };
    })
    .filter((e) => e.dataset.startsWith('windows'));
}

/** Reads a stream into `into` until it ends; resolves with why it ended. */
async function drain(messages: AsyncIterable<StreamMessage<Alert>>, into: StreamMessage<Alert>[], stopAfter = Number.POSITIVE_INFINITY) {
  for await (const m of messages) {
    into.push(m);
    if (into.length >= stopAfter) break;
  }
}

const settle = async (count: () => number, quietMs = 1_500, maxMs = 30_000) => {
  const end = Date.now() + maxMs;
  let last = -1;
  let since = Date.now();
  while (Date.now() < end) {
    if (count() !== last) {
      last = count();
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
    await new Promise((r) => setTimeout(r, 100));
  }
};

let server: RunningServer;
let dataDir: string;
let client: Secai;

const config = (port = 0) =>
  loadConfig({
    env: {},
    flags: { port, dataDir, adminPassword: 'stream-admin-password', jwtSecret: 's'.repeat(40), logLevel: 'silent' },
  });

test.before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'secai-stream-'));
  server = await startServer(config(), { logger: pino({ level: 'silent' }) });
  client = await Secai.login({ baseUrl: server.url, username: 'admin', password: 'stream-admin-password' });
});
test.after(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('a stream the server refuses to open ends with the error instead of trying again for ever', async () => {
  const wrong = new Secai({ baseUrl: `${server.url}/not-secai`, token: client.credentials.token });
  const started = Date.now();
  const err = await (async () => {
    for await (const _ of wrong.stream.alerts()) return null;
    return null;
  })().catch((e: unknown) => e);
  assert.instance(err, SecaiApiError);
  assert.is((err as SecaiApiError).status, 404);
  assert.ok(Date.now() - started < 2_000);
  const bad = new Secai({ baseUrl: server.url, token: 'not-a-token' });
  const refused = await (async () => {
    for await (const _ of bad.stream.alerts()) return null;
    return null;
  })().catch((e: unknown) => e);
  assert.instance(refused, AuthenticationError);
});

test('a subscriber keeps going across a server restart and gets what was raised while it was down, once', async () => {
  const port = Number(new URL(server.url).port);
  const seen: StreamMessage<Alert>[] = [];
  let connections = 0;
  const messages = client.stream.alerts({ onStatus: (s) => s.state === 'connected' && connections++ });
  const reading = drain(messages, seen);
  // Raised in the server itself: after the restart the first HTTP call could meet a pooled
  // connection of the old server, which is not what this test is about.
  const raise = (title: string) =>
    server.services.alerts.create(
      { actor: null, ip: null, requestId: null, userAgent: null },
      { title, severity: 'high', technique_ids: [], tags: [], events: [] },
    );
  while (connections === 0) await new Promise((r) => setTimeout(r, 20));
  await raise('before the restart');
  while (seen.length < 1) await new Promise((r) => setTimeout(r, 20));
  await server.close();
  server = await startServer(config(port), { logger: pino({ level: 'silent' }) });
  await raise('after the restart');
  await settle(() => seen.length, 1_500, 15_000);
  await messages.return?.();
  await reading;
  assert.equal(
    seen.map((m) => m.data.title),
    ['before the restart', 'after the restart'],
  );
  assert.is(connections, 2, 'connected again by itself');
});

if (existsSync(EXPECTED)) {
  test('attack recordings raise their alerts live; a subscriber cut off midway resumes from its cursor and misses nothing, twice nothing', async () => {
    const cases = expectations();
    const paths = [...new Set(cases.map((c) => c.rulePath))];
    const imported = await client.rules.import({
      rule_set: 'attack-tests',
      files: paths.map((path) => ({ path, content: readFileSync(join(CORPUS, 'sigma', path), 'utf8') })),
    });
    assert.is(imported.added, paths.length);

    const first: StreamMessage<Alert>[] = [];
    let connected!: (cursor: string | undefined) => void;
    const ready = new Promise<string | undefined>((resolve) => {
      connected = resolve;
    });
    const firstPart = drain(client.stream.alerts({ onStatus: (s) => s.state === 'connected' && connected(s.cursor) }), first, 3);
    // Where the first subscriber began: the whole stream of this test is what comes after it.
    const start = await ready;
    const datasets = [...new Set(cases.map((c) => c.dataset))];
    for (const dataset of datasets) {
      const lines = readFileSync(join(CORPUS, 'security-datasets', dataset), 'utf8').split('\n');
      await client.logs.send(lines, { source: 'security-datasets' });
    }
    await firstPart;
    assert.is(first.length, 3, 'the first subscriber was cut off after three alerts');

    // Resumed while the rest is still being raised, from the last cursor it saw.
    const rest: StreamMessage<Alert>[] = [];
    const resumed = client.stream.alerts({ cursor: first[2]?.cursor });
    const restPart = drain(resumed, rest);
    await server.runtime.pipeline.drained();
    await settle(() => rest.length);
    await resumed.return?.();
    await restPart;

    const everything: StreamMessage<Alert>[] = [];
    const all = client.stream.alerts({ cursor: start });
    const allPart = drain(all, everything);
    await settle(() => everything.length);
    await all.return?.();
    await allPart;

    const cursors = (ms: StreamMessage<Alert>[]) => ms.map((m) => m.cursor);
    assert.equal(cursors([...first, ...rest]), cursors(everything), 'the two parts are the whole stream, in order, once');
    assert.ok(everything.length > 3, `${everything.length} messages`);
    const fired = new Set(everything.map((m) => m.data.rule));
    for (const c of cases) {
      if (c.fires) assert.ok(fired.has(c.ruleId), `${c.rulePath} fired on ${c.dataset}`);
      else assert.not.ok(fired.has(c.ruleId), `${c.rulePath} stayed silent`);
    }
    const opened = everything.filter((m) => m.event === 'alert.opened').map((m) => m.data);
    console.log(
      `  [stream] ${datasets.length} recordings: ${everything.length} messages (${opened.length} alerts opened) by ${fired.size} rules; cut off after ${first.length}, resumed with ${rest.length}`,
    );
    assert.ok(
      opened.every((a) => a.source === 'sigma' && a.rule_id && a.rule_author),
      'every alert names its rule and its author',
    );
    assert.ok(
      opened.some((a) => a.technique_ids.length > 0 && a.tactics.length > 0),
      'alerts carry ATT&CK techniques and tactics',
    );
  });
} else {
  test.skip(
    'attack recordings raise their alerts live; a subscriber cut off midway resumes from its cursor and misses nothing, twice nothing',
  );
}

test.run();
