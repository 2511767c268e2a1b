/**
 * Following a job to its end, for `jobs wait` and `vulns import --wait`: a progress bar on a
 * terminal (cli-progress on stderr), plain lines on a pipe (only when the state or the message
 * changes, so a log gets a line per step rather than per item), never anything on stdout.
 */
import type { Job, Secai } from '@secai/sdk';
import { cliError } from './cli-error.js';
import { EXIT, exitCodeForJob } from './exit-codes.js';
import { progressCount } from './job-view.js';

/** Where progress goes: stderr, or a fake in tests. */
export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

/** The bar's width in cells when the terminal has room; narrower terminals get less. */
const BAR_WIDTH = 24;
/** Below this many cells a bar says nothing: the line shows counts only. */
const BAR_MIN = 8;
/** How often the bar may redraw by itself, per second (cli-progress's own default). */
const REDRAWS_PER_SECOND = 10;

const fits = (line: string, width: number) => (line.length > width ? `${line.slice(0, Math.max(1, width - 1))}…` : line);

/**
 * One line of the bar for a terminal `width` wide:
 * `running    [██████████░░░░░░░░░░░░░░]  40% 40/100 parsing report`; without a total yet,
 * `running    12 parsing report`; queued, `queued     waiting for a worker`.
 */
export function ttyLine(job: Pick<Job, 'state' | 'progress'>, width = 80): string {
  const state = job.state.padEnd(10);
  const p = job.progress;
  const message = p?.message ?? (job.state === 'queued' ? 'waiting for a worker' : '');
  if (!p || p.total === null) return fits(`${state} ${p ? `${p.done} ` : ''}${message}`.trimEnd(), width);
  const ratio = p.total === 0 ? 1 : Math.min(1, p.done / p.total);
  const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
  const counts = `${p.done}/${p.total}`;
  const room = width - state.length - 1 - 2 - 1 - percent.length - 1 - counts.length - (message ? message.length + 1 : 0);
  const barWidth = Math.min(BAR_WIDTH, room);
  const bar = barWidth >= BAR_MIN ? `[${'█'.repeat(Math.round(ratio * barWidth)).padEnd(barWidth, '░')}] ` : '';
  return fits(`${state} ${bar}${percent} ${counts}${message ? ` ${message}` : ''}`, width);
}

/** The line a pipe gets: `scan-import: running, parsing report (40/100)`. */
export function pipeLine(job: Pick<Job, 'name' | 'state' | 'progress'>): string {
  const message = job.progress?.message;
  const count = job.progress ? ` (${progressCount(job)})` : '';
  return `${job.name}: ${job.state}${message ? `, ${message}` : ''}${count}`;
}

/** What a pipe line is printed for: a new state or a new message, not every item done. */
const pipeKey = (job: Pick<Job, 'state' | 'progress'>) => `${job.state}\n${job.progress?.message ?? ''}`;

/** Shows a job's progress as it changes; `stop()` leaves the last state on screen. */
export interface ProgressDisplay {
  update(job: Job): void;
  stop(): void;
}

/** Plain lines for pipes and log files. */
export class PipeProgress implements ProgressDisplay {
  private last: string | undefined;
  constructor(private readonly stream: ProgressStream) {}
  update(job: Job): void {
    const key = pipeKey(job);
    if (key === this.last) return;
    this.last = key;
    this.stream.write(`${pipeLine(job)}\n`);
  }
  stop(): void {}
}

type SingleBar = import('cli-progress').SingleBar;

/** A cli-progress bar redrawn in place; cli-progress is loaded only when a terminal needs it. */
export class TtyProgress implements ProgressDisplay {
  private job: Job | undefined;
  private constructor(private readonly bar: SingleBar) {}

  static async create(stream: ProgressStream): Promise<TtyProgress> {
    const { default: cliProgress } = await import('cli-progress');
    let display: TtyProgress | undefined;
    const bar = new cliProgress.SingleBar({
      stream: stream as NodeJS.WritableStream,
      // Our own line: cli-progress only redraws it in place, throttled, and fits it to the width.
      format: (_options, params) => (display?.job ? ttyLine(display.job, params.maxWidth) : ''),
      fps: REDRAWS_PER_SECOND,
      hideCursor: false,
      clearOnComplete: false,
      linewrap: false,
    });
    display = new TtyProgress(bar);
    return display;
  }

  update(job: Job): void {
    const started = this.job !== undefined;
    this.job = job;
    // cli-progress's value and total only decide when to redraw; the line comes from the job.
    const value = job.progress?.done ?? 0;
    if (!started) this.bar.start(job.progress?.total ?? 0, value);
    else this.bar.update(value);
    if (job.progress?.total !== null && job.progress?.total !== undefined) this.bar.setTotal(job.progress.total);
    // A new state or message is drawn at once, even within the throttle time.
    this.bar.render();
  }

  stop(): void {
    if (this.job) this.bar.stop();
  }
}

/** The display for a stream: a bar on a terminal, lines on a pipe. */
export async function progressDisplay(stream: ProgressStream): Promise<ProgressDisplay> {
  return stream.isTTY ? TtyProgress.create(stream) : new PipeProgress(stream);
}

export interface FollowOptions {
  /** Where progress goes, or nothing (`--json`). */
  display?: ProgressDisplay | undefined;
  /** Milliseconds between polls at most (the SDK's default, 2 s, otherwise). */
  intervalMs?: number | undefined;
}

/**
 * Waits for the job, showing its progress; Ctrl-C stops the waiting (not the job) with exit 130
 * and says how to follow or stop it. Resolves with the finished job, whatever its state.
 */
export async function followJob(client: Secai, id: string, options: FollowOptions = {}): Promise<Job> {
  const { display } = options;
  const controller = new AbortController();
  const interrupt = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', interrupt);
  try {
    return await client.jobs.wait(id, {
      signal: controller.signal,
      ...(options.intervalMs && { intervalMs: options.intervalMs }),
      ...(display && { onProgress: (job: Job) => display.update(job) }),
    });
  } catch (err) {
    if (!controller.signal.aborted) throw err;
    throw cliError(`Stopped waiting; job ${id} runs on.`, {
      exit: EXIT.INTERRUPTED,
      code: 'INTERRUPTED',
      suggestions: [`Follow it with \`secai jobs wait ${id}\`, or stop it with \`secai jobs cancel ${id}\`.`],
    });
  } finally {
    process.removeListener('SIGINT', interrupt);
    display?.stop();
  }
}

/** A job that failed before its last attempt: the error was one retrying cannot mend (a refusal). */
const notRetried = (job: Job) => job.state === 'failed' && job.attempts < job.max_attempts;

/** An import whose report is not of its format: the job keeps that report, so a retry fails too. */
const badReport = (job: Job) => job.state === 'failed' && job.name === 'scan-import' && job.error?.code === 'REPORT_INVALID';

const subject = (job: Job) => (job.name === 'scan-import' ? 'The import' : `Job ${job.name}`);

/** Why a job failed, without its id: its last error, and after how many attempts. */
function failureReason(job: Job, withCode: boolean): string {
  const code = withCode && job.error?.code ? ` (${job.error.code})` : '';
  const error = job.error ? `${job.error.message}${code}` : 'no error recorded';
  const when = notRetried(job)
    ? `on attempt ${job.attempts} of ${job.max_attempts} and was not retried`
    : `after ${job.attempts} of ${job.max_attempts} attempts`;
  return `${subject(job)} failed ${when}: ${error}`;
}

/** Why a job did not succeed, in a sentence: its last error and code, or that it was cancelled. */
export function failureMessage(job: Job): string {
  if (job.state === 'cancelled') return `${subject(job)} was cancelled (job ${job.id}).`;
  return `${failureReason(job, true)}; job ${job.id}.`;
}

/** What to do about a job that did not succeed. */
function nextStep(job: Job): string {
  const retry = `\`secai jobs retry ${job.id}\``;
  const show = `\`secai jobs show ${job.id}\` shows its details.`;
  if (badReport(job))
    return `The job keeps the report it was sent, so ${retry} would fail the same way: check the file and its --format, then import it again; ${show}`;
  if (notRetried(job)) return `Fix what the error says first (retrying as it is cannot help), then run it again with ${retry}; ${show}`;
  return `Run it again with ${retry}; ${show}`;
}

/** The error for a job that did not succeed (exit 1), with its code and the next step. */
export function jobFailure(job: Job): Error {
  // The code is printed on a line of its own, and the id in the next step.
  const message = job.state === 'cancelled' ? failureMessage(job) : failureReason(job, false);
  return cliError(message, {
    exit: exitCodeForJob(job),
    code: job.state === 'cancelled' ? 'JOB_CANCELLED' : (job.error?.code ?? 'JOB_FAILED'),
    suggestions: [nextStep(job)],
  });
}
