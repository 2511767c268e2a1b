import type { Actor } from './context.js';

/**
 * Remembers resolved actors for a few seconds so an authenticated request need not read the
 * session, user and roles again. Any change to users, roles, sessions or tokens in this process
 * calls `invalidate()`, which empties it at once; another server process sharing the database
 * sees such a change within `ttlMs`.
 */
export class ActorCache {
  private readonly entries = new Map<string, { actor: Actor; expires: number }>();
  private epoch = 0;

  constructor(
    private readonly ttlMs = 5_000,
    private readonly max = 10_000,
  ) {}

  /** Looks up `key`, or loads it; a load that raced an invalidation is used but not kept. */
  async get(key: string, load: () => Promise<Actor>): Promise<Actor> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > Date.now()) return hit.actor;
    const epoch = this.epoch;
    const actor = await load();
    if (epoch === this.epoch) {
      if (this.entries.size >= this.max) this.entries.clear();
      this.entries.set(key, { actor, expires: Date.now() + this.ttlMs });
    }
    return actor;
  }

  invalidate(): void {
    this.epoch++;
    this.entries.clear();
  }
}
