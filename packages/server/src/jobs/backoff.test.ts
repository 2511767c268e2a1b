import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MAX_BACKOFF_MS, retryDelayMs } from './backoff.js';

test('retry delays double per attempt, between half and all of the exponential step', () => {
  assert.is(
    retryDelayMs(1, 1000, () => 0),
    500,
  );
  assert.is(
    retryDelayMs(1, 1000, () => 1),
    1000,
  );
  assert.is(
    retryDelayMs(3, 1000, () => 0),
    2000,
  );
  assert.is(
    retryDelayMs(3, 1000, () => 1),
    4000,
  );
});

test('retry delays are capped however many attempts came before', () => {
  assert.is(
    retryDelayMs(40, 1000, () => 1),
    MAX_BACKOFF_MS,
  );
});

test.run();
