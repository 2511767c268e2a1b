#!/usr/bin/env node
// Seeds 100,000 alerts into the embedded SQLite database, then measures GET /v1/alerts?limit=100
// with a filter: latency (median, p99) of sequential requests, and requests/s under 50 concurrent
// connections (autocannon), beside a bare Express route on the same machine in the same run.
// Targets (issue #2): p99 < 25 ms; at least 40% of the bare-Express rate.
//
// The bare route sends the same page (the same bytes) as the API, so the ratio is what secai's
// own work costs (auth, validation, the query, logs); moving a 52 KB page through HTTP costs every
// server alike. The `{"ok":true}` route is printed beside it. Latency is measured with the list
// cache off, so every request reads the database; throughput with the cache on and off.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { loadConfig, startServer } from '@secai/server';
import express from 'express';
import { pino } from 'pino';

const execFileAsync = promisify(execFile);
const autocannonBin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
const ALERTS = Number(process.env.BENCH_ALERTS ?? 100_000);
const SEQUENTIAL = 2_000;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const PATH = process.env.BENCH_PATH ?? '/v1/alerts?limit=100&status=new,acknowledged&min_severity=medium';
const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'];
const STATUSES = ['new', 'acknowledged', 'investigating', 'resolved', 'false_positive'];

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** autocannon runs in its own process, so load generation does not share the server's event loop. */
async function rate(url, headers) {
  const args = [
    autocannonBin,
    '-j',
    '-c',
    '50',
    '-d',
    String(DURATION),
    ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]),
    url,
  ];
  const { stdout } = await execFileAsync(process.execPath, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const result = JSON.parse(stdout);
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

const dataDir = mkdtempSync(join(tmpdir(), 'secai-bench-'));
const config = loadConfig({ env: {}, flags: { port: 0, dataDir, adminPassword: 'bench-admin-password', logLevel: 'info' } });
// Request logs go to a file as in production, so their cost is in the figures.
const logger = pino({ level: 'info' }, pino.destination({ dest: join(dataDir, 'server.log'), sync: false }));
const running = await startServer(config, { logger });
let uncached;

try {
  const { db, repos } = running.services.deps;
  const started = performance.now();
  const now = Date.UTC(2026, 10, 1);
  const rows = Array.from({ length: ALERTS }, (_, i) => {
    const severity = SEVERITIES[i % 5];
    const at = new Date(now + i * 1000).toISOString();
    return {
      id: randomUUID(),
      title: `Benchmark alert ${i}`,
      description: 'Seeded by bench/api.mjs',
      severity,
      severity_rank: i % 5,
      // Independent of severity (i % 5), as in real data.
      status: STATUSES[Math.floor(i / 5) % 5],
      source: ['sysmon', 'sshd', 'nginx', 'zeek'][i % 4],
      rule: `rule_${i % 50}`,
      alert_type: null,
      asset_id: null,
      assignee_id: null,
      technique_ids: ['T1059.001'],
      tags: i % 3 === 0 ? ['bench'] : [],
      events: [{ 'event.code': i }],
      first_seen_at: at,
      last_seen_at: at,
      created_at: at,
      updated_at: at,
      acknowledged_at: null,
      resolved_at: null,
    };
  });
  await db.transaction((trx) => repos.alerts.insertMany(trx, rows));
  console.log(`seeded ${ALERTS.toLocaleString('en')} alerts in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const login = await fetch(`${running.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'bench-admin-password' }),
  });
  const { access_token: token } = await login.json();
  const headers = { authorization: `Bearer ${token}` };

  const page = await (await fetch(`${running.url}${PATH}`, { headers })).text();
  const first = JSON.parse(page);
  if (first.data.length !== 100) throw new Error(`expected a full page, got ${first.data.length}`);
  // A second server on the same database with the list cache off.
  uncached = await startServer(loadConfig({ env: {}, flags: { port: 0, dataDir, logLevel: 'info', responseCacheMb: 0 } }), { logger });

  const times = [];
  let cursor = null;
  for (let i = 0; i < SEQUENTIAL; i++) {
    // Alternate first pages and deeper pages so both keyset paths are measured.
    const url = `${uncached.url}${PATH}${cursor && i % 2 ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    const body = await res.json();
    times.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`status ${res.status}`);
    cursor = body.next_cursor;
  }
  times.sort((a, b) => a - b);
  const median = percentile(times, 50);
  const p99 = percentile(times, 99);

  const apiRate = await rate(`${running.url}${PATH}`, headers);
  const uncachedRate = await rate(`${uncached.url}${PATH}`, headers);

  const bare = express();
  bare.get('/page', (_req, res) => {
    res.type('json').send(page);
  });
  bare.get('/ok', (_req, res) => {
    res.json({ ok: true });
  });
  const bareServer = await new Promise((resolve) => {
    const s = bare.listen(0, '127.0.0.1', () => resolve(s));
  });
  const bareUrl = `http://127.0.0.1:${bareServer.address().port}`;
  const barePageRate = await rate(`${bareUrl}/page`, {});
  const bareOkRate = await rate(`${bareUrl}/ok`, {});
  bareServer.close();

  const pct = (a, b) => `${((a / b) * 100).toFixed(0)}%`;
  const share = apiRate / barePageRate;
  const kb = (Buffer.byteLength(page) / 1024).toFixed(0);
  console.log(`GET ${PATH} over ${ALERTS.toLocaleString('en')} alerts (SQLite)`);
  console.log(
    `  latency, cache off: median ${median.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms (${SEQUENTIAL} sequential requests; target p99 < 25 ms: ${p99 < 25 ? 'met' : 'MISSED'})`,
  );
  console.log('  throughput with 50 connections:');
  console.log(`    secai, list cache on:              ${apiRate.toFixed(0).padStart(6)} req/s`);
  console.log(`    secai, list cache off:             ${uncachedRate.toFixed(0).padStart(6)} req/s`);
  console.log(`    bare Express, the same ${kb} KB page: ${barePageRate.toFixed(0).padStart(6)} req/s`);
  console.log(`    bare Express, {"ok":true}:         ${bareOkRate.toFixed(0).padStart(6)} req/s`);
  console.log(
    `  secai/bare, same page: ${pct(apiRate, barePageRate)} (target >= 40%: ${share >= 0.4 ? 'met' : 'MISSED'}); cache off ${pct(uncachedRate, barePageRate)}; against {"ok":true} ${pct(apiRate, bareOkRate)}`,
  );
} finally {
  await uncached?.close();
  await running.close();
  rmSync(dataDir, { recursive: true, force: true });
}
