import { Worker } from 'node:worker_threads';
import { aborted } from '../runtime/component.js';
import type { AssetIndex } from './asset-index.js';
import type { RulesToRun } from './detection.js';
import type { EventWriter, WriteOptions, WriteResult, WriterSettings } from './event-writer.js';
import type { RawRecord } from './intake.js';

/** Where the thread's own store is: the same files or database the main thread's store reads. */
export type StoreLocation = { kind: 'sqlite'; dir: string } | { kind: 'postgresql'; url: string; schema?: string };

export interface WriterThreadData {
  store: StoreLocation;
  settings: WriterSettings;
}

export type WriterRequest =
  | { type: 'write'; id: number; records: readonly RawRecord[]; options: WriteOptions }
  | { type: 'assets'; index: AssetIndex }
  | { type: 'rules'; rules: RulesToRun }
  | { type: 'close' };

export type WriterResponse =
  | { type: 'ready' }
  | { type: 'fatal'; message: string }
  | { type: 'written'; id: number; result: WriteResult }
  | { type: 'failed'; id: number; message: string };

/**
 * Parsing and storing in a worker thread: on two cores the collectors, the spool and the API keep
 * one while the parsers and SQLite's inserts (synchronous in better-sqlite3) take the other. A
 * thread that dies fails the writes it held (the pipeline retries them from its queue) and is
 * started again on the next write.
 */
export function workerWriter(store: StoreLocation, settings: WriterSettings = {}): EventWriter {
  let thread: { worker: Worker; ready: Promise<void> } | null = null;
  const pending = new Map<number, { resolve(r: WriteResult): void; reject(e: Error): void }>();
  let nextId = 0;
  let assets: AssetIndex | null = null;
  let rules: RulesToRun | null = null;

  const start = () => {
    // The worker runs the same build as this thread: dist's .js, or the .ts sources under tsx
    // (tests), whose loader a worker does not inherit by itself.
    const sources = import.meta.url.endsWith('.ts');
    const url = new URL(`./writer-thread${sources ? '.ts' : '.js'}`, import.meta.url);
    const workerData = { store, settings } satisfies WriterThreadData;
    // A batch in flight is a few tens of MB of events: a bounded heap makes the thread collect
    // rather than grow, which keeps the server's memory flat under a flood.
    const resourceLimits = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 };
    const worker = sources
      ? new Worker(`import('tsx/esm/api').then((tsx) => tsx.register()).then(() => import(${JSON.stringify(url.href)}))`, {
          eval: true,
          workerData,
          resourceLimits,
        })
      : new Worker(url, { workerData, resourceLimits });
    const ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (message: WriterResponse) => {
        if (message.type === 'ready') resolve();
        else if (message.type === 'fatal') reject(new Error(`log writer could not open the store: ${message.message}`));
        else {
          const waiter = pending.get(message.id);
          pending.delete(message.id);
          if (message.type === 'written') waiter?.resolve(message.result);
          else waiter?.reject(new Error(message.message));
        }
      });
      worker.once('error', reject);
    });
    worker.once('exit', (code) => {
      if (thread?.worker === worker) thread = null;
      for (const [, waiter] of pending) waiter.reject(new Error(`the log writer thread exited (${code})`));
      pending.clear();
    });
    if (assets) worker.postMessage({ type: 'assets', index: assets } satisfies WriterRequest);
    if (rules) worker.postMessage({ type: 'rules', rules } satisfies WriterRequest);
    thread = { worker, ready };
    ready.catch(() => worker.terminate());
    return thread;
  };

  return {
    async write(records, options = {}) {
      const { worker, ready } = thread ?? start();
      await ready;
      const id = nextId++;
      return new Promise<WriteResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ type: 'write', id, records, options } satisfies WriterRequest);
      });
    },
    setAssets(index) {
      assets = index;
      thread?.worker.postMessage({ type: 'assets', index } satisfies WriterRequest);
    },
    setRules(next) {
      rules = next;
      thread?.worker.postMessage({ type: 'rules', rules: next } satisfies WriterRequest);
    },
    async close(deadline) {
      const current = thread;
      thread = null;
      if (!current) return;
      const exited = new Promise<void>((resolve) => current.worker.once('exit', () => resolve()));
      current.worker.postMessage({ type: 'close' } satisfies WriterRequest);
      // Past the deadline the batch in hand is abandoned: its transaction never commits, and
      // the spool, not yet moved past it, gives it again at the next start.
      const letGo = deadline ? aborted(deadline) : new Promise<void>(() => {});
      await Promise.race([exited, letGo, new Promise((r) => setTimeout(r, 5_000).unref())]);
      await current.worker.terminate();
    },
  };
}
