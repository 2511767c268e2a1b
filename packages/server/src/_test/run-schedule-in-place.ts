// Test support: a ScheduleRunner that runs the schedule's job handler at once, in this process,
// and answers with a Job describing that run. It stands in for the job engine (`jobs.enqueue`)
// in tests; the job it answers with is not stored anywhere.
import { randomUUID } from 'node:crypto';
import type { Job } from '@secai/core';
import type { JobDefinition } from '../jobs/definition.js';
import type { ScheduleRunner } from '../schedules/schedule-runner.js';

/** Runs `definitions()` (looked up on each call, so they may be built after the server) by name. */
export function runScheduleInPlace(definitions: () => readonly JobDefinition<{ tick: string }>[]): ScheduleRunner {
  return async (ctx, name, tick) => {
    const definition = definitions().find((d) => d.name === name);
    if (!definition) throw new Error(`no job definition called ${name}`);
    const id = randomUUID();
    const startedAt = new Date().toISOString();
    let result: unknown = null;
    let error: Job['error'] = null;
    try {
      result = await definition.handler(definition.payload.parse({ tick }), {
        jobId: id,
        attempt: 1,
        signal: new AbortController().signal,
        progress: () => {},
      });
    } catch (err) {
      error = { message: err instanceof Error ? err.message : String(err), code: (err as { code?: string }).code ?? null };
    }
    const finishedAt = new Date().toISOString();
    return {
      id,
      name,
      queue: definition.queue ?? 'default',
      state: error ? 'failed' : 'succeeded',
      progress: null,
      attempts: 1,
      max_attempts: 1,
      error,
      result: result ?? null,
      created_by: ctx.actor?.userId ?? null,
      created_at: startedAt,
      run_at: startedAt,
      started_at: startedAt,
      finished_at: finishedAt,
    };
  };
}

/** Counts prunes instead of the job engine's (which this tree does not have yet). */
export function countingJobPruner(): { prune(olderThan: Date): Promise<number>; calls: Date[] } {
  const calls: Date[] = [];
  return {
    calls,
    async prune(olderThan) {
      calls.push(olderThan);
      return 0;
    },
  };
}
