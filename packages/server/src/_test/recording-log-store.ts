import type { LogEvent } from '@secai/core/events';
import type { LogStore } from '../logstore/log-store.js';

/**
 * A log store for pipeline tests: keeps what it is given by id, once, and counts the new ones (as
 * every real store does); it can be held (writes wait) or broken (writes fail). Searching is the
 * real stores' job and their contract suite's; this one refuses it.
 */
export class RecordingLogStore implements LogStore {
  readonly kind = 'sqlite' as const;
  readonly events = new Map<string, LogEvent>();
  writes = 0;
  failing = false;
  private held: Promise<void> | null = null;
  private release: (() => void) | null = null;

  hold(): void {
    this.held ??= new Promise((resolve) => {
      this.release = resolve;
    });
  }

  unhold(): void {
    this.release?.();
    this.held = null;
  }

  async open(): Promise<void> {}
  async close(): Promise<void> {}

  async write(events: readonly LogEvent[]): Promise<number> {
    if (this.held) await this.held;
    if (this.failing) throw new Error('store down');
    this.writes++;
    let stored = 0;
    for (const event of events) {
      const id = event.event.id as string;
      if (this.events.has(id)) continue;
      this.events.set(id, event);
      stored++;
    }
    return stored;
  }

  search(): never {
    throw new Error('not a searching store');
  }
  stats(): never {
    throw new Error('not a searching store');
  }
  partitions(): never {
    throw new Error('not a partitioned store');
  }
  dropPartition(): never {
    throw new Error('not a partitioned store');
  }
}
