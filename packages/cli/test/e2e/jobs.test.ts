// secai jobs list|show|wait|retry|cancel and vulns import --wait against a real server: an
// import sent as a job prints what the synchronous import prints, a job that fails exits 1 with
// its error, and jobs commands take whole ids.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Job, Secai } from '@secai/sdk';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ADMIN_PASSWORD, type CliWorld, onTerminal, startWorld } from './harness.js';

let world: CliWorld;
let admin: Secai;

test.before(async () => {
  world = await startWorld();
  admin = await Secai.login({ baseUrl: world.server.url, username: 'admin', password: ADMIN_PASSWORD });
  const login = await world.run(['login', '--username', 'admin', '--password-stdin'], { stdin: `${ADMIN_PASSWORD}\n` });
  assert.is(login.code, 0, login.stderr);
});
test.after(() => world.close());

/** A Trivy report with these CVEs (all HIGH), in a file of the test's own. */
function trivyFile(name: string, cves: string[]): string {
  const file = join(world.configDir, name);
  const report = {
    SchemaVersion: 2,
    ArtifactName: 'app:1',
    Results: [
      {
        Target: 'app:1 (debian 12)',
        Vulnerabilities: cves.map((id) => ({
          VulnerabilityID: id,
          PkgName: `pkg-${id}`,
          InstalledVersion: '1.0',
          FixedVersion: '1.1',
          Severity: 'HIGH',
          Title: `${id} title`,
        })),
      },
    ],
  };
  writeFileSync(file, JSON.stringify(report));
  return file;
}

const THREE = ['CVE-2025-3001', 'CVE-2025-3002', 'CVE-2025-3003'];
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
/** stderr as one line: errors are wrapped at the width of the terminal (80 columns on a pipe). */
const oneLine = (text: string) => text.replace(/\s+/g, ' ');
/** Piped rows of the import table without the import's id (its last column), to compare two imports. */
const withoutImportId = (stdout: string) => stdout.trim().split('\t').slice(0, -1);

/** The jobs the admin's client sees, newest first. */
async function jobsNamed(name: string, state?: Job['state']): Promise<Job[]> {
  return (await admin.jobs.list({ name, ...(state && { state: [state] }), limit: 100 })).data;
}

let succeeded: Job;
let failed: Job;

test('vulns import --wait prints what the synchronous import prints, and its progress only on stderr', async () => {
  const sync = await world.run(['vulns', 'import', trivyFile('sync.json', THREE), '--tag', 'sync']);
  assert.is(sync.code, 0, sync.stderr);
  const waited = await world.run(['vulns', 'import', trivyFile('waited.json', THREE), '--tag', 'waited', '--wait']);
  assert.is(waited.code, 0, waited.stderr);
  assert.equal(withoutImportId(waited.stdout), withoutImportId(sync.stdout));
  assert.equal(withoutImportId(waited.stdout), ['trivy', '3', '3', '0', '0', '0']);
  // A pipe gets plain lines, the last one the finished state; never a bar.
  assert.match(waited.stderr, /^Importing as job [0-9a-f-]{36}…$/m);
  assert.match(waited.stderr, /^scan-import: succeeded/m);
  assert.ok(!waited.stderr.includes('█') && !waited.stderr.includes('\u001b['), 'no bar, no escape codes');
  const [job] = await jobsNamed('scan-import', 'succeeded');
  assert.ok(job, 'the import ran as a scan-import job');
  succeeded = job;
  assert.is((succeeded.result as { id: string }).id, waited.stdout.trim().split('\t').at(-1));
});

test('vulns import --wait --json is the ScanImport, as without --wait', async () => {
  const res = await world.run(['vulns', 'import', trivyFile('json.json', THREE), '--tag', 'json', '--wait', '--json']);
  assert.is(res.code, 0, res.stderr);
  const result = JSON.parse(res.stdout);
  assert.equal([result.format, result.findings, result.new], ['trivy', 3, 3]);
  assert.is((await admin.imports.get(result.id)).id, result.id);
  assert.not.match(res.stderr, /scan-import:/, '--json prints no progress');
});

test('a job that fails exits 1 with its error and code, and jobs list --state failed finds it', async () => {
  // A Trivy report imported as Grype: the job's handler refuses it at once, without retrying.
  const res = await world.run(['vulns', 'import', trivyFile('bad.json', THREE), '--format', 'grype', '--tag', 'bad', '--wait']);
  assert.is(res.code, 1, res.stderr);
  const stderr = oneLine(res.stderr);
  assert.match(stderr, /Error: The import failed on attempt 1 of \d+ and was not retried: bad\.json: not a Grype report/);
  assert.match(res.stderr, /^ +Code: REPORT_INVALID$/m);
  assert.not.match(stderr, /\(REPORT_INVALID\)/, 'the code is said once, on its own line');
  // The job keeps the report: the next step is importing the file again, not retrying the job.
  assert.match(
    stderr,
    /so `secai jobs retry [0-9a-f-]{36}` would fail the same way: check the file and its --format, then import it again/,
  );
  assert.is(res.stdout, '');
  const listed = await world.run(['jobs', 'list', '--state', 'failed', '--name', 'scan-import', '--since', '1d', '--json']);
  assert.is(listed.code, 0, listed.stderr);
  const jobs = JSON.parse(listed.stdout) as Job[];
  assert.is(jobs.length, 1);
  failed = jobs[0] as Job;
  assert.equal([failed.state, failed.error?.code, failed.attempts], ['failed', 'REPORT_INVALID', 1]);
  assert.ok(failed.max_attempts > 1, 'retries were left, yet none was made');
  assert.match(res.stderr, `Importing as job ${failed.id}…`);
  assert.match(stderr, `secai jobs show ${failed.id}`);
});

test('jobs list filters by state, name and since, and pipes whole ids', async () => {
  const piped = await world.run(['jobs', 'list', '--name', 'scan-import']);
  assert.is(piped.code, 0, piped.stderr);
  const ids = piped.stdout
    .trim()
    .split('\n')
    .map((line) => line.split('\t')[0]);
  assert.ok(ids.includes(succeeded.id) && ids.includes(failed.id), piped.stdout);
  const ok = JSON.parse((await world.run(['jobs', 'list', '--state', 'succeeded', '--json'])).stdout) as Job[];
  assert.ok(
    ok.every((j) => j.state === 'succeeded'),
    'only succeeded jobs',
  );
  const none = await world.run(['jobs', 'list', '--name', 'scan-import', '--since', '2000-01-01', '--state', 'cancelled']);
  assert.equal([none.code, none.stdout], [0, '']);
  const future = JSON.parse((await world.run(['jobs', 'list', '--since', '2999-01-01', '--json'])).stdout);
  assert.equal(future, []);
});

test('jobs show gives state, attempts, progress, error, result and times; --json is the job', async () => {
  const shown = await world.run(['jobs', 'show', succeeded.id]);
  assert.is(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /scan-import {2}succeeded/);
  assert.match(shown.stdout, /attempts: +1\/\d+/);
  assert.match(shown.stdout, /result: +.*findings=3/);
  assert.match(shown.stdout, /finished: +.+ago/);
  const failedShown = await world.run(['jobs', 'show', failed.id]);
  assert.match(failedShown.stdout, /error: +.*not a Grype report.* \(REPORT_INVALID\)/);
  const json = JSON.parse((await world.run(['jobs', 'show', succeeded.id, '--json'])).stdout);
  assert.equal(json, await admin.jobs.get(succeeded.id));
});

test('jobs commands check their input first: a short id, an unknown state or a bad --since exit 2', async () => {
  for (const verb of ['show', 'wait', 'retry', 'cancel']) {
    const short = await world.run(['jobs', verb, '0b6f3c1e']);
    assert.is(short.code, 2, short.stderr);
    assert.match(short.stderr, /not a whole job id/);
  }
  const bad = await world.run(['jobs', 'list', '--state', 'done']);
  assert.is(bad.code, 2, bad.stderr);
  assert.match(bad.stderr, /--state=done to be one of: queued, running/);
  const badSince = await world.run(['jobs', 'list', '--since', 'yesterday']);
  assert.is(badSince.code, 2, badSince.stderr);
  assert.match(badSince.stderr, /--since/);
  const both = await world.run(['vulns', 'import', 'x.json', '--wait', '--dry-run']);
  assert.is(both.code, 2, both.stderr);
});

test('an unknown job id exits 3 with JOB_NOT_FOUND', async () => {
  const unknown = await world.run(['jobs', 'show', UNKNOWN_ID]);
  assert.is(unknown.code, 3, unknown.stderr);
  assert.match(unknown.stderr, /JOB_NOT_FOUND/);
});

test('jobs wait exits 0 for a succeeded job and 1 for a failed one, printing the row on stdout', async () => {
  const ok = await world.run(['jobs', 'wait', succeeded.id]);
  assert.is(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout.split('\t').slice(0, 3), [succeeded.id, 'scan-import', 'succeeded']);
  assert.match(ok.stderr, /^scan-import: succeeded/m);
  const bad = await world.run(['jobs', 'wait', failed.id]);
  assert.is(bad.code, 1, bad.stderr);
  assert.equal(bad.stdout.split('\t').slice(0, 3), [failed.id, 'scan-import', 'failed']);
  assert.match(bad.stderr, `The import failed on attempt 1 of ${failed.max_attempts} and was not retried: bad.json: not a Grype report`);
  assert.match(bad.stderr, `(REPORT_INVALID); job ${failed.id}.`);
  const json = await world.run(['jobs', 'wait', failed.id, '--json']);
  assert.is(json.code, 1, json.stderr);
  assert.is(JSON.parse(json.stdout).state, 'failed');
  assert.is(json.stderr, '');
});

test('jobs wait on a terminal draws the bar on the screen', async () => {
  const { code, screen } = await onTerminal(world, ['jobs', 'wait', succeeded.id], 100);
  assert.is(code, 0, screen);
  assert.match(screen, /succeeded /);
  assert.match(screen, succeeded.id.slice(0, 8));
});

test('retrying a succeeded job and cancelling a finished one are conflicts: exit 1 with the code', async () => {
  const retry = await world.run(['jobs', 'retry', succeeded.id]);
  assert.is(retry.code, 1, retry.stderr);
  assert.match(retry.stderr, /JOB_NOT_RETRYABLE/);
  const cancel = await world.run(['jobs', 'cancel', failed.id]);
  assert.is(cancel.code, 1, cancel.stderr);
  assert.match(cancel.stderr, /JOB_NOT_CANCELLABLE/);
  const json = await world.run(['jobs', 'cancel', succeeded.id, '--json']);
  assert.is(json.code, 1);
  assert.equal([JSON.parse(json.stdout).error.code, JSON.parse(json.stdout).error.exit_code], ['JOB_NOT_CANCELLABLE', 1]);
});

test('jobs retry queues a failed job again, and jobs wait follows it to its end', async () => {
  const retried = await world.run(['jobs', 'retry', failed.id, '--json']);
  assert.is(retried.code, 0, retried.stderr);
  const job = JSON.parse(retried.stdout) as Job;
  assert.is(job.id, failed.id);
  assert.ok(['queued', 'running', 'failed'].includes(job.state), job.state);
  const waited = await world.run(['jobs', 'wait', failed.id, '--json']);
  // The report is still not a Grype report: it fails again.
  assert.is(waited.code, 1, waited.stderr);
  const again = JSON.parse(waited.stdout) as Job;
  // Queued again from its first attempt, refused again at once.
  assert.equal([again.state, again.error?.code, again.attempts], ['failed', 'REPORT_INVALID', 1]);
  assert.ok(again.finished_at && failed.finished_at && again.finished_at > failed.finished_at, 'it ran again');
});

test.run();
