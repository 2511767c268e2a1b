// The job engine on SQLite and PostgreSQL (the database queue): retries with backoff, timeouts,
// the dead letter, cancelling, progress, pruning, dedupe keys and release on stop.
import { FINISHED_JOB_STATES } from '@secai/core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { z } from 'zod';
import { createTestRuntime, createTestStore, type EngineKind, engineAvailable, waitFor } from '../_test/runtime-harness.js';
import type { Runtime } from '../runtime/runtime.js';
import { systemContext } from '../services/index.js';
import { defineJob } from './definition.js';
import { workersComponent } from './workers-component.js';

interface Fixture {
  runtime: Runtime;
  calls: Map<string, number>;
  /** Resolves the `gate` job's handlers. */
  open(): void;
  aborted: string[];
}

const Payload = z.object({ key: z.string() });

function register(runtime: Runtime, f: Omit<Fixture, 'runtime' | 'open'>, gate: { promise: Promise<void> }) {
  const count = (key: string) => f.calls.set(key, (f.calls.get(key) ?? 0) + 1);
  const jobs = runtime.services.jobs;
  jobs.register(defineJob({ name: 'echo', payload: Payload, handler: async (p) => ({ echoed: p.key }) }));
  let inside = 0;
  jobs.register(
    defineJob({
      name: 'single',
      payload: Payload,
      concurrency: 1,
      handler: async () => {
        inside++;
        const most = inside;
        await new Promise((resolve) => setTimeout(resolve, 30));
        inside--;
        return most;
      },
    }),
  );
  jobs.register(
    defineJob({
      name: 'flaky',
      payload: Payload,
      retries: 3,
      backoffMs: 200,
      handler: async (p) => {
        count(p.key);
        if ((f.calls.get(p.key) ?? 0) < 3) throw new Error(`attempt ${f.calls.get(p.key)} failed`);
        return 'third time';
      },
    }),
  );
  jobs.register(
    defineJob({
      name: 'broken',
      payload: Payload,
      retries: 1,
      backoffMs: 20,
      handler: async (p) => {
        count(p.key);
        throw new Error('always broken');
      },
    }),
  );
  jobs.register(
    defineJob({
      name: 'slow',
      payload: Payload,
      retries: 0,
      timeoutMs: 150,
      handler: async (p, ctx) => {
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
        f.aborted.push(`${p.key}:${ctx.signal.reason}`);
      },
    }),
  );
  jobs.register(
    defineJob({
      name: 'gate',
      payload: Payload,
      handler: async (p, ctx) => {
        count(p.key);
        for (let i = 1; i <= 50; i++) ctx.progress(i, 100, `step ${i}`);
        await Promise.race([gate.promise, new Promise((r) => ctx.signal.addEventListener('abort', r))]);
        if (ctx.signal.aborted) f.aborted.push(`${p.key}:${ctx.signal.reason}`);
        ctx.progress(100, 100, 'done');
        return 'opened';
      },
    }),
  );
}

function engineSuite(kind: EngineKind) {
  const s = suite(`job engine [${kind}]`);
  if (!engineAvailable(kind)) {
    for (const t of ['all']) s.skip(t, () => {});
    s.run();
    return;
  }
  const store = createTestStore(kind);
  let f!: Fixture;
  let gate: { promise: Promise<void>; resolve(): void };
  const newGate = () => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => {
      resolve = r;
    });
    gate = { promise, resolve };
  };

  s.before(async () => {
    newGate();
    const runtime = await createTestRuntime(store);
    const partial = { calls: new Map<string, number>(), aborted: [] as string[] };
    register(runtime, partial, {
      get promise() {
        return gate.promise;
      },
    });
    runtime.add(workersComponent(runtime.services.jobs, { concurrency: 4 }));
    await runtime.start();
    f = { runtime, ...partial, open: () => gate.resolve() };
  });
  s.after(async () => {
    f.open();
    await f.runtime.stop();
    await store.drop();
  });

  const jobs = () => f.runtime.services.jobs;
  const settled = (id: string, ms = 10_000) =>
    waitFor(
      async () => {
        const job = await jobs().get(systemContext, id);
        return (FINISHED_JOB_STATES as readonly string[]).includes(job.state) ? job : null;
      },
      `job ${id} to finish`,
      ms,
    );

  s('a job runs once and keeps what its handler returned', async () => {
    const job = await jobs().enqueue(systemContext, 'echo', { key: 'a' });
    assert.is(job.state, 'queued');
    const done = await settled(job.id);
    assert.is(done.state, 'succeeded');
    assert.equal(done.result, { echoed: 'a' });
    assert.is(done.attempts, 1);
    assert.ok(done.started_at && done.finished_at);
  });

  s("a definition's concurrency bounds it below the worker's: one at a time of four slots", async () => {
    const queued = await Promise.all(['s1', 's2', 's3', 's4'].map((key) => jobs().enqueue(systemContext, 'single', { key })));
    const done = await Promise.all(queued.map((job) => settled(job.id)));
    assert.equal(
      done.map((job) => job.result),
      [1, 1, 1, 1],
    );
  });

  s('a payload that does not match its definition is a 400 and no job', async () => {
    try {
      await jobs().enqueue(systemContext, 'echo', { key: 42 });
      assert.unreachable();
    } catch (err) {
      assert.is((err as { code: string }).code, 'VALIDATION_FAILED');
    }
  });

  s('a failing attempt is retried after an exponential backoff until it succeeds', async () => {
    const job = await jobs().enqueue(systemContext, 'flaky', { key: 'flaky-1' });
    const started = Date.now();
    const done = await settled(job.id);
    assert.is(done.state, 'succeeded');
    assert.is(done.attempts, 3);
    assert.is(f.calls.get('flaky-1'), 3);
    assert.is(done.result, 'third time');
    // Backoffs of 200 ms then 400 ms, each at least half (jitter): 300 ms at the very least.
    assert.ok(Date.now() - started >= 300, `took ${Date.now() - started} ms`);
  });

  s('after the last retry a job is failed (the dead letter) with its error', async () => {
    const job = await jobs().enqueue(systemContext, 'broken', { key: 'broken-1' });
    const done = await settled(job.id);
    assert.is(done.state, 'failed');
    assert.is(done.attempts, 2);
    assert.is(done.max_attempts, 2);
    assert.is(done.error?.message, 'always broken');
    assert.is(f.calls.get('broken-1'), 2);
  });

  s('an attempt over its timeout aborts the signal and fails with JOB_TIMEOUT', async () => {
    const job = await jobs().enqueue(systemContext, 'slow', { key: 'slow-1' });
    const done = await settled(job.id);
    assert.is(done.state, 'failed');
    assert.is(done.error?.code, 'JOB_TIMEOUT');
    await waitFor(() => f.aborted.includes('slow-1:timeout'), 'the handler to see the abort');
  });

  s('a queued job is cancelled at once and never runs', async () => {
    const job = await jobs().enqueue(systemContext, 'broken', { key: 'later' }, { runAt: new Date(Date.now() + 60_000) });
    const cancelled = await jobs().cancel(systemContext, job.id);
    assert.is(cancelled.state, 'cancelled');
    assert.ok(cancelled.finished_at);
    try {
      await jobs().cancel(systemContext, job.id);
      assert.unreachable();
    } catch (err) {
      assert.is((err as { code: string }).code, 'JOB_NOT_CANCELLABLE');
    }
    assert.is(f.calls.get('later'), undefined);
  });

  s('a running job shows its latest progress, and cancelling it aborts its signal', async () => {
    newGate();
    const job = await jobs().enqueue(systemContext, 'gate', { key: 'gate-cancel' });
    const running = await waitFor(async () => {
      const j = await jobs().get(systemContext, job.id);
      return j.state === 'running' && j.progress?.done === 50 ? j : null;
    }, 'the job to run and report progress');
    assert.equal(running.progress, { done: 50, total: 100, message: 'step 50' });
    const cancelled = await jobs().cancel(systemContext, job.id);
    assert.is(cancelled.state, 'cancelled');
    await waitFor(() => f.aborted.includes('gate-cancel:cancelled'), 'the handler to be aborted');
    // The handler's late result does not undo the cancellation.
    await new Promise((r) => setTimeout(r, 100));
    assert.is((await jobs().get(systemContext, job.id)).state, 'cancelled');
  });

  s('progress is written to the row with the outcome', async () => {
    newGate();
    const job = await jobs().enqueue(systemContext, 'gate', { key: 'gate-progress' });
    await waitFor(async () => (await jobs().get(systemContext, job.id)).state === 'running', 'the job to run');
    f.open();
    const done = await settled(job.id);
    assert.is(done.state, 'succeeded');
    assert.equal(done.progress, { done: 100, total: 100, message: 'done' });
  });

  s('a failed or cancelled job can be retried from its first attempt; a succeeded one cannot', async () => {
    const job = await jobs().enqueue(systemContext, 'broken', { key: 'broken-2' });
    await settled(job.id);
    const again = await jobs().retry(systemContext, job.id);
    assert.is(again.state, 'queued');
    assert.is(again.attempts, 0);
    assert.is(again.error, null);
    const done = await settled(job.id);
    assert.is(done.state, 'failed');
    assert.is(f.calls.get('broken-2'), 4);
    const ok = await jobs().enqueue(systemContext, 'echo', { key: 'b' });
    await settled(ok.id);
    try {
      await jobs().retry(systemContext, ok.id);
      assert.unreachable();
    } catch (err) {
      assert.is((err as { code: string }).code, 'JOB_NOT_RETRYABLE');
    }
  });

  s('a dedupe key already used returns the existing job', async () => {
    const first = await jobs().enqueue(systemContext, 'echo', { key: 'd1' }, { dedupeKey: 'nightly-2026-01-01' });
    const second = await jobs().enqueue(systemContext, 'echo', { key: 'd2' }, { dedupeKey: 'nightly-2026-01-01' });
    assert.is(second.id, first.id);
    const page = await jobs().list(systemContext, { limit: 100, name: 'echo' } as never);
    assert.is(page.data.filter((j) => j.id === first.id).length, 1);
  });

  s('jobs list newest first, filtered by state and name, page by page', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await jobs().enqueue(systemContext, 'broken', { key: `list-${i}` }, { runAt: new Date(Date.now() + 60_000) })).id);
    const first = await jobs().list(systemContext, { limit: 3, name: 'broken', state: ['queued'] } as never);
    assert.is(first.data.length, 3);
    assert.ok(first.next_cursor);
    const second = await jobs().list(systemContext, { limit: 3, name: 'broken', state: ['queued'], cursor: first.next_cursor } as never);
    const seen = [...first.data, ...second.data].map((j) => j.id);
    assert.equal(seen.slice(0, 5).sort(), [...ids].sort());
    for (const id of ids) await jobs().cancel(systemContext, id);
  });

  s('prune deletes finished jobs older than the cut-off, in batches, and keeps the rest', async () => {
    const old = await jobs().enqueue(systemContext, 'echo', { key: 'old' });
    await settled(old.id);
    const waiting = await jobs().enqueue(systemContext, 'echo', { key: 'waiting' }, { runAt: new Date(Date.now() + 60_000) });
    await f.runtime
      .db('jobs')
      .where({ id: old.id })
      .update({ finished_at: new Date(Date.now() - 10 * 86_400_000).toISOString() });
    const pruned = await jobs().prune(new Date(Date.now() - 7 * 86_400_000));
    assert.is(pruned, 1);
    try {
      await jobs().get(systemContext, old.id);
      assert.unreachable();
    } catch (err) {
      assert.is((err as { code: string }).code, 'JOB_NOT_FOUND');
    }
    assert.is((await jobs().get(systemContext, waiting.id)).state, 'queued');
    await jobs().cancel(systemContext, waiting.id);
  });

  s.run();
}

function releaseSuite(kind: EngineKind) {
  const s = suite(`job workers stop [${kind}]`);
  if (!engineAvailable(kind)) {
    s.skip('a job still running at the shutdown deadline goes back to queued', () => {});
    s.run();
    return;
  }
  s('a job still running at the shutdown deadline goes back to queued, its attempt uncounted', async () => {
    const store = createTestStore(kind);
    const runtime = await createTestRuntime(store, { shutdownTimeoutSeconds: 1 });
    const seen: string[] = [];
    runtime.services.jobs.register(
      defineJob({
        name: 'stubborn',
        payload: Payload,
        handler: async (_p, ctx) => {
          seen.push('started');
          await new Promise((r) => ctx.signal.addEventListener('abort', r));
          seen.push(String(ctx.signal.reason));
        },
      }),
    );
    runtime.add(workersComponent(runtime.services.jobs, { concurrency: 1 }));
    await runtime.start();
    const job = await runtime.services.jobs.enqueue(systemContext, 'stubborn', { key: 'x' });
    await waitFor(() => seen.includes('started'), 'the job to start');
    const db = runtime.db;
    const rows: unknown[] = [];
    // Read the row the moment the runtime closes its database, through a second runtime after.
    await runtime.stop();
    assert.equal(seen, ['started', 'shutdown']);
    const after = await createTestRuntime(store);
    try {
      const row = await after.db('jobs').where({ id: job.id }).first();
      rows.push(row);
      assert.is(row.state, 'queued');
      assert.is(row.attempts, 0);
      assert.is(row.worker, null);
    } finally {
      await after.stop();
      await store.drop();
    }
    assert.ok(db);
  });
  s.run();
}

for (const kind of ['sqlite', 'postgresql'] as const) {
  engineSuite(kind);
  releaseSuite(kind);
}
