// R5: bee-queue survives Redis restarts. 2,000 jobs; mid-run Redis is stopped with SIGTERM (it
// saves and reloads its data) or SIGKILL (it loses everything), for 2 s or 10 s: every job
// completes within 60 s of Redis returning, none fails, and at most `concurrency` run twice per
// restart. Runs against a redis-server the test starts itself, when SECAI_TEST_REDIS_URL says
// Redis tests are on.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { z } from 'zod';
import { ownRedis, redisServerAvailable } from '../_test/redis-server.js';
import { createTestRuntime, createTestStore, REDIS_URL, waitFor } from '../_test/runtime-harness.js';
import { defineJob } from '../jobs/definition.js';
import { workersComponent } from '../jobs/workers-component.js';
import { systemContext } from '../services/index.js';

const JOBS = 2_000;
const CONCURRENCY = 8;
const RECOVERY_MS = 60_000;

const SCENARIOS = [
  { signal: 'SIGTERM', downMs: 2_000 },
  { signal: 'SIGKILL', downMs: 2_000 },
  { signal: 'SIGTERM', downMs: 10_000 },
  { signal: 'SIGKILL', downMs: 10_000 },
] as const;

const s = suite('R5: bee-queue through Redis restarts');
const enabled = Boolean(REDIS_URL) && redisServerAvailable();

for (const { signal, downMs } of SCENARIOS) {
  const title = `${JOBS} jobs complete after Redis is stopped with ${signal} for ${downMs / 1000} s mid-run`;
  if (!enabled) {
    s.skip(title, () => {});
    continue;
  }
  s(title, async () => {
    const redis = await ownRedis({ persist: signal === 'SIGTERM' });
    const store = createTestStore('redis', redis.url);
    const runtime = await createTestRuntime(store, { shutdownTimeoutSeconds: 2 });
    const runs = new Map<string, number>();
    runtime.services.jobs.register(
      defineJob({
        name: 'r5',
        payload: z.object({ n: z.number() }),
        retries: 5,
        backoffMs: 100,
        // Idempotent (a count per job), as every handler must be; 5 ms of "work".
        handler: async (_p, ctx) => {
          runs.set(ctx.jobId, (runs.get(ctx.jobId) ?? 0) + 1);
          await new Promise((r) => setTimeout(r, 5));
        },
      }),
    );
    runtime.add(workersComponent(runtime.services.jobs, { concurrency: CONCURRENCY }));
    try {
      await runtime.start();
      const jobs = runtime.services.jobs;
      for (let i = 0; i < JOBS; i += 200) {
        await Promise.all(Array.from({ length: 200 }, (_, k) => jobs.enqueue(systemContext, 'r5', { n: i + k })));
      }
      await waitFor(() => runs.size >= 300, 'the run to be under way', 20_000);
      await redis.stop(signal);
      const doneWhenStopped = runs.size;
      await new Promise((r) => setTimeout(r, downMs));
      await redis.start();
      const back = Date.now();
      const count = async (state: string) => Number((await runtime.db('jobs').where({ state }).count({ n: '*' }).first())?.n ?? 0);
      await waitFor(async () => (await count('succeeded')) === JOBS, `${JOBS} jobs to succeed`, RECOVERY_MS);
      const took = Date.now() - back;
      assert.ok(doneWhenStopped < JOBS, 'Redis was stopped mid-run');
      assert.is(await count('failed'), 0);
      assert.is(runs.size, JOBS);
      const duplicates = [...runs.values()].reduce((sum, n) => sum + n - 1, 0);
      assert.ok(duplicates <= CONCURRENCY, `${duplicates} duplicate runs`);
      process.stdout.write(`  [R5 ${signal} ${downMs / 1000} s] all done ${took} ms after Redis returned; ${duplicates} duplicates\n`);
    } finally {
      await runtime.stop();
      await redis.destroy();
      await store.drop();
    }
  });
}

s.run();
