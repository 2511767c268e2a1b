import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { newTimeOrderedId } from './ids.js';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('a time-ordered id is a UUID version 7 whose first 48 bits are the time in ms', () => {
  const at = Date.UTC(2026, 11, 3, 12, 30, 15, 123);
  const id = newTimeOrderedId(at);
  assert.match(id, V7);
  assert.is(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16), at);
});

test('ids sort by their time, and ids of the same ms differ in their random bits', () => {
  const ids = [3, 1, 2].map((ms) => newTimeOrderedId(1_700_000_000_000 + ms));
  assert.equal([...ids].sort(), [ids[1], ids[2], ids[0]]);
  const same = new Set(Array.from({ length: 10_000 }, () => newTimeOrderedId(1_700_000_000_000)));
  assert.is(same.size, 10_000);
  for (const id of same) assert.match(id, V7);
});

test.run();
