import type { PubSub } from '../pubsub/pubsub.js';
import type { Actor } from './context.js';

/** The channel on which every process hears that resolved actors are stale. */
export const ACTORS_CHANGED = 'actors.changed';

/**
 * Remembers resolved actors for a few seconds so an authenticated request need not read the
 * session, user and roles again. Any change to users, roles, sessions or tokens calls
 * `invalidate()`, which empties this process's cache and, over `PubSub`, every other's: with
 * Redis a role removed on one instance is refused on the next request to any instance. `ttlMs`
 * bounds what a lost message (a pub/sub reconnect) can cost.
 */
export class ActorCache {
  private readonly entries = new Map<string, { actor: Actor; expires: number }>();
  private epoch = 0;
  private pubsub: PubSub | null = null;

  constructor(
    private readonly ttlMs = 5_000,
    private readonly max = 10_000,
  ) {}

  /** Hears other processes' invalidations from now on and tells them of this one's. */
  async connect(pubsub: PubSub): Promise<void> {
    await pubsub.subscribe(ACTORS_CHANGED, () => this.clear());
    this.pubsub = pubsub;
  }

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

  /** Empties the cache here at once and, before resolving, asks every other process to. */
  async invalidate(): Promise<void> {
    this.clear();
    await this.pubsub?.publish(ACTORS_CHANGED, {});
  }

  private clear(): void {
    this.epoch++;
    this.entries.clear();
  }
}
