// Job definitions for tests that run workers in child processes: each run appends
// `<job id> <ms since epoch> <pid>` to a file, so the test counts runs across processes.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { defineJob } from '../jobs/definition.js';

export const SLEEP_JOB = 'test-sleep';

export function sleepJob(runsFile: string) {
  return defineJob({
    name: SLEEP_JOB,
    payload: z.object({ n: z.number(), ms: z.number() }),
    retries: 3,
    handler: async (p) => {
      appendFileSync(runsFile, `${p.n} ${Date.now()} ${process.pid}\n`);
      await new Promise((r) => setTimeout(r, p.ms));
    },
  });
}

export interface Run {
  n: number;
  at: number;
  pid: number;
}

export function readRuns(runsFile: string): Run[] {
  if (!existsSync(runsFile)) return [];
  return readFileSync(runsFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [n, at, pid] = line.split(' ').map(Number);
      return { n: n ?? -1, at: at ?? 0, pid: pid ?? 0 };
    });
}
