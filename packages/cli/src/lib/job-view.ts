import type { Job } from '@secai/sdk';
import ansis from 'ansis';
import type { Column } from './output.js';
import { formatTime, relativeTime } from './output.js';

/** A result's fields shown by `jobs show`; the whole result is in `--json`. */
const RESULT_FIELDS_SHOWN = 8;

/** "40/100", "12" (no total yet), or "-". */
export function progressCount(job: Pick<Job, 'progress'>): string {
  const p = job.progress;
  if (!p) return '-';
  return p.total === null ? String(p.done) : `${p.done}/${p.total}`;
}

const STATE_STYLE: Record<Job['state'], (s: string) => string> = {
  queued: (s) => ansis.gray(s),
  running: (s) => ansis.cyan(s),
  succeeded: (s) => ansis.green(s),
  failed: (s) => ansis.red(s),
  cancelled: (s) => ansis.yellow(s),
};

export const styleJobState = (text: string, state: Job['state']): string => STATE_STYLE[state](text);

/**
 * Job ids are shown whole: the jobs list has no id-prefix filter, so a short id could not be
 * looked up (`jobs show` takes the full id).
 */
export const jobColumns: Column<Job>[] = [
  { key: 'id', header: 'ID', get: (j) => j.id, fit: 'keep' },
  { key: 'name', header: 'NAME', get: (j) => j.name, fit: 'keep' },
  { key: 'state', header: 'STATE', get: (j) => j.state, style: (s, j) => styleJobState(s, j.state), fit: 'keep' },
  { key: 'progress', header: 'PROGRESS', get: (j) => (j.progress ? progressCount(j) : null) },
  { key: 'attempts', header: 'ATTEMPTS', get: (j) => `${j.attempts}/${j.max_attempts}` },
  { key: 'created_at', header: 'CREATED', get: (j) => j.created_at },
  { key: 'finished_at', header: 'FINISHED', get: (j) => j.finished_at, optional: true },
  { key: 'error', header: 'ERROR', get: (j) => j.error?.message ?? null, fit: 'text' },
];

/**
 * A result in one line: its numbers first, as what a job counted is what a person looks for
 * (`findings=12 new=3 … id=… format=trivy`), then its other scalar fields; empty (null) fields
 * and nested values are left to `--json`. A result that is not an object is its JSON.
 */
export function summarizeResult(result: unknown): string {
  if (result === null || result === undefined) return '-';
  if (typeof result !== 'object' || Array.isArray(result)) return JSON.stringify(result);
  const entries = Object.entries(result as Record<string, unknown>);
  const numbers = entries.filter(([, v]) => typeof v === 'number');
  const others = entries.filter(([, v]) => typeof v === 'string' || typeof v === 'boolean');
  const shown = [...numbers, ...others].slice(0, RESULT_FIELDS_SHOWN).map(([k, v]) => `${k}=${v}`);
  const more = entries.length - shown.length;
  if (more > 0) shown.push(`(+${more} more in --json)`);
  return shown.join(' ') || '{}';
}

/** The job as a block of labelled lines, for `jobs show`. */
export function describeJob(job: Job): string {
  const when = (iso: string | null) => (iso ? `${relativeTime(iso)} (${formatTime(iso)})` : '-');
  const progress = job.progress ? `${progressCount(job)}${job.progress.message ? `  ${job.progress.message}` : ''}` : '-';
  const lines = [
    `${ansis.bold(job.name)}  ${styleJobState(job.state, job.state)}`,
    `  id:          ${job.id}`,
    `  queue:       ${job.queue}`,
    `  attempts:    ${job.attempts}/${job.max_attempts}`,
    `  progress:    ${progress}`,
    `  error:       ${job.error ? `${job.error.message}${job.error.code ? ` (${job.error.code})` : ''}` : '-'}`,
    `  result:      ${summarizeResult(job.result)}`,
    `  created:     ${when(job.created_at)}`,
  ];
  // A queued job waiting out a retry's backoff: when it runs next.
  if (job.state === 'queued' && job.run_at !== job.created_at) lines.push(`  runs at:     ${when(job.run_at)}`);
  lines.push(`  started:     ${when(job.started_at)}`, `  finished:    ${when(job.finished_at)}`);
  return lines.join('\n');
}
