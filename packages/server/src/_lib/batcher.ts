/**
 * Gathers calls made close together into one: `add(item)` waits for the next flush, which hands
 * every item gathered since the last one to `run` at once. While a flush runs, new items wait for
 * the next, so under load batches grow by themselves (group commit) and idle calls go out on the
 * next tick. `run` answers one result per item, in order; if it throws, every item of the batch
 * gets the error.
 */
export class Batcher<I, R> {
  private pending: { item: I; resolve(r: R): void; reject(e: unknown): void }[] = [];
  private running = false;

  constructor(
    private readonly run: (items: I[]) => Promise<R[]>,
    private readonly maxBatch = 500,
  ) {}

  add(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      try {
        const results = await this.run(batch.map((b) => b.item));
        for (const [i, b] of batch.entries()) b.resolve(results[i] as R);
      } catch (err) {
        for (const b of batch) b.reject(err);
      }
    }
    this.running = false;
  }
}
