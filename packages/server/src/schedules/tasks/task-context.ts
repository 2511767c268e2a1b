import type { JobContext } from '../../jobs/definition.js';

/** What a scheduled task uses of its job: stop when told, say how far it got. */
export type TaskContext = Pick<JobContext, 'signal' | 'progress'>;

/** Throws the abort reason once the job must stop; the job is retried (tasks are idempotent). */
export function stopIfAborted(ctx: TaskContext | undefined): void {
  ctx?.signal.throwIfAborted();
}

export const DAY_MS = 24 * 60 * 60 * 1000;
