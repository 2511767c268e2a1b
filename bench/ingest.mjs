#!/usr/bin/env node
// End-to-end ingest (issue #10): 1,000,000 mixed syslog lines over TCP into a running
// `secai serve` on the embedded default (SQLite), timed from the first byte sent until the
// server counts every line stored (parsed, in the log store, searchable), with the server's peak
// RSS. Then, in the same run, the parse-only rates of secai's parsers and of syslog-ng per
// CPU-second (bench/parse.mjs) on lines of the same generator.
// Targets: >= 100,000 events/s end to end with RSS < 500 MB; parse-only >= 1.5x syslog-ng.
// BENCH_RULES=DIR (e.g. ../shared/corpus/sigma/rules) imports those Sigma rules first, so the
// figure includes detection on every event; the rules are compiled before the clock starts.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syslogLines } from './parse.mjs';

const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const TARGET_RATE = 100_000;
const TARGET_RSS_MB = 500;
const PASSWORD = 'bench-ingest-password';
const root = fileURLToPath(new URL('..', import.meta.url));

const dataDir = mkdtempSync(join(tmpdir(), 'secai-bench-ingest-'));
const tcpPort = 20_000 + Math.floor(Math.random() * 20_000);
const server = spawn(
  process.execPath,
  [
    // BENCH_PROFILE=DIR writes CPU profiles of the server (main thread and the writer thread) there.
    ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
    join(root, 'packages/cli/bin/run.js'),
    'serve',
    '--port',
    '0',
    '--data-dir',
    dataDir,
    '--syslog-tcp',
    `127.0.0.1:${tcpPort}`,
    '--log-level',
    'warn',
  ],
  { env: { ...process.env, SECAI_ADMIN_PASSWORD: PASSWORD }, stdio: ['ignore', 'inherit', 'pipe'] },
);
try {
  const url = await new Promise((resolve, reject) => {
    let err = '';
    server.stderr.on('data', (chunk) => {
      err += chunk;
      const m = /listening on (\S+)/.exec(err);
      if (m) resolve(m[1]);
    });
    server.once('exit', (code) => reject(new Error(`secai serve exited (${code}): ${err}`)));
  });
  const login = await fetch(`${url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  const { access_token: token } = await login.json();
  const stored = async () => {
    const res = await fetch(`${url}/v1/collectors`, { headers: { authorization: `Bearer ${token}` } });
    const { data } = await res.json();
    return data.find((c) => c.kind === 'syslog-tcp')?.counters.stored ?? 0;
  };

  const rulesDir = process.env.BENCH_RULES;
  if (rulesDir) {
    const files = readdirSync(rulesDir, { recursive: true })
      .filter((f) => /\.ya?ml$/.test(f))
      .map((path) => ({ path, content: readFileSync(join(rulesDir, path), 'utf8') }));
    const imported = await fetch(`${url}/v1/rules`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ rule_set: 'bench', files }),
    });
    if (!imported.ok) throw new Error(`rules import: ${imported.status} ${await imported.text()}`);
    // One event through the pipeline: the writer compiles the rules on its first batch.
    await fetch(`${url}/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      body: 'warm-up\n',
    });
    for (let i = 0; i < 600; i++) {
      const res = await fetch(`${url}/v1/collectors`, { headers: { authorization: `Bearer ${token}` } });
      if ((await res.json()).data.find((c) => c.kind === 'http')?.counters.stored >= 1) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    console.log(`detection on: ${files.length} Sigma rule files from ${rulesDir}`);
  }
  const alertCount = async () => {
    const res = await fetch(`${url}/v1/alerts?source=sigma&limit=1000`, { headers: { authorization: `Bearer ${token}` } });
    return (await res.json()).data?.length ?? 0;
  };

  const payload = Buffer.from(`${[...syslogLines(LINES)].join('\n')}\n`);
  const started = process.hrtime.bigint();
  await new Promise((resolve, reject) => {
    const socket = connect(tcpPort, '127.0.0.1', () => socket.end(payload));
    socket.once('close', resolve);
    socket.once('error', reject);
  });
  const sentMs = Number(process.hrtime.bigint() - started) / 1e6;
  let count = 0;
  let peakRss = 0;
  for (;;) {
    count = await stored();
    peakRss = Math.max(peakRss, rssMb(server.pid));
    if (count >= LINES) break;
    if (Number(process.hrtime.bigint() - started) / 1e9 > 600) throw new Error(`only ${count} of ${LINES} stored after 10 minutes`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const hwm = Math.max(peakRss, highWaterMb(server.pid));
  const rate = LINES / seconds;
  console.log(
    `secai serve (SQLite): ${LINES.toLocaleString('en')} lines over TCP, all sent after ${(sentMs / 1000).toFixed(1)} s, all stored after ${seconds.toFixed(1)} s`,
  );
  console.log(
    `  end to end: ${Math.round(rate).toLocaleString('en')} events/s (target >= ${TARGET_RATE.toLocaleString('en')}) ${rate >= TARGET_RATE ? 'MET' : 'MISSED'}`,
  );
  console.log(`  peak RSS:   ${hwm.toFixed(0)} MB (target < ${TARGET_RSS_MB} MB) ${hwm < TARGET_RSS_MB ? 'MET' : 'MISSED'}`);
  if (rulesDir) console.log(`  alerts:     ${await alertCount()} raised by the rules (first page of 1,000)`);
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}

console.log('\nparse only, per CPU-second (bench/parse.mjs):');
spawnSync(process.execPath, [fileURLToPath(new URL('./parse.mjs', import.meta.url))], { stdio: 'inherit' });

/** The process's resident set now and at its peak, from /proc. */
function rssMb(pid) {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}
function highWaterMb(pid) {
  return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}
