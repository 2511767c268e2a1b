/**
 * A part of a running process with a lifecycle: the HTTP listener, the job workers, the scheduler,
 * later the collectors and the WebSocket hub. The runtime starts components in the order they
 * were added and stops them in reverse, so what takes in work stops first and what everything
 * rests on (adapters, the database) stops last.
 */
export interface Component {
  readonly name: string;
  start(): Promise<void>;
  /**
   * Finishes what is in flight and stops. `deadline` aborts when the shutdown timeout is near:
   * whatever is still running then is released (a job goes back to its queue, a connection is
   * closed), and `stop` resolves soon after.
   */
  stop(deadline: AbortSignal): Promise<void>;
}

/** Resolves when `signal` aborts (at once if it has): a component's stop races its work against it. */
export function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
