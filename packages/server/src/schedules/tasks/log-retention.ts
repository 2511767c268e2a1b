import type { LogStore } from '../../logstore/log-store.js';

export interface LogRetention {
  days: number;
  /** A cap on the store's size; none when undefined. */
  maxBytes?: number;
}

/**
 * Drops whole day partitions: those older than the retention, then the oldest while the store is
 * over its size cap (today's partition is never dropped for size: it is being written).
 */
export async function dropOldLogPartitions(
  store: Pick<LogStore, 'partitions' | 'dropPartition'>,
  retention: LogRetention,
  now: Date,
): Promise<{ dropped: string[] }> {
  const cutoff = new Date(now.getTime() - retention.days * 86_400_000).toISOString().slice(0, 10);
  const today = now.toISOString().slice(0, 10);
  const partitions = await store.partitions();
  const dropped: string[] = [];
  let bytes = partitions.reduce((n, p) => n + p.bytes, 0);
  for (const partition of partitions) {
    const old = partition.day < cutoff;
    const over = retention.maxBytes !== undefined && bytes > retention.maxBytes && partition.day < today;
    if (!old && !over) break;
    await store.dropPartition(partition.day);
    dropped.push(partition.day);
    bytes -= partition.bytes;
  }
  return { dropped };
}
