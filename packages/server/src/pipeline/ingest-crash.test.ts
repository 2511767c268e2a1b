// R1: a client posts 100,000 events with unique ids, in batches of 100, 4 at a time, while the test
// kills `secai serve` (-9) three times at random moments and restarts it on the same data dir; the
// client sends again every batch it got no answer for. Every acknowledged event must be stored,
// and none more than once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { waitFor } from '../_test/runtime-harness.js';
import { type ServeChild, serveChild } from '../_test/serve-child.js';

const EVENTS = 100_000;
const BATCH = 100;
const CONCURRENCY = 4;
const KILLS = 3;
const PASSWORD = 'ingest-crash-password';

test('R1: no acknowledged event is lost across three kill -9 of secai serve, none stored twice', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'secai-r1-'));
  const flags = { port: 0, dataDir, logLevel: 'silent', jwtSecret: 'r'.repeat(40), adminPassword: PASSWORD, serveWorkers: false };
  let server: ServeChild = serveChild({ flags });
  let base = await server.url;
  const token = await login(base);
  const acked = new Set<number>();
  let next = 0;
  let attempts = 0;
  // Kill points: at random shares of the batches acknowledged, sorted.
  const killAt = Array.from({ length: KILLS }, (_, i) => Math.floor(((i + 0.2 + Math.random() * 0.6) / KILLS) * (EVENTS / BATCH))).sort(
    (a, b) => a - b,
  );
  let batchesAcked = 0;
  let restarting: Promise<void> | null = null;
  const kills: number[] = [];

  const restart = async () => {
    kills.push(batchesAcked);
    await server.kill('SIGKILL');
    server = serveChild({ flags });
    base = await server.url;
  };

  const worker = async () => {
    for (;;) {
      const batch = next++;
      if (batch * BATCH >= EVENTS) return;
      const body = Array.from({ length: BATCH }, (_, i) => {
        const n = batch * BATCH + i;
        return JSON.stringify({
          '@timestamp': new Date(Date.UTC(2026, 11, 1) + n).toISOString(),
          event: { id: `r1-${n}` },
          message: `R1 event ${n}`,
        });
      }).join('\n');
      for (;;) {
        if (restarting) await restarting;
        attempts++;
        const ok = await fetch(`${base}/v1/ingest?source=r1`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
          body,
        }).then(
          async (res) => res.status === 200 && ((await res.json()) as { accepted: number }).accepted === BATCH,
          () => false,
        );
        if (ok) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      for (let i = 0; i < BATCH; i++) acked.add(batch * BATCH + i);
      batchesAcked++;
      if (killAt.length > 0 && batchesAcked >= (killAt[0] as number) && !restarting) {
        killAt.shift();
        restarting = restart().finally(() => {
          restarting = null;
        });
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    if (restarting) await restarting;
    assert.is(kills.length, KILLS, 'three kills happened');
    assert.is(acked.size, EVENTS);
    // Everything acknowledged is searchable once the pipeline has caught up.
    const ids = await waitFor(
      async () => {
        const found = await storedIds(base, token);
        return found.length >= EVENTS ? found : null;
      },
      'every acknowledged event to be stored',
      120_000,
    );
    const unique = new Set(ids);
    const missing = [...acked].filter((n) => !unique.has(`r1-${n}`));
    console.log(
      `  [R1] ${EVENTS} events, ${attempts - EVENTS / BATCH} batches sent again, kills after ${kills.join(', ')} batches; stored ${ids.length}, missing ${missing.length}, duplicates ${ids.length - unique.size}`,
    );
    assert.is(missing.length, 0, 'acknowledged events missing');
    assert.is(ids.length - unique.size, 0, 'events stored twice');
  } finally {
    await server.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});

async function login(base: string): Promise<string> {
  const res = await fetch(`${base}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Every stored event id of the source, through the API, a thousand a page. */
async function storedIds(base: string, token: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const url = new URL(`${base}/v1/logs`);
    url.searchParams.set('q', 'secai.source:r1');
    url.searchParams.set('limit', '1000');
    if (cursor) url.searchParams.set('cursor', cursor);
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const page = (await res.json()) as { data: { event: { id: string } }[]; next_cursor: string | null };
    for (const e of page.data) ids.push(e.event.id);
    cursor = page.next_cursor;
  } while (cursor);
  return ids;
}

test.run();
