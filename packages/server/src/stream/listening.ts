import { STREAM_LISTEN_TTL_MS, STREAM_LISTENED_TOPICS } from '@secai/core';
import type { Cache } from '../cache/cache.js';

/** How stale a process's answer to "is anyone listening?" may be. */
const CHECK_MS = 1_000;

const key = (topic: string) => `stream.listening.${topic}`;

/**
 * Which of the topics recorded only while followed (events, jobs) some client follows, on any
 * instance: hubs say so through the Cache (Redis when configured) every few seconds while they
 * have a subscriber, and the pipeline and the job runners ask before they record. The answer is
 * synchronous (a batch does not wait on Redis) and at most CHECK_MS old; a subscription in this
 * process counts at once.
 */
export class StreamListening {
  private readonly known = new Map<string, { listened: boolean; at: number; asking: boolean }>();

  constructor(private readonly cache: Cache) {}

  /** A hub has subscribers to `topic`: it is recorded for STREAM_LISTEN_TTL_MS from now. */
  async heard(topic: string): Promise<void> {
    if (!STREAM_LISTENED_TOPICS.includes(topic as never)) return;
    this.known.set(topic, { listened: true, at: Date.now(), asking: false });
    await this.cache.set(key(topic), Date.now(), STREAM_LISTEN_TTL_MS);
  }

  /** Whether to record `topic` now: always for the other topics. */
  listened(topic: string): boolean {
    if (!STREAM_LISTENED_TOPICS.includes(topic as never)) return true;
    const known = this.known.get(topic) ?? { listened: false, at: 0, asking: false };
    this.known.set(topic, known);
    if (!known.asking && Date.now() - known.at >= CHECK_MS) {
      known.asking = true;
      this.cache.get(key(topic)).then(
        (value) => Object.assign(known, { listened: value !== undefined, at: Date.now(), asking: false }),
        // The cache is away: keep the last answer and ask again at the next check.
        () => Object.assign(known, { at: Date.now(), asking: false }),
      );
    }
    return known.listened;
  }
}
