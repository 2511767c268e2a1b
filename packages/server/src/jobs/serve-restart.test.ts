// The in-process (database) queue survives `kill -9` of `secai serve`: jobs still queued, and
// those the killed process was running, run after a restart on the same data directory.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTestRuntime, createTestStore, waitFor } from '../_test/runtime-harness.js';
import { readRuns, SLEEP_JOB, sleepJob } from '../_test/test-jobs.js';
import { systemContext } from '../services/index.js';

const JOBS = 40;
const script = fileURLToPath(new URL('../_test/serve-process.ts', import.meta.url));

function serve(env: object): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, SECAI_TEST_SERVE: JSON.stringify(env) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`secai serve exited with ${code} before it was ready`)));
  });
  return { child, ready };
}

test('jobs pending when secai serve is killed (-9) run after it restarts on the same data dir', async () => {
  const store = createTestStore('sqlite');
  const runsFile = join(store.dataDir, 'runs.log');
  const env = {
    flags: {
      port: 0,
      dataDir: store.dataDir,
      logLevel: 'silent',
      jwtSecret: 'x'.repeat(40),
      adminPassword: 'serve-restart-password',
      jobConcurrency: 4,
    },
    runsFile,
  };
  const children: ChildProcess[] = [];
  const first = serve(env);
  children.push(first.child);
  // Enqueued by another process on the same SQLite file, as a second CLI or a script would.
  let producer: Awaited<ReturnType<typeof createTestRuntime>> | undefined;
  try {
    await first.ready;
    producer = await createTestRuntime(store);
    producer.services.jobs.register(sleepJob(runsFile));
    for (let n = 0; n < JOBS; n++) await producer.services.jobs.enqueue(systemContext, SLEEP_JOB, { n, ms: 300 });
    await waitFor(() => readRuns(runsFile).length >= 8, 'the server to be working the jobs', 30_000);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const db = producer.db;
    const count = async (state: string) => Number((await db('jobs').where({ state }).count({ n: '*' }).first())?.n ?? 0);
    const pending = (await count('queued')) + (await count('running'));
    assert.ok(pending > 0, 'jobs were pending at the kill');

    const second = serve(env);
    children.push(second.child);
    await second.ready;
    await waitFor(async () => (await count('succeeded')) === JOBS, `${JOBS} jobs to succeed after the restart`, 60_000);
    assert.is(new Set(readRuns(runsFile).map((r) => r.n)).size, JOBS);
    assert.is(await count('failed'), 0);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await producer?.stop();
    await store.drop();
  }
});

test.run();
