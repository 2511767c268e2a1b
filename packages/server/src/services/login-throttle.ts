import type { Counters } from '../counters/counters.js';
import { MemoryCounters } from '../counters/memory-counters.js';

/**
 * The per-account half of the login policy. Wrong passwords are counted per account from every
 * address (and, with Redis, on every instance); past `freeFailures` each further attempt on that
 * account waits, twice as long each time, up to `maxDelayMs`. A stranger can slow the owner's
 * login by at most that delay, never lock them out: the right password still gets in. The strict
 * limit is per (account, address), in the HTTP layer.
 */
export interface LoginThrottleOptions {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleOptions = {
  freeFailures: 5,
  baseDelayMs: 250,
  maxDelayMs: 3_000,
  windowMs: 15 * 60_000,
};

const key = (username: string) => `login-failures:${username.toLowerCase()}`;

export class LoginThrottle {
  constructor(
    private readonly counters: Counters = new MemoryCounters(),
    private readonly options: LoginThrottleOptions = DEFAULT_LOGIN_THROTTLE,
  ) {}

  /** How long an attempt on `username` waits now. */
  async delayMs(username: string): Promise<number> {
    const over = ((await this.counters.get(key(username)))?.count ?? 0) - this.options.freeFailures;
    return over < 0 ? 0 : Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** over);
  }

  async wait(username: string): Promise<void> {
    const ms = await this.delayMs(username);
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }

  async failed(username: string): Promise<void> {
    await this.counters.increment(key(username), this.options.windowMs);
  }

  /** The owner proved the password: their account starts afresh. */
  async succeeded(username: string): Promise<void> {
    await this.counters.reset(key(username));
  }
}
