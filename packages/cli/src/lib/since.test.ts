import { ValidationError } from '@secai/core/errors';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sinceTime } from './since.js';

const NOW = Date.parse('2026-01-05T12:00:00.000Z');

test('a duration counts back from now', () => {
  assert.is(sinceTime('1d', NOW), '2026-01-04T12:00:00.000Z');
  assert.is(sinceTime('12h', NOW), '2026-01-05T00:00:00.000Z');
  assert.is(sinceTime('30m', NOW), '2026-01-05T11:30:00.000Z');
  assert.is(sinceTime('2w', NOW), '2025-12-22T12:00:00.000Z');
});

test('a date or an ISO-8601 time is taken as is', () => {
  assert.is(sinceTime('2026-01-01', NOW), '2026-01-01T00:00:00.000Z');
  assert.is(sinceTime('2026-01-01T08:30:00+01:00', NOW), '2026-01-01T07:30:00.000Z');
});

test('anything else is a usage error naming the flag', () => {
  for (const bad of ['yesterday', '1y', '-1d', '2026-13-45']) {
    try {
      sinceTime(bad, NOW);
      assert.unreachable(bad);
    } catch (err) {
      assert.instance(err, ValidationError);
      assert.is((err as ValidationError).code, 'VALIDATION_FAILED');
      assert.match((err as Error).message, /^--since: /);
    }
  }
});

test.run();
