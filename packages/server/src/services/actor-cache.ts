import { newId } from '../_lib/ids.js';
import type { Cache } from '../cache/cache.js';
import type { Actor } from './context.js';

/** The shared key whose value changes whenever resolved actors become stale, in any process. */
export const ACTORS_STAMP = 'actors.stamp';
/** How long the stamp lives; losing it only costs every process one reload per cached actor. */
const STAMP_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Remembers resolved actors for a few seconds so an authenticated request need not read the
 * session, user and roles again. Any change to users, roles, sessions or tokens calls
 * `invalidate()` after its commit, which empties this process's cache and writes a new stamp to
 * the shared `Cache`; an entry is used only while the stamp is the one read before it was
 * loaded. With Redis this is one GET per request, and a role removed on one instance is refused
 * on the very next request to any other: a pub/sub message could still be on its way.
 */
export class ActorCache {
  private readonly entries = new Map<string, { actor: Actor; stamp: unknown; expires: number }>();
  private epoch = 0;
  private shared: Cache | null = null;

  constructor(
    private readonly ttlMs = 5_000,
    private readonly max = 10_000,
  ) {}

  /** Shares invalidations with every process that uses the same `Cache`. */
  connect(shared: Cache): void {
    this.shared = shared;
  }

  /** Looks up `key`, or loads it; a load that raced an invalidation is used but not kept. */
  async get(key: string, load: () => Promise<Actor>): Promise<Actor> {
    const stamp = await this.shared?.get(ACTORS_STAMP);
    const hit = this.entries.get(key);
    if (hit && hit.expires > Date.now() && hit.stamp === stamp) return hit.actor;
    const epoch = this.epoch;
    const actor = await load();
    if (epoch === this.epoch) {
      if (this.entries.size >= this.max) this.entries.clear();
      this.entries.set(key, { actor, stamp, expires: Date.now() + this.ttlMs });
    }
    return actor;
  }

  /** Empties the cache here at once and, before resolving, makes every other process's stale. */
  async invalidate(): Promise<void> {
    this.epoch++;
    this.entries.clear();
    await this.shared?.set(ACTORS_STAMP, newId(), STAMP_TTL_MS);
  }
}
