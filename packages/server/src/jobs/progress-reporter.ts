import type { JobProgress } from '@secai/core';
import type { Cache } from '../cache/cache.js';

/** The row gets a running job's progress at most this often; readers see the cache in between. */
export const PROGRESS_ROW_INTERVAL_MS = 1_000;
/** A cached progress outlives a worker that died by this much, no more. */
const PROGRESS_TTL_MS = 10 * 60_000;

export const progressKey = (jobId: string): string => `job-progress:${jobId}`;

/**
 * Coalesces one attempt's progress reports: the latest goes to the Cache once per tick (handlers
 * may report per item), and to the row at most every PROGRESS_ROW_INTERVAL_MS; the last one is
 * written with the attempt's outcome.
 */
export class ProgressReporter {
  private latest: JobProgress | undefined;
  private cachePending = false;
  private lastRowWrite = 0;
  private timer: NodeJS.Timeout | undefined;
  private done = false;

  constructor(
    private readonly jobId: string,
    private readonly cache: Cache,
    private readonly writeRow: (progress: JobProgress) => Promise<void>,
  ) {}

  report(done: number, total?: number | null, message?: string | null): void {
    if (this.done) return;
    this.latest = {
      done: Math.max(0, Math.floor(done)),
      total: total === undefined || total === null ? null : Math.max(0, Math.floor(total)),
      message: message ? message.slice(0, 500) : null,
    };
    if (!this.cachePending) {
      this.cachePending = true;
      setImmediate(() => {
        this.cachePending = false;
        if (!this.done && this.latest) this.cache.set(progressKey(this.jobId), this.latest, PROGRESS_TTL_MS).catch(() => {});
      });
    }
    if (this.timer) return;
    const wait = Math.max(0, this.lastRowWrite + PROGRESS_ROW_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.lastRowWrite = Date.now();
      if (!this.done && this.latest) this.writeRow(this.latest).catch(() => {});
    }, wait);
  }

  /** Stops reporting; returns the last progress (undefined if none) for the final write. */
  finish(): JobProgress | undefined {
    this.done = true;
    clearTimeout(this.timer);
    if (this.latest) this.cache.delete(progressKey(this.jobId)).catch(() => {});
    return this.latest;
  }
}
