import { DAY_MS } from './task-context.js';

/** What job retention needs of the job engine (`JobsService.prune`). */
export interface JobPruner {
  /** Deletes finished jobs that finished before `olderThan`; the count deleted. */
  prune(olderThan: Date): Promise<number>;
}

/** Deletes finished jobs older than `retentionDays` before `now` (queued and running ones stay). */
export async function pruneFinishedJobs(jobs: JobPruner, retentionDays: number, now: Date): Promise<{ pruned: number; before: string }> {
  const before = new Date(now.getTime() - retentionDays * DAY_MS);
  return { pruned: await jobs.prune(before), before: before.toISOString() };
}
