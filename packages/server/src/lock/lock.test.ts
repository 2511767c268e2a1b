import { setTimeout as delay } from 'node:timers/promises';
import * as assert from 'uvu/assert';
import { onDatabase, onRedis } from '../_test/adapter-implementations.js';
import { contract } from '../_test/contract.js';
import { DatabaseLock } from './database-lock.js';
import type { Lock } from './lock.js';
import { RedisLock } from './redis-lock.js';

/** Two processes' locks on one engine: two database locks on one schema, two Redis connections. */
type Pair = { a: Lock; b: Lock };

contract<Pair>(
  'Lock contract',
  [
    onDatabase('sqlite', (db) => ({ a: new DatabaseLock(db), b: new DatabaseLock(db) })),
    onDatabase('postgresql', (db) => ({ a: new DatabaseLock(db), b: new DatabaseLock(db) })),
    onRedis(([one, two]) => ({ a: new RedisLock(one as never), b: new RedisLock(two as never) }), 2),
  ],
  (test, pair) => {
    test('one holder at a time; after release another takes it', async () => {
      const first = await pair().a.acquire('schedule:trend-snapshot', 5_000);
      assert.ok(first);
      assert.is(await pair().b.acquire('schedule:trend-snapshot', 5_000), null);
      assert.is(await pair().a.acquire('schedule:trend-snapshot', 5_000), null, 'not re-entrant');
      await first.release();
      const second = await pair().b.acquire('schedule:trend-snapshot', 5_000);
      assert.ok(second);
      await second.release();
    });

    test('of many racing for a key exactly one wins', async () => {
      const leases = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? pair().a : pair().b).acquire('race', 5_000)));
      assert.is(leases.filter(Boolean).length, 1);
    });

    test('a lease that ran out can be taken over, and its old holder can neither extend nor release it', async () => {
      const stale = await pair().a.acquire('k', 100);
      assert.ok(stale);
      await delay(150);
      const fresh = await pair().b.acquire('k', 5_000);
      assert.ok(fresh, 'the expired lease was not taken over');
      assert.is(await stale.extend(5_000), false);
      await stale.release();
      assert.is(await pair().a.acquire('k', 5_000), null, "the old holder's release freed the new holder's lease");
      assert.is(await fresh.extend(5_000), true);
      await fresh.release();
    });

    test('extend keeps a lease past its first expiry', async () => {
      const lease = await pair().a.acquire('long', 150);
      assert.ok(lease);
      await delay(100);
      assert.is(await lease.extend(1_000), true);
      await delay(100);
      assert.is(await pair().b.acquire('long', 1_000), null);
      await lease.release();
    });

    test('keys are independent', async () => {
      const x = await pair().a.acquire('x', 5_000);
      const y = await pair().b.acquire('y', 5_000);
      assert.ok(x && y);
    });
  },
);
