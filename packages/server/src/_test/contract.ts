// Runs one contract suite against each implementation of an adapter (graphology's
// `specs(Graph, impl)`): an implementation whose engine is unavailable here registers its tests
// as skipped, so the summary counts them.
import { suite, type Test } from 'uvu';

export interface Implementation<T> {
  name: string;
  /** False when its engine (PostgreSQL, Redis) is not configured for this run. */
  available: boolean;
  /** Makes a fresh subject for one test, and what cleans it up. */
  make(): Promise<{ subject: T; cleanup(): Promise<void> }>;
}

export function contract<T>(title: string, implementations: Implementation<T>[], define: (test: Test, subject: () => T) => void): void {
  for (const impl of implementations) {
    const s = suite(`${title} [${impl.name}]`);
    let current: { subject: T; cleanup(): Promise<void> } | undefined;
    if (impl.available) {
      s.before.each(async () => {
        current = await impl.make();
      });
      s.after.each(async () => {
        // A subject that holds connections of its own (a pub/sub subscriber) closes them first.
        await (current?.subject as { close?: () => Promise<void> } | undefined)?.close?.();
        await current?.cleanup();
        current = undefined;
      });
      define(s, () => (current as { subject: T }).subject);
    } else {
      const skipping = Object.assign((name: string) => s.skip(name), { skip: s.skip, only: s.skip, before: () => {}, after: () => {} });
      define(skipping as unknown as Test, () => {
        throw new Error('unavailable');
      });
    }
    s.run();
  }
}
