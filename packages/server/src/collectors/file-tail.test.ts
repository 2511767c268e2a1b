import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeIntake } from '../_test/fake-intake.js';
import { CollectorRegistry } from '../pipeline/intake.js';
import { type FileCollectorOptions, fileCollector } from './file-tail.js';

const logger = pino({ level: 'silent' });
const never = new AbortController().signal;

/** A collector on a temp dir; `poll` runs a pass by hand (pollMs is long so passes happen only when asked). */
async function setup(
  paths: (dir: string) => string[],
  extra: Partial<FileCollectorOptions> = {},
  dir = mkdtempSync(join(tmpdir(), 'secai-tail-')),
) {
  const intake = new FakeIntake();
  const collector = fileCollector({
    name: 'app',
    paths: paths(dir),
    statePath: join(dir, 'state.json'),
    intake,
    registry: new CollectorRegistry(),
    logger,
    pollMs: 60_000,
    ...extra,
  });
  await collector.start();
  return { dir, intake, collector, path: (name: string) => join(dir, name), stop: () => collector.stop(never) };
}

test('appended lines are read once, a line without LF waits for it, and counters move', async () => {
  const t = await setup((dir) => [join(dir, 'app.log')]);
  try {
    writeFileSync(t.path('app.log'), 'one\r\ntwo\nthr');
    await t.collector.poll();
    assert.equal(t.intake.lines(), ['one', 'two']);
    appendFileSync(t.path('app.log'), 'ee\nfour\n');
    await t.collector.poll();
    await t.collector.poll();
    assert.equal(t.intake.lines(), ['one', 'two', 'three', 'four']);
    assert.is(t.intake.records[0]?.collector, 'file:app');
    assert.equal({ received: t.collector.counters.received, bytes: t.collector.counters.bytes }, { received: 4, bytes: 3 + 3 + 5 + 4 });
    const state = JSON.parse(readFileSync(t.path('state.json'), 'utf8'));
    assert.is((Object.values(state.files)[0] as { offset: number }).offset, 'one\r\ntwo\nthree\nfour\n'.length);
  } finally {
    await t.stop();
    rmSync(t.dir, { recursive: true, force: true });
  }
});

test('rotation by rename: the old file is finished, then the new one read from its start', async () => {
  const t = await setup((dir) => [join(dir, 'app.log')]);
  try {
    writeFileSync(t.path('app.log'), 'a1\na2\n');
    await t.collector.poll();
    appendFileSync(t.path('app.log'), 'a3\na4 without LF');
    renameSync(t.path('app.log'), t.path('app.log.1'));
    writeFileSync(t.path('app.log'), 'b1\n');
    await t.collector.poll();
    assert.equal(t.intake.lines(), ['a1', 'a2', 'a3', 'a4 without LF', 'b1']);
  } finally {
    await t.stop();
    rmSync(t.dir, { recursive: true, force: true });
  }
});

test('truncation: the file is read again from its start', async () => {
  const t = await setup((dir) => [join(dir, 'app.log')]);
  try {
    writeFileSync(t.path('app.log'), 'old line 1\nold line 2\n');
    await t.collector.poll();
    truncateSync(t.path('app.log'), 0);
    appendFileSync(t.path('app.log'), 'new\n');
    await t.collector.poll();
    assert.equal(t.intake.lines(), ['old line 1', 'old line 2', 'new']);
    assert.is.not(t.intake.records[2]?.id, t.intake.records[0]?.id, 'the same offset after a truncation is a new id');
  } finally {
    await t.stop();
    rmSync(t.dir, { recursive: true, force: true });
  }
});

test('truncation and a rewrite past the old offset before the next look: the new content is read whole', async () => {
  const t = await setup((dir) => [join(dir, 'app.log')]);
  try {
    writeFileSync(t.path('app.log'), 'Dec  1 10:00:00 web-1 app: a\nDec  1 10:00:01 web-1 app: b\n');
    await t.collector.poll();
    // copytruncate, then the writer goes on faster than the collector looks.
    writeFileSync(t.path('app.log'), 'Dec  1 10:00:02 web-1 app: c\nDec  1 10:00:03 web-1 app: d\nDec  1 10:00:04 web-1 app: e\n');
    await t.collector.poll();
    assert.equal(
      t.intake.lines().map((line) => line.slice(-1)),
      ['a', 'b', 'c', 'd', 'e'],
    );
  } finally {
    await t.stop();
    rmSync(t.dir, { recursive: true, force: true });
  }
});

test('a file truncated and rewritten while the collector was stopped is read again from its start', async () => {
  const first = await setup((dir) => [join(dir, 'app.log')]);
  try {
    writeFileSync(first.path('app.log'), 'old 1\nold 2\n');
    await first.collector.poll();
    await first.stop();
    writeFileSync(first.path('app.log'), 'new 1\nnew 2\nnew 3\n');
    const second = await setup((dir) => [join(dir, 'app.log')], {}, first.dir);
    await second.stop();
    assert.equal(second.intake.lines(), ['new 1', 'new 2', 'new 3']);
  } finally {
    rmSync(first.dir, { recursive: true, force: true });
  }
});

test('a glob picks up a file created after the start, and a renamed file matched by it is continued, not re-read', async () => {
  const t = await setup((dir) => [join(dir, '*.log')]);
  try {
    writeFileSync(t.path('a.log'), 'a1\n');
    await t.collector.poll();
    writeFileSync(t.path('b.log'), 'b1\n');
    appendFileSync(t.path('a.log'), 'a2\n');
    renameSync(t.path('a.log'), t.path('a-old.log'));
    await t.collector.poll();
    assert.equal(t.intake.lines(), ['a1', 'a2', 'b1']);
  } finally {
    await t.stop();
    rmSync(t.dir, { recursive: true, force: true });
  }
});

test('a restart resumes from the saved offset: nothing lost, nothing twice', async () => {
  const first = await setup((dir) => [join(dir, 'app.log')]);
  try {
    writeFileSync(first.path('app.log'), 'l1\nl2\n');
    await first.collector.poll();
    await first.stop();
    appendFileSync(first.path('app.log'), 'l3\nl4\n');
    const second = await setup((dir) => [join(dir, 'app.log')], {}, first.dir);
    await second.stop();
    assert.equal(first.intake.lines(), ['l1', 'l2']);
    assert.equal(second.intake.lines(), ['l3', 'l4']);
    const ids = new Set([...first.intake.records, ...second.intake.records].map((r) => r.id));
    assert.is(ids.size, 4);
  } finally {
    rmSync(first.dir, { recursive: true, force: true });
  }
});

test('records refused by a saturated intake are read again, in order, once there is room', async () => {
  const t = await setup((dir) => [join(dir, 'app.log')]);
  try {
    t.intake.saturated = true;
    writeFileSync(t.path('app.log'), Array.from({ length: 2_500 }, (_, i) => `line ${i}\n`).join(''));
    const polled = t.collector.poll();
    await new Promise((r) => setTimeout(r, 50));
    assert.is(t.intake.count, 0);
    t.intake.saturated = false;
    await polled;
    assert.equal(
      t.intake.lines(),
      Array.from({ length: 2_500 }, (_, i) => `line ${i}`),
    );
    assert.ok(t.intake.calls >= 3, 'in batches of at most 1,000');
  } finally {
    await t.stop();
    rmSync(t.dir, { recursive: true, force: true });
  }
});

const TRACE = [
  '2024-12-03 05:00:01,123 ERROR [main] c.e.App - request failed',
  'java.lang.IllegalStateException: boom',
  '\tat com.example.App.handle(App.java:42)',
  '\tat com.example.App.main(App.java:7)',
  'Caused by: java.io.IOException: disk',
  '\t... 2 more',
];

test('a Java stack trace is one record by the multiline rule; the last one closes after a quiet second or at stop', async () => {
  const t = await setup((dir) => [join(dir, 'app.log')], { multiline: { start: '^\\d{4}-\\d{2}-\\d{2} ' } });
  try {
    writeFileSync(t.path('app.log'), `${TRACE.join('\n')}\n2024-12-03 05:00:02,000 INFO [main] c.e.App - ok\n`);
    await t.collector.poll();
    assert.equal(t.intake.lines(), [TRACE.join('\n')]);
    await t.stop();
    assert.equal(t.intake.lines(), [TRACE.join('\n'), '2024-12-03 05:00:02,000 INFO [main] c.e.App - ok']);
    const state = JSON.parse(readFileSync(t.path('state.json'), 'utf8'));
    assert.is((Object.values(state.files)[0] as { offset: number }).offset, readFileSync(t.path('app.log')).length);
  } finally {
    rmSync(t.dir, { recursive: true, force: true });
  }
});

test('a multi-line record with no new line for a second is handed over', async () => {
  const t = await setup((dir) => [join(dir, 'app.log')], { multiline: { start: '^\\S' } });
  try {
    writeFileSync(t.path('app.log'), 'Exception\n  at a\n  at b\n');
    await t.collector.poll();
    assert.is(t.intake.count, 0);
    await new Promise((r) => setTimeout(r, 1_050));
    await t.collector.poll();
    assert.equal(t.intake.lines(), ['Exception\n  at a\n  at b']);
  } finally {
    await t.stop();
    rmSync(t.dir, { recursive: true, force: true });
  }
});

test.run();
