/**
 * Fan-out of small JSON messages to every process of a deployment: in-process for one `secai
 * serve`, Redis pub/sub for many. Delivery is at most once and only to processes subscribed at the
 * time (a cache invalidation, a cancelled job, later the live stream's wake-ups); nothing that
 * must not be lost goes through it.
 */
export interface PubSub {
  publish(channel: string, message: unknown): Promise<void>;
  /** Calls `handler` with each message published on `channel` from now on; resolves once subscribed. */
  subscribe(channel: string, handler: (message: unknown) => void): Promise<Subscription>;
  close(): Promise<void>;
}

export interface Subscription {
  unsubscribe(): Promise<void>;
}
