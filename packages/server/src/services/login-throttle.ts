/**
 * The per-account half of the login policy. Wrong passwords are counted per account from every
 * address; past `freeFailures` each further attempt on that account waits, twice as long each
 * time, up to `maxDelayMs`. A stranger can slow the owner's login by at most that delay, never
 * lock them out: the right password still gets in. The strict limit is per (account, address),
 * in the HTTP layer. In memory: counts are per process (the Redis counters come with the runtime).
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

/** Accounts tracked at once; past it the table starts over (an attacker spraying names gains a reset, not memory). */
const MAX_ACCOUNTS = 100_000;

export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; since: number }>();

  constructor(private readonly options: LoginThrottleOptions = DEFAULT_LOGIN_THROTTLE) {}

  /** How long an attempt on `username` waits now. */
  delayMs(username: string): number {
    const entry = this.entry(username);
    const over = (entry?.count ?? 0) - this.options.freeFailures;
    return over < 0 ? 0 : Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** over);
  }

  async wait(username: string): Promise<void> {
    const ms = this.delayMs(username);
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }

  failed(username: string): void {
    const key = username.toLowerCase();
    const entry = this.entry(key);
    if (entry) entry.count++;
    else {
      if (this.failures.size >= MAX_ACCOUNTS) this.failures.clear();
      this.failures.set(key, { count: 1, since: Date.now() });
    }
  }

  /** The owner proved the password: their account starts afresh. */
  succeeded(username: string): void {
    this.failures.delete(username.toLowerCase());
  }

  private entry(username: string) {
    const key = username.toLowerCase();
    const entry = this.failures.get(key);
    if (entry && Date.now() - entry.since > this.options.windowMs) {
      this.failures.delete(key);
      return undefined;
    }
    return entry;
  }
}
