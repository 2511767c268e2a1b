import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MemoryCounters } from '../counters/memory-counters.js';
import { LoginThrottle } from './login-throttle.js';

const options = { freeFailures: 2, baseDelayMs: 100, maxDelayMs: 350, windowMs: 60_000 };

test('failures past the free ones delay each attempt, twice as long each time, up to the cap', async () => {
  const throttle = new LoginThrottle(new MemoryCounters(), options);
  const delays = [];
  for (let i = 0; i < 6; i++) {
    delays.push(await throttle.delayMs('Alice'));
    await throttle.failed('alice');
  }
  assert.equal(delays, [0, 0, 100, 200, 350, 350]);
});

test('the right password starts the account afresh; other accounts are untouched', async () => {
  const throttle = new LoginThrottle(new MemoryCounters(), options);
  for (let i = 0; i < 4; i++) await throttle.failed('bob');
  assert.is(await throttle.delayMs('carol'), 0);
  assert.ok((await throttle.delayMs('BOB')) > 0);
  await throttle.succeeded('bob');
  assert.is(await throttle.delayMs('bob'), 0);
});

test('failures older than the window no longer count', async () => {
  const throttle = new LoginThrottle(new MemoryCounters(), { ...options, windowMs: 1 });
  for (let i = 0; i < 4; i++) await throttle.failed('dave');
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.is(await throttle.delayMs('dave'), 0);
});

test('instances sharing counters share the count', async () => {
  const counters = new MemoryCounters();
  const a = new LoginThrottle(counters, options);
  const b = new LoginThrottle(counters, options);
  for (let i = 0; i < 2; i++) await a.failed('erin');
  await b.failed('erin');
  assert.is(await b.delayMs('erin'), 200);
});

test.run();
