/**
 * Mutual exclusion across every process of a deployment, as a lease: the holder must finish (or
 * `extend`) before `ttlMs`, after which another may take it. A database row lease by default,
 * Redis (`SET NX PX` with a token) at scale. Used so that one schedule tick runs once.
 */
export interface Lock {
  /** The lease on `key`, or null when another holder has it. Never waits. */
  acquire(key: string, ttlMs: number): Promise<Lease | null>;
  close(): Promise<void>;
}

export interface Lease {
  readonly key: string;
  /** Pushes the expiry to `ttlMs` from now; false when the lease was lost meanwhile. */
  extend(ttlMs: number): Promise<boolean>;
  /** Gives the lease up; a lease already lost is left to its new holder. */
  release(): Promise<void>;
}
