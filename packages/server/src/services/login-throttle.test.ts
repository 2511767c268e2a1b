import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LoginThrottle } from './login-throttle.js';

const options = { freeFailures: 2, baseDelayMs: 100, maxDelayMs: 350, windowMs: 60_000 };

test('failures past the free ones delay each attempt, twice as long each time, up to the cap', () => {
  const throttle = new LoginThrottle(options);
  const delays = [];
  for (let i = 0; i < 6; i++) {
    delays.push(throttle.delayMs('Alice'));
    throttle.failed('alice');
  }
  assert.equal(delays, [0, 0, 100, 200, 350, 350]);
});

test('the right password starts the account afresh; other accounts are untouched', () => {
  const throttle = new LoginThrottle(options);
  for (let i = 0; i < 4; i++) throttle.failed('bob');
  assert.is(throttle.delayMs('carol'), 0);
  assert.ok(throttle.delayMs('BOB') > 0);
  throttle.succeeded('bob');
  assert.is(throttle.delayMs('bob'), 0);
});

test('failures older than the window no longer count', () => {
  const throttle = new LoginThrottle({ ...options, windowMs: -1 });
  for (let i = 0; i < 4; i++) throttle.failed('dave');
  assert.is(throttle.delayMs('dave'), 0);
});

test.run();
