import { TimeoutError } from '../errors.js';
import type { PagePromise } from '../paginate.js';
import type { Job, JobState } from '../types.js';
import { type CallOptions, encodeId, Resource } from './resource.js';

export interface JobListParams {
  /** Any of these states. */
  state?: JobState[];
  /** The job definition's name, e.g. `scan-import` or a schedule's name. */
  name?: string;
  /** Created at or after this time (ISO-8601). */
  since?: string;
  limit?: number;
}

export interface JobWaitOptions {
  /** Stops waiting: `wait` rejects with the signal's reason. The job itself runs on. */
  signal?: AbortSignal;
  /** The longest pause between two polls, in milliseconds; 2,000 by default. */
  intervalMs?: number;
  /** Called with the job on the first poll and whenever its state or progress changes. */
  onProgress?: (job: Job) => void;
  /** Gives up after this many milliseconds with a TimeoutError (code `JOB_WAIT_TIMEOUT`); no limit by default. */
  timeoutMs?: number;
}

/** A job in one of these never changes by itself (mirrors core's FINISHED_JOB_STATES; the SDK does not depend on core). */
const FINISHED_STATES: readonly JobState[] = ['succeeded', 'failed', 'cancelled'];
/** The first pause between polls: most jobs a caller waits on (an import) finish within a second or two. */
const FIRST_POLL_MS = 250;
/** The default longest pause: a long job is seen finished at most this late, at one request per pause. */
const MAX_POLL_MS = 2_000;

export const isFinished = (job: Pick<Job, 'state'>): boolean => FINISHED_STATES.includes(job.state);

/**
 * The pause before poll number `poll` (0 for the first): 250 ms doubling to `max`, so a short job
 * is seen done quickly and a long one costs one request per `max`.
 * @example [0, 1, 2, 3, 4].map((n) => pollDelay(n, 2000)) // [250, 500, 1000, 2000, 2000]
 */
export function pollDelay(poll: number, max = MAX_POLL_MS): number {
  return Math.min(max, FIRST_POLL_MS * 2 ** poll);
}

/** What onProgress watches: the state and the progress, nothing else. */
const progressKey = (job: Job): string => JSON.stringify([job.state, job.progress]);

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Background jobs: imports sent with `async: true`, schedule runs and, in later releases,
 * analyses and reports. A job ends `succeeded` (with its `result`), `failed` (its last attempt's
 * `error`; `retry` queues it again) or `cancelled`.
 */
export class Jobs extends Resource {
  /** @example for await (const job of client.jobs.list({ state: ['failed'], name: 'scan-import' })) console.log(job.error?.message) */
  list(params: JobListParams = {}, options?: CallOptions): PagePromise<Job> {
    return this.pageOf<Job>('v1/jobs', params, options);
  }
  get(id: string, options?: CallOptions): Promise<Job> {
    return this.getOne<Job>('v1/jobs', id, options);
  }
  /** Queues a failed or cancelled job again; any other state is a ConflictError `JOB_NOT_RETRYABLE`. */
  retry(id: string, options?: CallOptions): Promise<Job> {
    return this.postTo<Job>(`v1/jobs/${encodeId(id)}/retry`, undefined, options);
  }
  /** Cancels a queued or running job; a finished one is a ConflictError `JOB_NOT_CANCELLABLE`. */
  cancel(id: string, options?: CallOptions): Promise<Job> {
    return this.postTo<Job>(`v1/jobs/${encodeId(id)}/cancel`, undefined, options);
  }

  /**
   * Polls the job until it is finished and resolves with it, whether it succeeded, failed or was
   * cancelled: the caller decides what a failure means (check `job.state`).
   *
   * @example
   * const job = await client.imports.create(report, { tag: 'app', async: true });
   * const done = await client.jobs.wait(job.id, { onProgress: (j) => console.log(j.progress?.message) });
   * if (done.state !== 'succeeded') throw new Error(done.error?.message ?? done.state);
   */
  async wait(id: string, options: JobWaitOptions = {}): Promise<Job> {
    const { signal, onProgress, timeoutMs } = options;
    const max = options.intervalMs ?? MAX_POLL_MS;
    const deadline = timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + timeoutMs;
    let seen: string | undefined;
    for (let poll = 0; ; poll++) {
      const job = await this.get(id, signal ? { signal } : {});
      const key = progressKey(job);
      if (key !== seen) {
        seen = key;
        onProgress?.(job);
      }
      if (isFinished(job)) return job;
      const pause = Math.min(pollDelay(poll, max), deadline - Date.now());
      if (pause <= 0) {
        throw new TimeoutError(`Job ${id} did not finish within ${timeoutMs} ms (it is ${job.state}; it runs on)`, {
          code: 'JOB_WAIT_TIMEOUT',
        });
      }
      await sleep(pause, signal);
    }
  }
}
