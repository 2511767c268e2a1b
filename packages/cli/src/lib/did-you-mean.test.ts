import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closest, editDistance } from './did-you-mean.js';

test('counts swaps of neighbours as one edit', () => {
  assert.is(editDistance('lsit', 'list'), 1);
  assert.is(editDistance('severity', 'sevrity'), 1);
  assert.is(editDistance('abc', 'abc'), 0);
});

test('suggests the closest candidate, and nothing when all are far', () => {
  assert.is(closest('--sevrity', ['--severity', '--status', '--source']), '--severity');
  assert.is(closest('alerts:lsit', ['alerts:list', 'alerts:show', 'assets:list']), 'alerts:list');
  assert.is(closest('--frobnicate', ['--severity', '--status']), undefined);
});

test.run();
