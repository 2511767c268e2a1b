import { setTimeout as delay } from 'node:timers/promises';
import * as assert from 'uvu/assert';
import { inMemory, onRedis } from '../_test/adapter-implementations.js';
import { contract } from '../_test/contract.js';
import type { Cache } from './cache.js';
import { MemoryCache } from './memory-cache.js';
import { RedisCache } from './redis-cache.js';

contract<Cache>(
  'Cache contract',
  [inMemory(() => new MemoryCache(3)), onRedis(([redis]) => new RedisCache(redis as never))],
  (test, cache) => {
    test('returns what was set, as a copy, until it expires', async () => {
      const value = { done: 3, total: 10 };
      await cache().set('job:1', value, 200);
      value.done = 4;
      assert.equal(await cache().get('job:1'), { done: 3, total: 10 });
      await delay(250);
      assert.is(await cache().get('job:1'), undefined);
    });

    test('a missing key is undefined; delete removes; set replaces', async () => {
      assert.is(await cache().get('nothing'), undefined);
      await cache().set('k', 'one', 10_000);
      await cache().set('k', 'two', 10_000);
      assert.is(await cache().get('k'), 'two');
      await cache().delete('k');
      assert.is(await cache().get('k'), undefined);
    });

    test('keeps null, numbers and arrays as they were', async () => {
      await cache().set('n', null, 10_000);
      await cache().set('a', [1, 'x', { y: true }], 10_000);
      assert.is(await cache().get('n'), null);
      assert.equal(await cache().get('a'), [1, 'x', { y: true }]);
    });
  },
);

contract<MemoryCache>('MemoryCache', [inMemory(() => new MemoryCache(3))], (test, cache) => {
  test('past its size the least recently used entry goes', async () => {
    for (const k of ['a', 'b', 'c']) await cache().set(k, k, 10_000);
    await cache().get('a');
    await cache().set('d', 'd', 10_000);
    assert.equal(await Promise.all(['a', 'b', 'c', 'd'].map((k) => cache().get(k))), ['a', undefined, 'c', 'd']);
  });
});
