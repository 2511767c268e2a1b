#!/usr/bin/env node
// Start-up time of the CLI: `secai --version` (target < 200 ms, issue #9) beside a bare `node` start
// on the same machine (what no CLI can go below), and a real command, `secai alerts list --json`,
// against a local server with the demo data. Median and p90 of 15 runs.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadConfig, startServer } from '@secai/server';
import { pino } from 'pino';

const BIN = fileURLToPath(new URL('../packages/cli/bin/run.js', import.meta.url));
const RUNS = 15;

const run = promisify(execFile);

// Asynchronous on purpose: the server under test runs in this process.
async function time(args, env, bin = BIN) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await run(process.execPath, bin ? [bin, ...args] : args, { env: { ...process.env, ...env } });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(RUNS / 2)], p90: times[Math.floor(RUNS * 0.9)] };
}

// Before the server starts, so its work does not weigh on the measurement.
const version = await time(['--version'], {});
const bareNode = await time(['-e', ''], {}, null);

const dataDir = mkdtempSync(join(tmpdir(), 'secai-bench-cli-'));
const running = await startServer(
  loadConfig({ env: {}, flags: { port: 0, dataDir, adminPassword: 'bench-admin-password', logLevel: 'silent' } }),
  {
    demo: true,
    logger: pino({ level: 'silent' }),
  },
);
try {
  const login = await fetch(`${running.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'bench-admin-password' }),
  });
  const { access_token } = await login.json();
  const list = await time(['alerts', 'list', '--json'], { SECAI_URL: running.url, SECAI_TOKEN: access_token, SECAI_CONFIG_DIR: dataDir });
  console.log(
    `secai --version: median ${version.median.toFixed(0)} ms, p90 ${version.p90.toFixed(0)} ms (target < 200 ms: ${version.median < 200 ? 'met' : 'MISSED'})`,
  );
  console.log(`node -e '' (start-up floor): median ${bareNode.median.toFixed(0)} ms, p90 ${bareNode.p90.toFixed(0)} ms`);
  console.log(`secai alerts list --json (30 alerts): median ${list.median.toFixed(0)} ms, p90 ${list.p90.toFixed(0)} ms`);
} finally {
  await running.close();
  rmSync(dataDir, { recursive: true, force: true });
}
