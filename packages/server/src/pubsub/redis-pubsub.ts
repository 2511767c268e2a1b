import type { Redis } from 'ioredis';
import type { PubSub, Subscription } from './pubsub.js';

/**
 * Redis pub/sub. A subscribed connection can do nothing else, so it is a connection of its own;
 * ioredis re-subscribes it after a reconnect. Channels carry the deployment's prefix by hand:
 * ioredis's keyPrefix does not apply to them.
 */
export class RedisPubSub implements PubSub {
  private readonly handlers = new Map<string, Set<(message: unknown) => void>>();
  private readonly subscriber: Redis;

  constructor(
    private readonly publisher: Redis,
    private readonly prefix: string,
  ) {
    this.subscriber = publisher.duplicate();
    // Its reconnects are ioredis's business; an 'error' without a listener would be printed as unhandled.
    this.subscriber.on('error', () => {});
    this.subscriber.on('message', (channel: string, text: string) => {
      const handlers = this.handlers.get(channel.slice(this.prefix.length));
      if (!handlers) return;
      let message: unknown;
      try {
        message = JSON.parse(text);
      } catch {
        return; // not ours
      }
      for (const handler of [...handlers]) handler(message);
    });
  }

  async publish(channel: string, message: unknown): Promise<void> {
    await this.publisher.publish(this.prefix + channel, JSON.stringify(message));
  }

  async subscribe(channel: string, handler: (message: unknown) => void): Promise<Subscription> {
    let handlers = this.handlers.get(channel);
    if (!handlers) {
      handlers = new Set();
      this.handlers.set(channel, handlers);
      await this.subscriber.subscribe(this.prefix + channel);
    }
    handlers.add(handler);
    return {
      unsubscribe: async () => {
        handlers.delete(handler);
        if (handlers.size === 0 && this.handlers.get(channel) === handlers) {
          this.handlers.delete(channel);
          await this.subscriber.unsubscribe(this.prefix + channel);
        }
      },
    };
  }

  async close(): Promise<void> {
    this.handlers.clear();
    this.subscriber.disconnect();
  }
}
