import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MemoryCache } from '../cache/memory-cache.js';
import { ActorCache } from './actor-cache.js';
import type { Actor } from './context.js';

const actor = (permissions: string[]): Actor => ({
  userId: 'u1',
  username: 'carol',
  permissions,
  method: 'jwt',
  sessionId: 's1',
  tokenId: null,
  tokenExpiresAt: null,
});

/** Two processes' caches over one shared cache, and a source that counts its loads. */
function twoProcesses() {
  const shared = new MemoryCache();
  const [a, b] = [new ActorCache(), new ActorCache()];
  a.connect(shared);
  b.connect(shared);
  let permissions = ['assets:read', 'assets:write'];
  let loads = 0;
  const load = async () => {
    loads++;
    return actor(permissions);
  };
  return { a, b, load, loads: () => loads, change: (next: string[]) => (permissions = next) };
}

test('a cached actor is served without loading until the stamp changes', async () => {
  const { b, load, loads } = twoProcesses();
  await b.get('token', load);
  await b.get('token', load);
  assert.is(loads(), 1);
});

test('an invalidation in one process is seen by the other on its next lookup, with no message to wait for', async () => {
  const { a, b, load, loads, change } = twoProcesses();
  assert.equal((await b.get('token', load)).permissions, ['assets:read', 'assets:write']);
  change(['assets:read']);
  await a.invalidate();
  assert.equal((await b.get('token', load)).permissions, ['assets:read']);
  assert.is(loads(), 2);
});

test('a load that raced an invalidation in the same process is returned but not kept', async () => {
  const shared = new MemoryCache();
  const cache = new ActorCache();
  cache.connect(shared);
  let loads = 0;
  const slow = async () => {
    loads++;
    await cache.invalidate();
    return actor([]);
  };
  await cache.get('token', slow);
  await cache.get('token', async () => {
    loads++;
    return actor([]);
  });
  assert.is(loads, 2);
});

test('without a shared cache it still caches within the process and ends at the ttl', async () => {
  const cache = new ActorCache(20);
  let loads = 0;
  const load = async () => {
    loads++;
    return actor([]);
  };
  await cache.get('token', load);
  await cache.get('token', load);
  await new Promise((resolve) => setTimeout(resolve, 30));
  await cache.get('token', load);
  assert.is(loads, 2);
});

test.run();
