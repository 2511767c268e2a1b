import { setTimeout as delay } from 'node:timers/promises';
import * as assert from 'uvu/assert';
import { inMemory, onRedis } from '../_test/adapter-implementations.js';
import { contract } from '../_test/contract.js';
import type { Counters } from './counters.js';
import { MemoryCounters } from './memory-counters.js';
import { RedisCounters } from './redis-counters.js';

/** Two processes' counters on one engine. */
type Pair = { a: Counters; b: Counters };

contract<Pair>(
  'Counters contract',
  [
    inMemory(() => {
      const counters = new MemoryCounters();
      return { a: counters, b: counters };
    }),
    onRedis(([one, two]) => ({ a: new RedisCounters(one as never), b: new RedisCounters(two as never) }), 2),
  ],
  (test, pair) => {
    test('counts from every process add up within the window, which ends at resetAt', async () => {
      const t0 = Date.now();
      const first = await pair().a.increment('login|alice', 60_000);
      await pair().b.increment('login|alice', 60_000);
      const third = await pair().a.increment('login|alice', 60_000);
      assert.is(first.count, 1);
      assert.is(third.count, 3);
      assert.ok(third.resetAt > t0 + 59_000 && third.resetAt <= Date.now() + 60_000, String(third.resetAt - t0));
      assert.is((await pair().b.get('login|alice'))?.count, 3);
    });

    test('a window that ended starts again from one', async () => {
      await pair().a.increment('w', 80);
      await pair().a.increment('w', 80);
      await delay(120);
      assert.is(await pair().b.get('w'), undefined);
      assert.is((await pair().b.increment('w', 80)).count, 1);
    });

    test('decrement takes one back but never below zero; reset forgets', async () => {
      await pair().a.increment('d', 60_000);
      await pair().a.increment('d', 60_000);
      await pair().b.decrement('d');
      assert.is((await pair().a.get('d'))?.count, 1);
      await pair().b.decrement('d');
      await pair().b.decrement('d');
      assert.is((await pair().a.get('d'))?.count ?? 0, 0);
      await pair().a.reset('d');
      assert.is(await pair().a.get('d'), undefined);
      assert.is(await pair().a.get('never'), undefined);
    });

    test('parallel increments lose nothing', async () => {
      await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? pair().a : pair().b).increment('p', 60_000)));
      assert.is((await pair().a.get('p'))?.count, 100);
    });
  },
);
