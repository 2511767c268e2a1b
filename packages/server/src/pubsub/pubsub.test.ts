import { setTimeout as delay } from 'node:timers/promises';
import * as assert from 'uvu/assert';
import { inMemory, onRedis } from '../_test/adapter-implementations.js';
import { contract } from '../_test/contract.js';
import { MemoryPubSub } from './memory-pubsub.js';
import type { PubSub } from './pubsub.js';
import { RedisPubSub } from './redis-pubsub.js';

/** Two processes' views of one bus: the same object in memory, two connections on Redis. */
type Pair = { a: PubSub; b: PubSub; close(): Promise<void> };

const pairOf = (a: PubSub, b: PubSub): Pair => ({ a, b, close: async () => void (await Promise.all([a.close(), b.close()])) });

async function until(check: () => boolean, ms = 2_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await delay(5);
}

contract<Pair>(
  'PubSub contract',
  [
    inMemory(() => {
      const bus = new MemoryPubSub();
      return pairOf(bus, bus);
    }),
    onRedis(([one, two], prefix) => pairOf(new RedisPubSub(one as never, prefix), new RedisPubSub(two as never, prefix)), 2),
  ],
  (test, pair) => {
    test('a message published by one process reaches every subscriber, as a copy of the JSON', async () => {
      const got: unknown[] = [];
      await pair().a.subscribe('roles', (m) => got.push(['a', m]));
      await pair().b.subscribe('roles', (m) => got.push(['b', m]));
      const message = { role: 'analyst', n: 1 };
      await pair().a.publish('roles', message);
      message.n = 2;
      await until(() => got.length === 2);
      assert.equal(
        got.sort((x, y) => String(x).localeCompare(String(y))),
        [
          ['a', { role: 'analyst', n: 1 }],
          ['b', { role: 'analyst', n: 1 }],
        ],
      );
    });

    test('channels are separate, and an unsubscribed handler hears nothing more', async () => {
      const got: unknown[] = [];
      const sub = await pair().b.subscribe('x', (m) => got.push(m));
      await pair().b.subscribe('y', () => got.push('wrong channel'));
      await pair().a.publish('x', 1);
      await until(() => got.length === 1);
      await sub.unsubscribe();
      await pair().a.publish('x', 2);
      await delay(50);
      assert.equal(got, [1]);
    });

    test('messages from one publisher arrive in order', async () => {
      const got: number[] = [];
      await pair().b.subscribe('seq', (m) => got.push(m as number));
      for (let i = 0; i < 50; i++) await pair().a.publish('seq', i);
      await until(() => got.length === 50);
      assert.equal(
        got,
        Array.from({ length: 50 }, (_, i) => i),
      );
    });

    test('publishing with no subscriber is not an error', async () => {
      await pair().a.publish('nobody', { x: 1 });
    });
  },
);
