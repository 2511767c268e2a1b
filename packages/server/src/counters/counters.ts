/**
 * Counts in fixed windows, the state behind rate limits and the login delay: in memory for one
 * process, in Redis for many, so limits count across every instance.
 */
export interface Counters {
  /** Adds one to `key` in its current window (started by the first hit) and returns the count. */
  increment(key: string, windowMs: number): Promise<WindowCount>;
  /** Takes one back (express-rate-limit's skipSuccessfulRequests). */
  decrement(key: string): Promise<void>;
  get(key: string): Promise<WindowCount | undefined>;
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}

export interface WindowCount {
  count: number;
  /** When the window ends and the count starts over (epoch ms). */
  resetAt: number;
}
