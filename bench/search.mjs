#!/usr/bin/env node
// Log store load rate and search latency (issue: the SQL log stores). Generates N events
// (`--events N`, default 10,000,000), a realistic mix (sshd, sudo, web access, CEF firewall,
// Windows logons) over 30 days, stores them in batches of 2,000 as the pipeline does, then times
// the first page (50) of a field query, of a phrase query, and a one-hour histogram of the last
// 24 hours. SQLite always; PostgreSQL too when DATABASE_URL or SECAI_TEST_DATABASE_URL is set
// (in a schema of its own, dropped after). Target: each query < 200 ms (median of 7 runs).
//   node bench/search.mjs --events 1000000 [--keep <dir>] [--no-sqlite]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseLine } from '@secai/core/events';
import { PostgresLogStore, SqliteLogStore } from '../packages/server/dist/logstore/index.js';
import { openDatabase } from '../packages/server/dist/store/database.js';

const arg = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : (process.argv[i + 1] ?? '');
};
const EVENTS = Number(arg('events') ?? 10_000_000);
const BATCH = 2_000; // the pipeline's batch
const TARGET_MS = 200;
const RUNS = 7;
const END = Date.UTC(2026, 11, 1);
const SPAN = 30 * 86_400_000;
const PG_URL = process.env.DATABASE_URL ?? process.env.SECAI_TEST_DATABASE_URL;

/** A deterministic mix of lines; the time of event i spreads N events evenly over 30 days. */
function makeBatch(from, count) {
  let seed = from + 42;
  const rand = (n) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    // The high bits: this generator's low bits repeat quickly (seed % 6 made three kinds of line in 99%).
    return Math.floor((seed / 2_147_483_648) * n);
  };
  const hosts = ['web-1', 'web-2', 'db-1', 'bastion', 'fw-edge'];
  const users = ['root', 'admin', 'alice', 'bob', 'deploy', 'oracle'];
  const ip = () => `10.${rand(256)}.${rand(256)}.${rand(256)}`;
  const events = [];
  for (let i = from; i < from + count; i++) {
    const ts = END - SPAN + Math.floor((i * SPAN) / EVENTS);
    const t = new Date(ts);
    const bsd = `${t.toUTCString().slice(8, 11)} ${String(t.getUTCDate()).padStart(2, ' ')} ${t.toISOString().slice(11, 19)}`;
    const host = hosts[rand(hosts.length)];
    const user = users[rand(users.length)];
    let line;
    switch (rand(6)) {
      case 0:
        line = `<38>${bsd} ${host} sshd[${1000 + rand(30000)}]: Failed password for ${rand(3) ? '' : 'invalid user '}${user} from ${ip()} port ${1024 + rand(60000)} ssh2`;
        break;
      case 1:
        line = `<86>${bsd} ${host} sshd[${1000 + rand(30000)}]: Accepted publickey for ${user} from ${ip()} port ${1024 + rand(60000)} ssh2`;
        break;
      case 2:
        line = `<85>${bsd} ${host} sudo:    ${user} : TTY=pts/${rand(5)} ; PWD=/home/${user} ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx`;
        break;
      case 3:
        line = `${ip()} - - [${t.getUTCDate()}/${t.toUTCString().slice(8, 11)}/${t.getUTCFullYear()}:${t.toISOString().slice(11, 19)} +0000] "GET /app/${rand(500)}.html HTTP/1.1" ${[200, 200, 200, 404, 500][rand(5)]} ${rand(90000)} "-" "Mozilla/5.0"`;
        break;
      case 4:
        line = `<134>${bsd} fw-edge CEF:0|Fortinet|FortiGate|7.2|13|traffic forward ${['accept', 'deny'][rand(2)]}|3|src=${ip()} dst=${ip()} spt=${rand(65535)} dpt=443 proto=6 suser=${user}`;
        break;
      default:
        line = JSON.stringify({
          EventTime: t.toISOString(),
          Hostname: 'ws01.corp.example',
          EventID: [4624, 4625][rand(2)],
          Channel: 'Security',
          SourceName: 'Microsoft-Windows-Security-Auditing',
          TargetUserName: user,
          IpAddress: ip(),
          LogonType: '3',
        });
    }
    const event = parseLine(line, { receivedAt: t }).event;
    event['@timestamp'] = t.toISOString();
    event.event.id = `ev-${String(i).padStart(9, '0')}`;
    events.push(event);
  }
  return events;
}

async function load(store) {
  let writeMs = 0;
  const cpu0 = process.cpuUsage();
  let genCpu = 0;
  for (let from = 0; from < EVENTS; from += BATCH) {
    const g0 = process.cpuUsage();
    const batch = makeBatch(from, Math.min(BATCH, EVENTS - from));
    const g = process.cpuUsage(g0);
    genCpu += g.user + g.system;
    const t0 = performance.now();
    await store.write(batch);
    writeMs += performance.now() - t0;
    if (from % 500_000 === 0 && from > 0) process.stderr.write(`  ${from} events stored\n`);
  }
  const cpu = process.cpuUsage(cpu0);
  const writeCpuS = (cpu.user + cpu.system - genCpu) / 1e6;
  console.log(
    `load: ${EVENTS} events in ${(writeMs / 1000).toFixed(1)} s of write() = ${Math.round(EVENTS / (writeMs / 1000))} events/s (${Math.round(EVENTS / writeCpuS)} per CPU-second of this process; target >= 100,000 on SQLite)`,
  );
}

async function time(label, fn) {
  const ms = [];
  let result;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    result = await fn();
    ms.push(performance.now() - t0);
  }
  const first = ms[0];
  const median = [...ms].sort((a, b) => a - b)[Math.floor(RUNS / 2)];
  console.log(
    `${label.padEnd(44)} median ${median.toFixed(1).padStart(7)} ms  (first ${first.toFixed(1)} ms)  ${median < TARGET_MS ? 'OK' : 'OVER'} vs < ${TARGET_MS} ms  [${result}]`,
  );
}

async function queries(store) {
  const field = { kind: 'match', field: 'user.name', value: 'root', wildcard: false };
  const phrase = { kind: 'text', words: ['failed', 'password'], phrase: true };
  await time('first page (50) of user.name:root', async () => `${(await store.search({ query: field, limit: 50 })).events.length} events`);
  await time(
    'first page (50) of "failed password"',
    async () => `${(await store.search({ query: phrase, limit: 50 })).events.length} events`,
  );
  await time('1 h histogram of the last 24 h', async () => {
    const s = await store.stats({ query: { kind: 'all' }, from: new Date(END - 86_400_000), to: new Date(END), interval: 3_600_000 });
    return `${s.total} events, ${s.buckets.length} buckets`;
  });
  await time('1 h histogram, last 24 h, of user.name:root', async () => {
    const s = await store.stats({ query: field, from: new Date(END - 86_400_000), to: new Date(END), interval: 3_600_000 });
    return `${s.total} events`;
  });
  await time('page 2 of user.name:root (cursor)', async () => {
    const p1 = await store.search({ query: field, limit: 50 });
    return `${(await store.search({ query: field, limit: 50, cursor: p1.nextCursor })).events.length} events`;
  });
}

console.log(`${EVENTS} events over 30 days, batches of ${BATCH}, node ${process.version}`);
if (!process.argv.includes('--no-sqlite')) {
  const keep = arg('keep');
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'secai-bench-logs-'));
  const store = new SqliteLogStore(dir);
  await store.open();
  console.log(`\nSQLite (${dir})`);
  if (!keep || (await store.partitions()).length === 0) await load(store);
  store.optimize();
  const parts = await store.partitions();
  console.log(`${parts.length} day files, ${(parts.reduce((s, p) => s + p.bytes, 0) / 1e9).toFixed(2)} GB`);
  await queries(store);
  await store.close();
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
if (PG_URL) {
  const schema = `secai_bench_${process.pid}`;
  const db = await openDatabase({ databaseUrl: PG_URL, schema });
  try {
    const store = new PostgresLogStore(db);
    await store.open();
    console.log(`\nPostgreSQL (schema ${schema})`);
    await load(store);
    await db.raw('ANALYZE log_events');
    const parts = await store.partitions();
    console.log(`${parts.length} partitions, ${(parts.reduce((s, p) => s + p.bytes, 0) / 1e9).toFixed(2)} GB`);
    await queries(store);
  } finally {
    await db.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schema]);
    await db.destroy();
  }
}
