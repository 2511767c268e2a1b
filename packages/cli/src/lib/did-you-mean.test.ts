import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closest, closestFlag, editDistance } from './did-you-mean.js';

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

test('a flag guess also finds the flag a typo extends or abbreviates word by word', () => {
  const serve = ['--host', '--port', '--data-dir', '--database-url', '--config', '--demo', '--log-level', '--help'];
  assert.is(closestFlag('--db-url', serve), '--database-url');
  assert.is(closestFlag('--prot', serve), '--port');
  assert.is(closestFlag('--expires-in-days', ['--permission', '--expires-in', '--json']), '--expires-in');
  assert.is(closestFlag('--frobnicate', serve), undefined);
});

test.run();
