/**
 * A key-value cache with expiry, shared by every process with Redis and per process in memory
 * (LRU). Values are JSON. What is cached must be fine to lose: a miss means asking the source.
 */
export interface Cache {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}
