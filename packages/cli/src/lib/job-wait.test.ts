import { type Job, Secai } from '@secai/sdk';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EXIT, exitCodeForJob } from './exit-codes.js';
import {
  failureMessage,
  followJob,
  jobFailure,
  PipeProgress,
  type ProgressDisplay,
  pipeLine,
  progressDisplay,
  TtyProgress,
  ttyLine,
} from './job-wait.js';

const ID = '0b6f3c1e-8d2a-4f5b-9c7e-1a2b3c4d5e6f';

function job(state: Job['state'], progress: Job['progress'] = null, extra: Partial<Job> = {}): Job {
  return {
    id: ID,
    name: 'scan-import',
    queue: 'default',
    state,
    progress,
    attempts: 1,
    max_attempts: 3,
    error: null,
    result: null,
    created_by: null,
    created_at: '2026-01-05T10:00:00.000Z',
    run_at: '2026-01-05T10:00:00.000Z',
    started_at: null,
    finished_at: null,
    ...extra,
  };
}
const at = (done: number, total: number | null, message: string | null = null) => ({ done, total, message });

/** A stream that records what is written to it, as a terminal or a pipe. */
function fakeStream(isTTY: boolean, columns = 80) {
  let written = '';
  return {
    isTTY,
    columns,
    write: (chunk: string) => {
      written += chunk;
      return true;
    },
    get written() {
      return written;
    },
  };
}

// --- the line a terminal shows

test('a terminal line has a bar, the percentage, the counts and the message', () => {
  assert.is(ttyLine(job('running', at(40, 100, 'parsing report')), 80), 'running    [██████████░░░░░░░░░░░░░░]  40% 40/100 parsing report');
  assert.is(ttyLine(job('succeeded', at(7, 7)), 80), 'succeeded  [████████████████████████] 100% 7/7');
});

test('without a total the terminal line shows the count so far; queued, that it waits for a worker', () => {
  assert.is(ttyLine(job('running', at(12, null, 'reading')), 80), 'running    12 reading');
  assert.is(ttyLine(job('queued'), 80), 'queued     waiting for a worker');
  assert.is(ttyLine(job('running'), 80), 'running');
});

test('a narrow terminal drops the bar, then cuts the line to fit', () => {
  assert.is(ttyLine(job('running', at(40, 100, 'parsing report')), 40), 'running     40% 40/100 parsing report');
  const cut = ttyLine(job('running', at(40, 100, 'a very long message about what is going on')), 30);
  assert.is(cut.length, 30);
  assert.ok(cut.endsWith('…'));
});

test('a total of zero is a full bar, not a division by zero', () => {
  assert.match(ttyLine(job('running', at(0, 0)), 80), /\[█{24}\] 100% 0\/0/);
});

// --- a pipe

test('a pipe line names the job, its state, the message and the counts', () => {
  assert.is(pipeLine(job('running', at(40, 100, 'parsing report'))), 'scan-import: running, parsing report (40/100)');
  assert.is(pipeLine(job('queued')), 'scan-import: queued');
  assert.is(pipeLine(job('running', at(3, null))), 'scan-import: running (3)');
});

test('on a pipe a line is written only when the state or the message changes, never a bar', () => {
  const stream = fakeStream(false);
  const display = new PipeProgress(stream);
  for (const j of [
    job('queued'),
    job('running', at(1, 100, 'parsing')),
    job('running', at(2, 100, 'parsing')),
    job('running', at(50, 100, 'parsing')),
    job('running', at(60, 100, 'saving')),
    job('succeeded', at(100, 100, 'saving')),
  ])
    display.update(j);
  display.stop();
  assert.equal(stream.written.split('\n'), [
    'scan-import: queued',
    'scan-import: running, parsing (1/100)',
    'scan-import: running, saving (60/100)',
    'scan-import: succeeded, saving (100/100)',
    '',
  ]);
  assert.ok(!stream.written.includes('\u001b') && !stream.written.includes('█'), 'no escape codes, no bar');
});

// --- a terminal

test('on a terminal the bar is redrawn in place and ends with one newline when stopped', async () => {
  const stream = fakeStream(true, 80);
  const display = await TtyProgress.create(stream);
  display.update(job('queued'));
  display.update(job('running', at(10, 100, 'parsing')));
  display.update(job('succeeded', at(100, 100, 'parsing')));
  assert.is(stream.written.split('\n').length - 1, 0, 'no newline while it runs');
  display.stop();
  const { written } = stream;
  assert.is(written.split('\n').length - 1, 1);
  assert.ok(written.endsWith('\n'));
  // Each redraw goes back to the first column and clears the rest of the line.
  assert.ok(written.includes(`\u001b[1G${ttyLine(job('running', at(10, 100, 'parsing')), 80)}\u001b[0K`));
  assert.ok(written.includes(`\u001b[1G${ttyLine(job('succeeded', at(100, 100, 'parsing')), 80)}\u001b[0K`));
});

test('the display is a bar on a terminal and lines on a pipe', async () => {
  assert.instance(await progressDisplay(fakeStream(true)), TtyProgress);
  assert.instance(await progressDisplay(fakeStream(false)), PipeProgress);
});

test('a bar never started writes nothing when stopped', async () => {
  const stream = fakeStream(true);
  (await TtyProgress.create(stream)).stop();
  assert.is(stream.written, '');
});

// --- exit codes and failures

test('a succeeded job exits 0; a failed or cancelled one exits 1', () => {
  assert.is(exitCodeForJob(job('succeeded')), EXIT.OK);
  assert.is(exitCodeForJob(job('failed')), EXIT.FAILED);
  assert.is(exitCodeForJob(job('cancelled')), EXIT.FAILED);
  assert.is(EXIT.OK, 0);
  assert.is(EXIT.FAILED, 1);
});

test('a job failed after its last attempt is an error with its code on a line of its own and the retry command', () => {
  const failed = job('failed', null, { attempts: 3, error: { message: 'database is locked', code: 'SERVICE_UNAVAILABLE' } });
  const err = jobFailure(failed) as Error & { code?: string; exitCode?: number; suggestions?: string[] };
  assert.is(err.code, 'SERVICE_UNAVAILABLE');
  assert.is(err.exitCode, 1);
  assert.is(err.message, 'The import failed after 3 of 3 attempts: database is locked');
  assert.is(err.suggestions?.[0], `Run it again with \`secai jobs retry ${ID}\`; \`secai jobs show ${ID}\` shows its details.`);
  // jobs wait prints the message alone: the code and the id are in it.
  assert.is(failureMessage(failed), `The import failed after 3 of 3 attempts: database is locked (SERVICE_UNAVAILABLE); job ${ID}.`);
  const cancelled = jobFailure(job('cancelled', null, { name: 'kev-reload' })) as Error & { code?: string; exitCode?: number };
  assert.is(cancelled.code, 'JOB_CANCELLED');
  assert.is(cancelled.exitCode, 1);
  assert.is(failureMessage(job('cancelled', null, { name: 'kev-reload' })), `Job kev-reload was cancelled (job ${ID}).`);
  assert.is((jobFailure(job('failed')) as Error & { code?: string }).code, 'JOB_FAILED');
});

test('a job that failed before its last attempt says it was not retried, and that retrying needs a fix first', () => {
  const refused = job('failed', null, { name: 'kev-reload', attempts: 1, error: { message: 'No such feed', code: 'FEED_NOT_FOUND' } });
  const err = jobFailure(refused) as Error & { suggestions?: string[] };
  assert.is(err.message, 'Job kev-reload failed on attempt 1 of 3 and was not retried: No such feed');
  assert.match(
    err.suggestions?.[0] ?? '',
    /^Fix what the error says first \(retrying as it is cannot help\), then run it again with `secai jobs retry/,
  );
  assert.is(
    failureMessage(refused),
    `Job kev-reload failed on attempt 1 of 3 and was not retried: No such feed (FEED_NOT_FOUND); job ${ID}.`,
  );
});

test('an import of a report not of its format says to import the file again, as a retry would fail the same way', () => {
  const badReport = job('failed', null, { attempts: 1, error: { message: 'bad.json: not a Grype report', code: 'REPORT_INVALID' } });
  const err = jobFailure(badReport) as Error & { code?: string; suggestions?: string[] };
  assert.is(err.code, 'REPORT_INVALID');
  assert.is(err.message, 'The import failed on attempt 1 of 3 and was not retried: bad.json: not a Grype report');
  assert.is(
    err.suggestions?.[0],
    `The job keeps the report it was sent, so \`secai jobs retry ${ID}\` would fail the same way: check the file and its --format, then import it again; \`secai jobs show ${ID}\` shows its details.`,
  );
  // Whatever its attempts: the report stays the same.
  const exhausted = jobFailure({ ...badReport, max_attempts: 1 }) as Error & { suggestions?: string[] };
  assert.match(exhausted.suggestions?.[0] ?? '', /would fail the same way/);
});

// --- following a job

/** A client whose server answers each GET /v1/jobs/{id} with the next of these jobs. */
function clientAnswering(...jobs: Job[]) {
  const answers = [...jobs];
  const fetch = (async () => {
    const next = answers.length > 1 ? answers.shift() : answers[0];
    return new Response(JSON.stringify(next), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return new Secai({ baseUrl: 'http://api.test', token: 't', fetch });
}

test('followJob feeds each change to the display and resolves with the finished job', async () => {
  const seen: string[] = [];
  let stopped = false;
  const display: ProgressDisplay = {
    update: (j) => seen.push(j.state),
    stop: () => {
      stopped = true;
    },
  };
  const client = clientAnswering(job('queued'), job('running', at(1, 2)), job('failed', at(1, 2)));
  const finished = await followJob(client, ID, { display, intervalMs: 1 });
  assert.is(finished.state, 'failed');
  assert.equal(seen, ['queued', 'running', 'failed']);
  assert.ok(stopped);
});

test('Ctrl-C stops the waiting, not the job: exit 130 and how to follow or cancel it', async () => {
  const listeners = process.listenerCount('SIGINT');
  let stopped = false;
  const display: ProgressDisplay = {
    // The first answer arrives; the user presses Ctrl-C during the pause before the next poll.
    update: () => void setImmediate(() => process.emit('SIGINT')),
    stop: () => {
      stopped = true;
    },
  };
  try {
    await followJob(clientAnswering(job('running')), ID, { display });
    assert.unreachable();
  } catch (err) {
    const e = err as Error & { exitCode?: number; suggestions?: string[] };
    assert.is(e.exitCode, EXIT.INTERRUPTED);
    assert.match(e.message, `job ${ID} runs on`);
    assert.match(e.suggestions?.[0] ?? '', `secai jobs cancel ${ID}`);
  }
  assert.ok(stopped, 'the bar was stopped');
  assert.is(process.listenerCount('SIGINT'), listeners, 'its SIGINT listener is gone');
});

test.run();
