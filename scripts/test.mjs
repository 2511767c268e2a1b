#!/usr/bin/env node
// Runs every package's uvu tests in one process and ends with the repo-wide summary line
// `N passed, N failed, N skipped` that CI reads. Extra arguments narrow the run:
//   node scripts/test.mjs packages/server        only the server's tests
//   node scripts/test.mjs . 'alerts'             only files whose path matches /alerts/
// uvu has no timeouts, so this runner keeps one: a run that prints nothing for QUIET_LIMIT_MS is
// stuck, and is stopped and counted as a failure; CI then ends instead of hanging. A process
// that stays alive after its summary (a handle a test left open) names the handles and exits
// (test-exit.mjs); should even that fail, it is stopped EXIT_GRACE_MS after the summary.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const QUIET_LIMIT_MS = Number(process.env.SECAI_TEST_QUIET_LIMIT_MS ?? 10 * 60_000);
const EXIT_GRACE_MS = 20_000;

const uvu = fileURLToPath(new URL('../node_modules/uvu/bin.js', import.meta.url));
const exitReport = new URL('./test-exit.mjs', import.meta.url).href;
const [dir = '.', filter = ''] = process.argv.slice(2);
const pattern = `${filter}.*\\.test\\.ts$`;

const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--import', exitReport, uvu, dir, pattern, '-i', 'node_modules', '-i', 'dist', '-i', '\\.git', '-c', 'false'],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    // Its own process group, so that stopping it stops the servers its tests started too.
    detached: true,
  },
);

let output = '';
let stopped = '';
const stopGroup = (why) => {
  stopped ||= why;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
};
const lastFile = () => output.match(/([^\s]+\.test\.ts)\n(?![\s\S]*\.test\.ts\n)/)?.[1] ?? 'the first file';
const quiet = setTimeout(() => stopGroup(`no output for ${QUIET_LIMIT_MS / 60_000} min in ${lastFile()}`), QUIET_LIMIT_MS);
let grace;

child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  output += chunk;
  quiet.refresh();
  if (!grace && /Duration:\s/.test(output)) {
    clearTimeout(quiet);
    grace = setTimeout(
      () => stopGroup(`still running ${EXIT_GRACE_MS / 1000} s after its summary (a test left a handle open)`),
      EXIT_GRACE_MS,
    );
  }
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopGroup(`stopped by ${signal}`));
// What a test started and left running (a server child, a sleep) goes with the test process.
child.on('exit', () => {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // nothing left
  }
});

child.on('close', (code) => {
  clearTimeout(quiet);
  clearTimeout(grace);
  const count = (label) => Number(output.match(new RegExp(`${label}:\\s+(\\d+)`))?.[1] ?? 0);
  const total = count('Total');
  const passed = count('Passed');
  const skipped = count('Skipped');
  if (stopped) process.stdout.write(`\nThe test process was stopped: ${stopped}.\n`);
  // uvu's Total counts the tests that ran; anything not passed failed. A crash or a stop before
  // the summary is a failure too, and so is a process that would not exit after it.
  const failed = total - passed + ((code !== 0 && total === passed) || stopped ? 1 : 0);
  process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  process.exit(stopped ? 1 : (code ?? 1));
});
