import type { PubSub } from '../pubsub/pubsub.js';

/** Where a process says "the stream has new messages on this topic" to every instance's hub. */
export const STREAM_WAKE = 'stream.wake';

/**
 * Tells every instance (PubSub: at most once) that a topic has new messages, after their commit.
 * A lost wake-up delays a message, never loses it: hubs also look every few seconds.
 */
export function wakeStream(pubsub: PubSub | undefined, topic: string): void {
  pubsub?.publish(STREAM_WAKE, { topic }).catch(() => {});
}
