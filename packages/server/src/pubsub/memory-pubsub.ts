import type { PubSub, Subscription } from './pubsub.js';

/** One process's pub/sub. Messages are copied and delivered on a later tick, as Redis would. */
export class MemoryPubSub implements PubSub {
  private readonly handlers = new Map<string, Set<(message: unknown) => void>>();

  async publish(channel: string, message: unknown): Promise<void> {
    const handlers = this.handlers.get(channel);
    if (!handlers || handlers.size === 0) return;
    const text = JSON.stringify(message);
    for (const handler of [...handlers]) setImmediate(() => handler(JSON.parse(text)));
  }

  async subscribe(channel: string, handler: (message: unknown) => void): Promise<Subscription> {
    const handlers = this.handlers.get(channel) ?? new Set();
    this.handlers.set(channel, handlers);
    handlers.add(handler);
    return {
      unsubscribe: async () => {
        handlers.delete(handler);
        if (handlers.size === 0) this.handlers.delete(channel);
      },
    };
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
