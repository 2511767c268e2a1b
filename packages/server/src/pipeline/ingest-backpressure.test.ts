// R4: with the log store slowed down, POST /v1/ingest answers 503 INGEST_SATURATED with
// Retry-After instead of buffering without end; a client that sends refused batches again gets
// every event stored. What bounds memory is the pipeline's buffer, which never holds more than its
// limit and the batches let in together; the process's memory is checked against a fixed cap too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogEvent } from '@secai/core/events';
import { pino } from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadConfig } from '../config.js';
import { SqliteLogStore } from '../logstore/sqlite-log-store.js';
import { startServer } from '../main.js';

const EVENTS = 60_000;
const BATCH = 1_000;
const CONCURRENCY = 8;
const BUFFER_LIMIT = 5_000;
/**
 * The test process's resident set may grow at most this much over its size before the flood. It
 * is the whole test run's process (every earlier file's garbage and freed-but-kept pages too): it
 * measured 94 to 331 MB, so it is a gross check; the buffer's bound is the exact one.
 */
const RSS_GROWTH_CAP_MB = 450;

/** A real store that takes 200 ms more for every write: a disk or a database that cannot keep up. */
class SlowLogStore extends SqliteLogStore {
  override async write(events: readonly LogEvent[]): Promise<number> {
    await new Promise((r) => setTimeout(r, 200));
    return super.write(events);
  }
}

test('R4: a slow store makes ingest answer 503 with Retry-After, loses nothing, and keeps memory bounded', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'secai-r4-'));
  const config = loadConfig({
    env: {},
    flags: {
      port: 0,
      dataDir,
      logLevel: 'silent',
      jwtSecret: 'b'.repeat(40),
      adminPassword: 'backpressure-pw',
      logBufferEvents: BUFFER_LIMIT,
    },
  });
  const server = await startServer(config, {
    logger: pino({ level: 'silent' }),
    adapters: { logStore: new SlowLogStore(join(dataDir, 'logs')) },
  });
  try {
    const login = await fetch(`${server.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'backpressure-pw' }),
    });
    const token = ((await login.json()) as { access_token: string }).access_token;
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    let peakPending = 0;
    let refused = 0;
    let retryAfter: string | null = null;
    let next = 0;
    const worker = async () => {
      for (;;) {
        const batch = next++;
        if (batch * BATCH >= EVENTS) return;
        const body = Array.from({ length: BATCH }, (_, i) =>
          JSON.stringify({ event: { id: `r4-${batch * BATCH + i}` }, message: `R4 ${batch * BATCH + i}` }),
        ).join('\n');
        for (;;) {
          const res = await fetch(`${server.url}/v1/ingest`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
            body,
          });
          peakRss = Math.max(peakRss, process.memoryUsage().rss);
          peakPending = Math.max(peakPending, server.runtime.pipeline.pending);
          if (res.status === 200) {
            assert.is(((await res.json()) as { accepted: number }).accepted, BATCH);
            break;
          }
          assert.is(res.status, 503);
          assert.is(((await res.json()) as { code: string }).code, 'INGEST_SATURATED');
          retryAfter = res.headers.get('retry-after');
          refused++;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await server.runtime.pipeline.drained();
    const stats = await server.services.logs.stats({ q: 'message:r4*', by: 'secai.collector', limit: 10 });
    const growth = (peakRss - rssBefore) / 1024 / 1024;
    console.log(
      `  [R4] ${EVENTS} events, ${refused} batches refused with 503 (Retry-After ${retryAfter}), ${stats.total} stored, ${peakPending} buffered and RSS grew ${growth.toFixed(0)} MB at most`,
    );
    assert.ok(refused > 0, 'the slow store made the intake refuse');
    assert.is(retryAfter, '1');
    assert.is(stats.total, EVENTS);
    // A batch is let in when the buffer is under its limit, so each sender can overshoot it by one.
    assert.ok(peakPending <= BUFFER_LIMIT + CONCURRENCY * BATCH, `${peakPending} events buffered`);
    assert.ok(growth < RSS_GROWTH_CAP_MB, `RSS grew ${growth.toFixed(0)} MB`);
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test.run();
