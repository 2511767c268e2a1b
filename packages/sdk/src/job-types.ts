// TEMPORARY, hand-written: the generated types (generated/openapi.ts) have no Job yet because the
// /v1/jobs routes are built on another branch. After the merge, `npm run generate` adds
// `components['schemas']['Job']`; then replace these with `export type Job = Schemas['Job']`
// (and JobState / JobProgress likewise) in types.ts and delete this file.
// The shape copies core's schemas/job.ts (`Job`, `JobProgress`, `JobState`) field for field.

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobProgress {
  done: number;
  total: number | null;
  message: string | null;
}

export interface Job {
  id: string;
  /** The job definition, e.g. `scan-import`. */
  name: string;
  queue: string;
  state: JobState;
  progress: JobProgress | null;
  /** Attempts started so far, and how many it may take in all. */
  attempts: number;
  max_attempts: number;
  /** The last attempt's error: a message and, for a known error, its code. */
  error: { message: string; code: string | null } | null;
  /** What the handler returned, once it succeeded (a scan import's ScanImport, say). */
  result?: unknown;
  /** The user who started it; null for the server's own (schedules). */
  created_by: string | null;
  created_at: string;
  /** When it may run next (a retry waits out its backoff). */
  run_at: string;
  started_at: string | null;
  finished_at: string | null;
}
