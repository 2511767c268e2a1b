#!/usr/bin/env node
// 10,000 no-op jobs through the in-process (database) queue and through our bee-queue adapter,
// beside a bare bee-queue producer/consumer loop in the same run, on the same Redis.
// Target (issue #9): our bee-queue path within 20% of bare bee-queue (jobs/s).
//
// Each figure is from the first enqueue to the last job finished. Ours includes what bare
// bee-queue does not do: the job's row (insert, claim, outcome) in the database, in group
// commits. Redis: a redis-server of the benchmark's own on a free port, or SECAI_TEST_REDIS_URL
// with a key prefix of the run's own (deleted afterwards).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { defineJob, loadConfig, startWorker } from '@secai/server';
import BeeQueue from 'bee-queue';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { z } from 'zod';

const JOBS = Number(process.env.BENCH_JOBS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
/** Enqueues in flight at once, as many producers (requests, schedules) would. */
const ENQUEUE_BATCH = 500;
const TARGET_OVERHEAD = 0.2;
const system = Object.freeze({ actor: null, ip: null, requestId: null, userAgent: null });

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function ownRedis() {
  if (process.env.SECAI_TEST_REDIS_URL) return { url: process.env.SECAI_TEST_REDIS_URL, stop: async () => {} };
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      if (out.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  child.stdout.resume();
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

/** Bare bee-queue: save 10,000 jobs, process them with the same concurrency, count the ends. */
async function bare(url, prefix) {
  const { hostname, port } = new URL(url);
  const settings = {
    prefix: `${prefix}bare`,
    redis: { host: hostname, port: Number(port) },
    removeOnSuccess: true,
    storeJobs: false,
    sendEvents: false,
    getEvents: false,
  };
  const producer = new BeeQueue('bench', { ...settings, isWorker: false });
  const consumer = new BeeQueue('bench', { ...settings, isWorker: true });
  await Promise.all([producer.ready(), consumer.ready()]);
  let done = 0;
  let finished;
  const all = new Promise((resolve) => {
    finished = resolve;
  });
  consumer.process(CONCURRENCY, async () => {
    if (++done === JOBS) finished();
  });
  const start = performance.now();
  for (let i = 0; i < JOBS; i += ENQUEUE_BATCH) {
    await Promise.all(Array.from({ length: Math.min(ENQUEUE_BATCH, JOBS - i) }, (_, k) => producer.createJob({ n: i + k }).save()));
  }
  await all;
  const ms = performance.now() - start;
  await Promise.all([producer.close(), consumer.close()]);
  return ms;
}

/** Ours: a worker runtime with a no-op job; enqueued through JobsService, done when every row says succeeded. */
async function ours(redisUrl, prefix) {
  const dataDir = mkdtempSync(join(tmpdir(), 'secai-bench-jobs-'));
  const config = loadConfig({
    env: {},
    flags: { dataDir, logLevel: 'silent', jwtSecret: 'x'.repeat(40), ...(redisUrl && { redisUrl, redisPrefix: prefix }) },
  });
  let handled = 0;
  const noop = defineJob({ name: 'noop', payload: z.object({ n: z.number() }), handler: async () => void handled++ });
  const runtime = await startWorker(config, { concurrency: CONCURRENCY, logger: pino({ level: 'silent' }), definitions: [noop] });
  try {
    const start = performance.now();
    for (let i = 0; i < JOBS; i += ENQUEUE_BATCH) {
      await Promise.all(
        Array.from({ length: Math.min(ENQUEUE_BATCH, JOBS - i) }, (_, k) => runtime.services.jobs.enqueue(system, 'noop', { n: i + k })),
      );
    }
    const enqueuedMs = performance.now() - start;
    // Counted in the handler first: a count query every few ms would compete with the work measured.
    while (handled < JOBS) await new Promise((r) => setTimeout(r, 5));
    for (;;) {
      const row = await runtime.db('jobs').where({ state: 'succeeded' }).count({ n: '*' }).first();
      if (Number(row.n) === JOBS) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const ms = performance.now() - start;
    if (handled < JOBS) throw new Error(`only ${handled} handled`);
    return { ms, enqueuedMs, duplicates: handled - JOBS };
  } finally {
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const rate = (ms) => Math.round(JOBS / (ms / 1000));
const redis = await ownRedis();
const prefix = `secai-bench-${randomBytes(4).toString('hex')}:`;
try {
  console.log(`${JOBS} no-op jobs, concurrency ${CONCURRENCY}, SQLite, node ${process.version}`);
  const database = await ours(undefined, prefix);
  console.log(
    `in-process (database) queue: ${rate(database.ms)} jobs/s (${Math.round(database.ms)} ms; all enqueued at ${Math.round(database.enqueuedMs)} ms)`,
  );
  const bareMs = await bare(redis.url, prefix);
  const beeQueue = await ours(redis.url, prefix);
  const overhead = beeQueue.ms / bareMs - 1;
  console.log(`bare bee-queue:              ${rate(bareMs)} jobs/s (${Math.round(bareMs)} ms)`);
  console.log(
    `secai on bee-queue:          ${rate(beeQueue.ms)} jobs/s (${Math.round(beeQueue.ms)} ms; all enqueued at ${Math.round(beeQueue.enqueuedMs)} ms), ${beeQueue.duplicates} duplicates`,
  );
  console.log(`overhead vs bare bee-queue:  ${(overhead * 100).toFixed(1)}% (target <= ${TARGET_OVERHEAD * 100}%)`);
  if (overhead > TARGET_OVERHEAD) process.exitCode = 1;
} finally {
  const r = new Redis(redis.url);
  const keys = await r.keys(`${prefix}*`);
  if (keys.length > 0) await r.del(...keys);
  r.disconnect();
  await redis.stop();
}
