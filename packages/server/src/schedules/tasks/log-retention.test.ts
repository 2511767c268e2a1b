import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { LogPartition, LogStore } from '../../logstore/log-store.js';
import { dropOldLogPartitions } from './log-retention.js';

/** The partition bookkeeping of a store, which is all retention reads and changes. */
function partitionsOf(days: [string, number][]): Pick<LogStore, 'partitions' | 'dropPartition'> & { left: () => string[] } {
  let partitions: LogPartition[] = days.map(([day, bytes]) => ({ day, bytes, events: 1 }));
  return {
    partitions: async () => partitions,
    dropPartition: async (day) => {
      partitions = partitions.filter((p) => p.day !== day);
    },
    left: () => partitions.map((p) => p.day),
  };
}

const now = new Date('2026-12-03T10:00:00Z');

test('drops the days older than the retention, and only those', async () => {
  const store = partitionsOf([
    ['2026-11-01', 10],
    ['2026-11-02', 10],
    ['2026-11-03', 10],
    ['2026-12-03', 10],
  ]);
  const { dropped } = await dropOldLogPartitions(store, { days: 30 }, now);
  assert.equal(dropped, ['2026-11-01', '2026-11-02']);
  assert.equal(store.left(), ['2026-11-03', '2026-12-03']);
});

test('over the size cap, drops the oldest days until under it, never today', async () => {
  const store = partitionsOf([
    ['2026-12-01', 600],
    ['2026-12-02', 300],
    ['2026-12-03', 900],
  ]);
  const { dropped } = await dropOldLogPartitions(store, { days: 30, maxBytes: 1000 }, now);
  assert.equal(dropped, ['2026-12-01', '2026-12-02']);
  assert.equal(store.left(), ['2026-12-03'], 'today stays even though it alone is close to the cap');
});

test.run();
