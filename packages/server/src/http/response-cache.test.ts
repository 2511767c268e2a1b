import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ResponseCache } from './response-cache.js';

const page = (n: number, bytes: number) => ({ data: [{ id: String(n), pad: 'x'.repeat(bytes) }] });

test('answers only at the version the entry was read at', () => {
  const cache = new ResponseCache(1 << 20);
  const stored = cache.set('alerts ?a', 7, page(1, 10));
  assert.equal(JSON.parse(stored.body.toString()), page(1, 10));
  assert.match(stored.etag, /^"[\w-]{27}"$/);
  assert.is(cache.get('alerts ?a', 7)?.etag, stored.etag);
  assert.is(cache.get('alerts ?b', 7), undefined);
  assert.is(cache.get('alerts ?a', 8), undefined);
  // The stale entry is gone, not just skipped.
  assert.is(cache.get('alerts ?a', 7), undefined);
});

test('drops the least recently used answers beyond its budget, and never keeps a huge one', () => {
  const cache = new ResponseCache(16 * 1000);
  let size = 0;
  for (let i = 10; i < 30; i++) size = cache.set(`k${i}`, 1, page(i, 900)).body.length;
  assert.is(cache.get('k10', 1), undefined);
  assert.ok(cache.get('k29', 1));
  const kept = Array.from({ length: 20 }, (_, i) => cache.get(`k${i + 10}`, 1)).filter(Boolean).length;
  assert.is(kept, Math.floor(16_000 / size));
  const oldest = `k${30 - kept}`;
  assert.ok(cache.get(oldest, 1));
  cache.set('k30', 1, page(30, 900));
  assert.ok(cache.get(oldest, 1), 'the oldest answer stays once read again');
  assert.is(cache.get(`k${31 - kept}`, 1), undefined, 'the next oldest went instead');
  const huge = cache.set('huge', 1, page(99, 2000));
  assert.ok(huge.body.length > 0);
  assert.is(cache.get('huge', 1), undefined);
});

test.run();
