import type { Counters, WindowCount } from './counters.js';

/** Keys one process tracks; past it the table starts over (a flood of keys gains a reset, not memory). */
const MAX_KEYS = 100_000;

/** Fixed-window counts in this process. */
export class MemoryCounters implements Counters {
  private readonly windows = new Map<string, WindowCount>();

  async increment(key: string, windowMs: number): Promise<WindowCount> {
    const now = Date.now();
    let entry = this.windows.get(key);
    if (!entry || entry.resetAt <= now) {
      if (!entry && this.windows.size >= MAX_KEYS) this.windows.clear();
      entry = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, entry);
    }
    entry.count++;
    return { ...entry };
  }

  async decrement(key: string): Promise<void> {
    const entry = this.windows.get(key);
    if (entry && entry.count > 0) entry.count--;
  }

  async get(key: string): Promise<WindowCount | undefined> {
    const entry = this.windows.get(key);
    if (!entry || entry.resetAt <= Date.now()) return undefined;
    return { ...entry };
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(key);
  }

  async close(): Promise<void> {
    this.windows.clear();
  }
}
