// bee-queue's own wait for the next job, on a client whose every call fails (as while Redis is
// away): bound by boundWaits, a closed queue stops asking, and the pause between asks is bounded.
import BeeQueue from 'bee-queue';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { boundWaits } from './bee-queue.js';

interface QueueInternals {
  paused: boolean;
  _redisFailureRetryDelay?: number;
  _waitForJob(): Promise<unknown>;
}

/** A bee-queue Queue (its real methods) whose blocking client fails every call at once. */
function failingQueue(initialDelayMs: number): { queue: QueueInternals; asks: () => number } {
  let asks = 0;
  const queue = Object.assign(Object.create(BeeQueue.prototype), {
    paused: false,
    settings: { initialRedisFailureRetryDelay: initialDelayMs, keyPrefix: 'bq:test:' },
    bclient: {
      brpoplpush: (...args: unknown[]) => {
        asks++;
        (args[args.length - 1] as (err: Error) => void)(new Error('Redis connection to 127.0.0.1:6379 failed - connect ECONNREFUSED'));
      },
    },
    emit: () => true,
  }) as QueueInternals;
  boundWaits(queue as unknown as BeeQueue);
  return { queue, asks: () => asks };
}

test('a queue closed while its waits fail stops asking, and its last wait ends', async () => {
  const { queue, asks } = failingQueue(5);
  const waiting = queue._waitForJob();
  await new Promise((r) => setTimeout(r, 100));
  assert.ok(asks() >= 2, `asked ${asks()} times`);
  queue.paused = true; // what close() does first
  const ended = await Promise.race([waiting, new Promise((r) => setTimeout(r, 1_000, 'still waiting'))]);
  assert.is(ended, null);
  const after = asks();
  await new Promise((r) => setTimeout(r, 300));
  assert.is(asks(), after, 'no ask after the close');
});

test('the pause between failed waits stays at two seconds, however many waits fail together', async () => {
  const { queue } = failingQueue(500);
  // A worker queue waits once per slot; each failure doubles the queue's one pause.
  const waits = Array.from({ length: 32 }, () => queue._waitForJob());
  await new Promise((r) => setTimeout(r, 50));
  assert.is(queue._redisFailureRetryDelay, 2_000);
  queue.paused = true;
  await Promise.race([Promise.all(waits), new Promise((r) => setTimeout(r, 3_000))]);
});

test.run();
