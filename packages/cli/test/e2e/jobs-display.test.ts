// How `secai jobs wait` and `vulns import --wait` show a job and exit, run as a user runs them
// but against a scripted API: each GET /v1/jobs/{id} answers the next step of a job, so the
// progress seen on a pipe and on a terminal, and the exit code per final state, are exact.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BIN, type CliWorld, onTerminal, type Run } from './harness.js';

const ID = '0b6f3c1e-8d2a-4f5b-9c7e-1a2b3c4d5e6f';
const IMPORT = { id: 'imp-1', format: 'trivy', findings: 3, new: 2, updated: 1, closed: 0, reopened: 0 };

type State = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
const step = (state: State, done?: number, message?: string) => ({
  state,
  progress: done === undefined ? null : { done, total: 4, message: message ?? null },
});

/** The job's life as the polls see it; the last step repeats. */
function steps(final: State) {
  return [
    step('queued'),
    step('running', 1, 'parsing report'),
    step('running', 2, 'parsing report'),
    step('running', 3, 'saving findings'),
    step(final, final === 'succeeded' ? 4 : 3, 'saving findings'),
  ];
}

function jobAt(s: ReturnType<typeof step>) {
  const finished = ['succeeded', 'failed', 'cancelled'].includes(s.state);
  return {
    id: ID,
    name: 'scan-import',
    queue: 'default',
    ...s,
    attempts: 1,
    max_attempts: 1,
    error: s.state === 'failed' ? { message: 'not a Grype report', code: 'REPORT_INVALID' } : null,
    result: s.state === 'succeeded' ? IMPORT : null,
    created_by: null,
    created_at: '2026-01-05T10:00:00.000Z',
    run_at: '2026-01-05T10:00:00.000Z',
    started_at: s.state === 'queued' ? null : '2026-01-05T10:00:01.000Z',
    finished_at: finished ? '2026-01-05T10:00:05.000Z' : null,
  };
}

let server: Server;
let url: string;
let configDir: string;
let script: ReturnType<typeof step>[] = [];
let uploads: string[] = [];

test.before(async () => {
  configDir = mkdtempSync(join(tmpdir(), 'secai-jobs-display-'));
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    res.setHeader('content-type', 'application/json');
    if (req.method === 'POST' && path === '/v1/imports') {
      uploads.push(req.url ?? '');
      res.statusCode = 202;
      res.setHeader('location', `/v1/jobs/${ID}`);
      return res.end(JSON.stringify(jobAt(step('queued'))));
    }
    if (path === `/v1/jobs/${ID}`) {
      const next = (script.length > 1 ? script.shift() : script[0]) as ReturnType<typeof step>;
      return res.end(JSON.stringify(jobAt(next)));
    }
    res.statusCode = 404;
    res.end(JSON.stringify({ type: 'about:blank', title: 'Not found', status: 404, code: 'ROUTE_NOT_FOUND' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  // A saved login (what `secai login --token` writes), so runs in a pseudo-terminal, which take
  // no environment of their own, are logged in too.
  writeFileSync(join(configDir, 'config.json'), JSON.stringify({ profiles: { default: { url, token: 'secai_pat_test' } } }), {
    mode: 0o600,
  });
});
test.after(() => {
  server.close();
  rmSync(configDir, { recursive: true, force: true });
});

function run(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, SECAI_CONFIG_DIR: configDir, SECAI_URL: url, SECAI_TOKEN: undefined, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('on a pipe, jobs wait writes a line per state or message to stderr, the row to stdout, and exits 0', async () => {
  script = steps('succeeded');
  const res = await run(['jobs', 'wait', ID]);
  assert.is(res.code, 0, res.stderr);
  assert.equal(res.stderr.trim().split('\n'), [
    'scan-import: queued',
    'scan-import: running, parsing report (1/4)',
    'scan-import: running, saving findings (3/4)',
    'scan-import: succeeded, saving findings (4/4)',
  ]);
  assert.equal(res.stdout.split('\t').slice(0, 5), [ID, 'scan-import', 'succeeded', '4/4', '1/1']);
});

test('a failed or cancelled job exits 1 and says why on stderr; --json prints the job and no progress', async () => {
  script = steps('failed');
  const failed = await run(['jobs', 'wait', ID]);
  assert.is(failed.code, 1, failed.stderr);
  assert.match(failed.stderr, /The import failed after 1 of 1 attempts: not a Grype report \(REPORT_INVALID\)/);
  assert.equal(failed.stdout.split('\t').slice(0, 3), [ID, 'scan-import', 'failed']);
  script = steps('cancelled');
  const cancelled = await run(['jobs', 'wait', ID, '--json']);
  assert.is(cancelled.code, 1, cancelled.stderr);
  assert.is(JSON.parse(cancelled.stdout).state, 'cancelled');
  assert.is(cancelled.stderr, '');
});

test('on a terminal, jobs wait draws one bar redrawn in place and exits 0', async () => {
  script = steps('succeeded');
  const world = { configDir, server: { url } } as CliWorld;
  const { code, screen } = await onTerminal(world, ['jobs', 'wait', ID], 100);
  assert.is(code, 0, screen);
  assert.match(screen, /running {4}\[█{6}░{18}\] {2}25% 1\/4 parsing report/);
  assert.match(screen, /succeeded {2}\[█{24}\] 100% 4\/4 saving findings/);
  assert.not.match(screen, /scan-import: running/, 'no pipe lines on a terminal');
});

test('vulns import --wait uploads with async=true and prints the import row the job returned', async () => {
  script = steps('succeeded');
  uploads = [];
  const file = join(configDir, 'trivy.json');
  writeFileSync(file, '{"SchemaVersion":2,"Results":[]}');
  const res = await run(['vulns', 'import', file, '--tag', 'app', '--wait']);
  assert.is(res.code, 0, res.stderr);
  assert.equal(uploads.length, 1);
  const query = new URL(uploads[0] as string, 'http://x').searchParams;
  assert.equal([query.get('async'), query.get('tag'), query.get('file_name')], ['true', 'app', 'trivy.json']);
  assert.is(res.stdout, 'trivy\t3\t2\t1\t0\t0\timp-1\n');
  assert.match(res.stderr, new RegExp(`^Importing as job ${ID}…$`, 'm'));
  assert.match(res.stderr, /^scan-import: succeeded, saving findings \(4\/4\)$/m);
  script = steps('succeeded');
  const json = await run(['vulns', 'import', file, '--tag', 'app', '--wait', '--json']);
  assert.is(json.code, 0, json.stderr);
  assert.equal(JSON.parse(json.stdout), IMPORT);
});

test('vulns import --wait exits 1 with the job error code when the job fails', async () => {
  script = steps('failed');
  const file = join(configDir, 'bad.json');
  writeFileSync(file, '{}');
  const res = await run(['vulns', 'import', file, '--wait']);
  assert.is(res.code, 1, res.stderr);
  assert.match(res.stderr, /Code: REPORT_INVALID/);
  assert.match(res.stderr, new RegExp(`secai jobs retry\\s+${ID}`));
  assert.is(res.stdout, '');
});

test.run();
