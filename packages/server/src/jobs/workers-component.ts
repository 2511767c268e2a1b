import type { Component } from '../runtime/component.js';
import type { JobRunner } from './job-runner.js';
import type { JobsService } from './jobs-service.js';

export interface WorkersOptions {
  /** Jobs worked at once in this process. */
  concurrency: number;
  /** Queues to take jobs from; every registered definition's queue when absent. */
  queues?: readonly string[] | undefined;
}

/**
 * The job workers of a process (`secai serve` in-process, `secai worker`) as a component. On stop
 * they take no new job, finish those in hand, and release what is still running when the
 * shutdown deadline aborts (the rows go back to `queued` for another worker).
 */
export function workersComponent(jobs: JobsService, options: WorkersOptions): Component & { readonly runner: JobRunner | null } {
  let runner: JobRunner | null = null;
  return {
    name: 'job-workers',
    get runner() {
      return runner;
    },
    async start() {
      runner = await jobs.consume({ concurrency: options.concurrency, ...(options.queues && { queues: options.queues }) });
    },
    async stop(deadline) {
      await runner?.stop(deadline);
    },
  };
}
