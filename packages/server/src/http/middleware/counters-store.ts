import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import type { Counters } from '../../counters/counters.js';

/**
 * express-rate-limit's store over the runtime's `Counters`: in memory for one process, in Redis
 * when configured, so a limit counts every instance's requests. One store per limiter (the
 * library refuses a shared one), told apart by `prefix`.
 */
export class CountersStore implements Store {
  private windowMs = 60_000;
  readonly localKeys = false;

  constructor(
    private readonly counters: Counters,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const count = await this.counters.get(this.prefix + key);
    return count && { totalHits: count.count, resetTime: new Date(count.resetAt) };
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const count = await this.counters.increment(this.prefix + key, this.windowMs);
    return { totalHits: count.count, resetTime: new Date(count.resetAt) };
  }

  async decrement(key: string): Promise<void> {
    await this.counters.decrement(this.prefix + key);
  }

  async resetKey(key: string): Promise<void> {
    await this.counters.reset(this.prefix + key);
  }
}
