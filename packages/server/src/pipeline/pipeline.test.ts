import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RecordingLogStore } from '../_test/recording-log-store.js';
import { waitFor } from '../_test/runtime-harness.js';
import { inlineWriter } from './event-writer.js';
import { CollectorRegistry, type RawRecord } from './intake.js';
import { Pipeline } from './pipeline.js';
import { spoolFiles } from './spool.js';

const logger = pino({ level: 'silent' });
const SSHD = 'Dec  3 05:00:01 web1 sshd[411]: Failed password for root from 10.0.0.9 port 2222 ssh2';

const records = (n: number, from = 0): RawRecord[] =>
  Array.from({ length: n }, (_, i) => ({ line: `${SSHD} #${from + i}`, receivedAt: Date.now(), collector: 'test', id: `e${from + i}` }));

function setup(store = new RecordingLogStore(), dir = mkdtempSync(join(tmpdir(), 'secai-spool-')), maxBuffered?: number) {
  const registry = new CollectorRegistry();
  const counters = registry.register('test', 'http', '/v1/ingest');
  const pipeline = new Pipeline({ writer: inlineWriter(store), spoolDir: dir, registry, logger, maxBuffered, batchSize: 100 });
  return { store, dir, counters, pipeline, component: pipeline.component() };
}

const never = new AbortController().signal;

test('accepted records are parsed, given their ids, stored and counted', async () => {
  const { store, dir, counters, pipeline, component } = setup();
  await component.start();
  try {
    await pipeline.accept([...records(250), { line: '\u0001 not a log line', receivedAt: Date.now(), collector: 'test' }]);
    await waitFor(() => store.events.size === 251, 'every event stored');
    const event = store.events.get('e7');
    assert.is(event?.user?.name, 'root');
    assert.is(event?.source?.ip, '10.0.0.9');
    assert.is(event?.secai?.collector, 'test');
    assert.ok(event?.event.ingested);
    const unparsed = [...store.events.values()].find((e) => e.tags?.includes('unparsed'));
    assert.ok(unparsed?.event.id, 'an unparsed line is kept, with an id of its own');
    assert.equal({ ...counters }, { received: 0, parsed: 250, unparsed: 1, dropped: 0, stored: 251, duplicates: 0, bytes: 0 });
  } finally {
    await component.stop(never);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a batch sent again counts as duplicates, not as stored', async () => {
  const { store, dir, counters, pipeline, component } = setup();
  await component.start();
  try {
    await pipeline.accept(records(30));
    await pipeline.drained();
    await pipeline.accept([...records(30), ...records(5, 30)]);
    await pipeline.drained();
    assert.is(store.events.size, 35);
    assert.equal([counters.parsed, counters.stored, counters.duplicates], [65, 35, 30]);
  } finally {
    await component.stop(never);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a spool replayed into a store that already has part of it counts that part as duplicates', async () => {
  const first = setup();
  first.store.hold(); // acknowledged, in the spool; the process dies before its write is known
  await first.component.start();
  await first.pipeline.accept(records(100));
  const store = new RecordingLogStore();
  await inlineWriter(store).write(records(40)); // the first 40 reached the store before the crash
  const second = setup(store, first.dir);
  await second.component.start();
  try {
    await second.pipeline.drained();
    assert.is(store.events.size, 100);
    assert.equal([second.counters.stored, second.counters.duplicates], [60, 40]);
  } finally {
    await second.component.stop(never);
    rmSync(first.dir, { recursive: true, force: true });
  }
});

test('what was acknowledged before a crash is stored at the next start, once', async () => {
  const first = setup();
  first.store.hold(); // the store never answers: everything acknowledged is only in the spool
  await first.component.start();
  for (let i = 0; i < 5; i++) await first.pipeline.accept(records(100, i * 100));
  // The process dies here: no stop, nothing drained. A second one opens the same spool.
  const second = setup(new RecordingLogStore(), first.dir);
  await second.component.start();
  try {
    await waitFor(() => second.store.events.size === 500, 'the 500 acknowledged events stored after the restart');
    await second.pipeline.drained();
    const third = setup(new RecordingLogStore(), first.dir);
    await second.component.stop(never);
    await third.component.start();
    await third.pipeline.drained();
    assert.is(third.store.events.size, 0, 'a clean stop leaves nothing to replay');
    await third.component.stop(never);
  } finally {
    rmSync(first.dir, { recursive: true, force: true });
  }
});

test('a torn tail after a crash is cut and counted; the whole records before it are stored', async () => {
  const first = setup();
  first.store.hold();
  await first.component.start();
  await first.pipeline.accept(records(10));
  const [segment] = spoolFiles(first.dir);
  const before = readFileSync(segment as string).length;
  appendFileSync(segment as string, Buffer.from([42, 0, 0, 0, 1, 2, 3, 4, 5])); // half a frame
  const second = setup(new RecordingLogStore(), first.dir);
  await second.component.start();
  try {
    await waitFor(() => second.store.events.size === 10, 'the 10 whole records');
    assert.equal(second.pipeline.repaired, { bytes: 9, segments: 1 });
    assert.is(readFileSync(segment as string).length >= before, true);
  } finally {
    await second.component.stop(never);
    rmSync(first.dir, { recursive: true, force: true });
  }
});

test('a full pipeline refuses with INGEST_SATURATED until the store catches up, and loses nothing', async () => {
  const store = new RecordingLogStore();
  const { pipeline, component, dir } = setup(store, undefined, 300);
  store.hold();
  await component.start();
  try {
    await pipeline.accept(records(300));
    assert.ok(pipeline.saturated);
    const refused = await pipeline.accept(records(1, 300)).catch((e: unknown) => e);
    assert.is((refused as { code?: string }).code, 'INGEST_SATURATED');
    assert.is((refused as { status?: number }).status, 503);
    const room = pipeline.room();
    store.unhold();
    await room;
    await pipeline.accept(records(1, 300));
    await waitFor(() => store.events.size === 301, 'all 301');
  } finally {
    await component.stop(never);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a store that fails keeps the events queued and in the spool until it returns', async () => {
  const store = new RecordingLogStore();
  const { pipeline, component, dir } = setup(store);
  store.failing = true;
  await component.start();
  try {
    await pipeline.accept(records(20));
    await new Promise((r) => setTimeout(r, 100));
    assert.is(store.events.size, 0);
    assert.is(pipeline.pending, 20);
    store.failing = false;
    await waitFor(() => store.events.size === 20, 'the 20 events once the store is back', 5_000);
  } finally {
    await component.stop(never);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a stop drains what was accepted before it returns; accept after it is refused', async () => {
  const { store, pipeline, component, dir } = setup();
  await component.start();
  await pipeline.accept(records(1_000));
  await component.stop(never);
  assert.is(store.events.size, 1_000);
  const refused = await pipeline.accept(records(1)).catch((e: unknown) => e);
  assert.is((refused as { code?: string }).code, 'INGEST_SATURATED');
  rmSync(dir, { recursive: true, force: true });
});

test('a stop past its deadline lets go of the write in hand at once; the next start stores it', async () => {
  const first = setup();
  await first.component.start();
  first.store.hold(); // a batch the store takes far longer than the shutdown allows
  await first.pipeline.accept(records(300));
  const deadline = new AbortController();
  setTimeout(() => deadline.abort(), 50);
  const started = Date.now();
  await first.component.stop(deadline.signal);
  assert.ok(Date.now() - started < 500, `stop took ${Date.now() - started} ms after a 50 ms deadline`);
  assert.is(first.store.events.size, 0);
  const second = setup(new RecordingLogStore(), first.dir);
  await second.component.start();
  try {
    await second.pipeline.drained();
    assert.is(second.store.events.size, 300);
  } finally {
    first.store.unhold();
    await second.component.stop(never);
    rmSync(first.dir, { recursive: true, force: true });
  }
});

test.run();
