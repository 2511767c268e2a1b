#!/usr/bin/env node
// Runs every package's uvu tests in one process and ends with the repo-wide summary line
// `N passed, N failed, N skipped` that CI reads. Extra arguments narrow the run:
//   node scripts/test.mjs packages/server        only the server's tests
//   node scripts/test.mjs . 'alerts'             only files whose path matches /alerts/
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const uvu = fileURLToPath(new URL('../node_modules/uvu/bin.js', import.meta.url));
const [dir = '.', filter = ''] = process.argv.slice(2);
const pattern = `${filter}.*\\.test\\.ts$`;

const child = spawn(
  process.execPath,
  ['--import', 'tsx', uvu, dir, pattern, '-i', 'node_modules', '-i', 'dist', '-i', '\\.git', '-c', 'false'],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  },
);

let output = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  output += chunk;
});

child.on('close', (code) => {
  const count = (label) => Number(output.match(new RegExp(`${label}:\\s+(\\d+)`))?.[1] ?? 0);
  const total = count('Total');
  const passed = count('Passed');
  const skipped = count('Skipped');
  // uvu's Total counts the tests that ran; anything not passed failed. A crash before the
  // summary is a failure too.
  const failed = total - passed + (code !== 0 && total === passed ? 1 : 0);
  process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  process.exit(code ?? 1);
});
