import type { Cache } from './cache.js';

/** Entries one process keeps; past it the least recently used goes. */
const DEFAULT_MAX_ENTRIES = 10_000;

/** An LRU cache in this process: a Map keeps insertion order, and a hit re-inserts its key. */
export class MemoryCache implements Cache {
  private readonly entries = new Map<string, { text: string; expires: number }>();

  constructor(private readonly maxEntries = DEFAULT_MAX_ENTRIES) {}

  async get<T>(key: string): Promise<T | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expires <= Date.now()) return undefined;
    this.entries.set(key, entry);
    return JSON.parse(entry.text) as T;
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    this.entries.delete(key);
    // Stored as text, so a caller changing its object afterwards does not change the cache (as with Redis).
    this.entries.set(key, { text: JSON.stringify(value), expires: Date.now() + ttlMs });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}
