// The contract every Queue transport keeps, run against the database queue (SQLite, PostgreSQL)
// and bee-queue (Redis): each job runs once, not before its time, shared between workers, and a
// job whose worker died runs again.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { z } from 'zod';
import { defineJob } from '../jobs/definition.js';
import { workersComponent } from '../jobs/workers-component.js';
import type { Runtime } from '../runtime/runtime.js';
import { systemContext } from '../services/index.js';
import { createTestRuntime, createTestStore, type EngineKind, engineAvailable, waitFor } from './runtime-harness.js';

const TESTS = [
  'every pushed job is delivered and runs exactly once',
  'a job due later is not delivered before its run_at',
  'two workers on one store share the jobs, each job once',
  'a job held by a worker that died is taken over when its lease runs out',
] as const;

async function worker(store: ReturnType<typeof createTestStore>, runs: Map<string, number>, concurrency = 8, jobMs = 2): Promise<Runtime> {
  const runtime = await createTestRuntime(store);
  runtime.services.jobs.register(
    defineJob({
      name: 'count',
      payload: z.object({ n: z.number() }),
      handler: async (_p, ctx) => {
        runs.set(ctx.jobId, (runs.get(ctx.jobId) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, jobMs));
      },
    }),
  );
  runtime.add(workersComponent(runtime.services.jobs, { concurrency }));
  await runtime.start();
  return runtime;
}

const doneCount = async (runtime: Runtime) =>
  Number((await runtime.db('jobs').where({ state: 'succeeded' }).count({ n: '*' }).first())?.n ?? 0);

export function queueContract(kind: EngineKind, transport: 'database' | 'bee-queue'): void {
  const s = suite(`Queue contract: ${transport} [${kind}]`);
  if (!engineAvailable(kind)) {
    for (const t of TESTS) s.skip(t, () => {});
    s.run();
    return;
  }

  s(TESTS[0], async () => {
    const store = createTestStore(kind);
    const runs = new Map<string, number>();
    const runtime = await worker(store, runs);
    try {
      assert.is(runtime.adapters.queue.kind, transport);
      const ids = await Promise.all(Array.from({ length: 200 }, (_, n) => runtime.services.jobs.enqueue(systemContext, 'count', { n })));
      await waitFor(async () => (await doneCount(runtime)) === 200, '200 jobs to succeed', 20_000);
      assert.is(runs.size, 200);
      for (const job of ids) assert.is(runs.get(job.id), 1, `job ${job.id} ran ${runs.get(job.id)} times`);
    } finally {
      await runtime.stop();
      await store.drop();
    }
  });

  s(TESTS[1], async () => {
    const store = createTestStore(kind);
    const runs = new Map<string, number>();
    const runtime = await worker(store, runs);
    try {
      const due = Date.now() + 1_500;
      const job = await runtime.services.jobs.enqueue(systemContext, 'count', { n: 1 }, { runAt: new Date(due) });
      await new Promise((r) => setTimeout(r, 700));
      assert.is(runs.get(job.id), undefined);
      await waitFor(() => runs.get(job.id) === 1, 'the job to run', 10_000);
      const row = await runtime.services.jobs.get(systemContext, job.id);
      assert.ok(Date.parse(row.started_at ?? '') >= due - 1_000, 'started before its run_at');
    } finally {
      await runtime.stop();
      await store.drop();
    }
  });

  s(TESTS[2], async () => {
    if (kind === 'sqlite') return; // one SQLite file has one process in practice: nothing to share
    const store = createTestStore(kind);
    const runsA = new Map<string, number>();
    const runsB = new Map<string, number>();
    // Jobs long enough (200 × 20 ms over 4 slots: a second for one worker alone) that B's poll
    // always comes while A is still busy, however loaded the machine; each instance enqueues half,
    // as two servers behind one balancer would.
    const a = await worker(store, runsA, 4, 20);
    const b = await worker(store, runsB, 4, 20);
    try {
      await Promise.all(Array.from({ length: 200 }, (_, n) => (n % 2 ? b : a).services.jobs.enqueue(systemContext, 'count', { n })));
      await waitFor(async () => (await doneCount(a)) === 200, '200 jobs to succeed', 20_000);
      const ids = new Set([...runsA.keys(), ...runsB.keys()]);
      assert.is(ids.size, 200);
      for (const id of ids) assert.is((runsA.get(id) ?? 0) + (runsB.get(id) ?? 0), 1);
      assert.ok(runsA.size > 0 && runsB.size > 0, `A ran ${runsA.size}, B ran ${runsB.size}`);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      await store.drop();
    }
  });

  s(TESTS[3], async () => {
    const store = createTestStore(kind);
    const runs = new Map<string, number>();
    const runtime = await worker(store, runs);
    try {
      // A row as a killed worker leaves it: running, attempt 1 counted, lease run out.
      const job = await runtime.services.jobs.enqueue(systemContext, 'count', { n: 7 }, { runAt: new Date(Date.now() + 3_600_000) });
      await runtime
        .db('jobs')
        .where({ id: job.id })
        .update({ state: 'running', attempts: 1, worker: 'dead:1', lease_until: new Date(Date.now() - 1_000).toISOString() });
      const done = await waitFor(
        async () => {
          const j = await runtime.services.jobs.get(systemContext, job.id);
          return j.state === 'succeeded' ? j : null;
        },
        'the abandoned job to run',
        20_000,
      );
      assert.is(runs.get(job.id), 1);
      assert.is(done?.attempts, 2);
    } finally {
      await runtime.stop();
      await store.drop();
    }
  });

  s.run();
}
