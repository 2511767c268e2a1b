import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { pino } from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeIntake } from '../_test/fake-intake.js';
import { waitFor } from '../_test/runtime-harness.js';
import { CollectorRegistry } from '../pipeline/intake.js';
import { type SyslogTcpOptions, syslogTcpCollector } from './syslog-tcp.js';

const logger = pino({ level: 'silent' });
const never = new AbortController().signal;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function setup(extra: Partial<SyslogTcpOptions> = {}) {
  const intake = new FakeIntake();
  const registry = new CollectorRegistry();
  const collector = syslogTcpCollector({ host: '127.0.0.1', port: 0, intake, registry, logger, ...extra });
  await collector.start();
  const port = collector.address().port;
  const open = () =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(socket)).once('error', reject);
      socket.setNoDelay(true);
    });
  return { intake, registry, collector, port, open, stop: () => collector.stop(never) };
}

const ended = (socket: Socket) => new Promise<void>((resolve) => socket.end(() => resolve()));

test('octet-counted and LF-framed senders on different connections, frames split across writes, CRLF', async () => {
  const t = await setup({ source: 'net' });
  try {
    const octet = await t.open();
    const lf = await t.open();
    const frames = ['<13>1 2024-12-03T05:00:01Z web1 app - - - one', '<13>1 2024-12-03T05:00:01Z web1 app - - - two\nstill two'];
    const octetBytes = Buffer.from(frames.map((f) => `${Buffer.byteLength(f)} ${f}`).join(''));
    const lfBytes = Buffer.from('<14>Dec  3 05:00:01 web2 app: alpha\r\n<14>Dec  3 05:00:01 web2 app: beta\n');
    // Byte by byte for the first 60, then the rest: every split point of the headers is met.
    for (let i = 0; i < 60; i++) {
      octet.write(octetBytes.subarray(i, i + 1));
      lf.write(lfBytes.subarray(i, i + 1));
      await sleep(1);
    }
    octet.write(octetBytes.subarray(60));
    lf.write(lfBytes.subarray(60));
    await Promise.all([ended(octet), ended(lf)]);
    await waitFor(() => t.collector.counters.received === 4, 'four records received');
    const byPeer = (prefix: string) => t.intake.lines().filter((l) => l.startsWith(prefix));
    assert.equal(byPeer('<13>'), frames);
    assert.equal(byPeer('<14>'), ['<14>Dec  3 05:00:01 web2 app: alpha', '<14>Dec  3 05:00:01 web2 app: beta']);
    assert.is(t.intake.records[0]?.peer, '127.0.0.1');
    assert.is(t.intake.records[0]?.source, 'net');
    assert.is(t.collector.counters.bytes, octetBytes.length - 6 + lfBytes.length - 3); // headers, CR and LFs not counted
  } finally {
    await t.stop();
  }
});

/** `n` numbered lines, ~100 bytes each. */
const burst = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `<134>Dec  3 05:00:01 fw1 kernel: DROP SRC=10.0.0.9 DST=10.0.0.1 DPT=22 seq=${from + i}\n`).join('');

const inOrder = (lines: string[], n: number) => {
  assert.is(lines.length, n);
  for (let i = 0; i < n; i++) if (!lines[i]?.endsWith(`seq=${i}`)) assert.unreachable(`line ${i} is ${lines[i]}`);
};

test('a 10 MB burst arrives whole and in order, in batches', async () => {
  const t = await setup();
  try {
    const n = 100_000;
    const socket = await t.open();
    const started = performance.now();
    socket.write(burst(n));
    await ended(socket);
    await waitFor(() => t.collector.counters.received === n, 'the whole burst', 20_000);
    const seconds = (performance.now() - started) / 1000;
    console.log(`  TCP: ${Math.round(n / seconds)} lines/s (${t.intake.calls} accepts)`);
    inOrder(t.intake.lines(), n);
    assert.ok(t.intake.calls < n / 50, `${t.intake.calls} accepts`);
  } finally {
    await t.stop();
  }
});

test('a slow or saturated intake pauses the sender: bounded buffering, everything received in order', async () => {
  const t = await setup();
  try {
    t.intake.delayMs = 20;
    t.intake.saturated = true;
    const n = 60_000;
    const socket = await t.open();
    socket.write(burst(n));
    let most = 0;
    const sampler = setInterval(() => {
      most = Math.max(most, t.collector.waiting);
    }, 5);
    await sleep(200);
    assert.is(t.collector.counters.received, 0, 'nothing accepted while saturated');
    assert.ok(socket.writableLength > 1_000_000, `the sender holds what we do not read (${socket.writableLength} bytes)`);
    t.intake.saturated = false;
    await ended(socket);
    await waitFor(() => t.collector.counters.received === n, 'every record', 20_000);
    clearInterval(sampler);
    inOrder(t.intake.lines(), n);
    assert.is(t.collector.counters.dropped, 0);
    // 4 batches waiting + 1 in flight + one 64 KiB read's worth of lines.
    assert.ok(most <= 6_000, `at most ${most} records held`);
  } finally {
    await t.stop();
  }
});

test('stop hands over the complete records, counts a line cut short, and ends the connection', async () => {
  const t = await setup();
  const socket = await t.open();
  const closed = new Promise((r) => socket.once('close', r));
  socket.on('error', () => {});
  socket.write('<13>complete one\n<13>complete two\n<13>half a li');
  await waitFor(() => t.collector.counters.received === 2, 'the complete lines');
  await t.stop();
  await closed;
  assert.equal(t.intake.lines(), ['<13>complete one', '<13>complete two']);
  assert.is(t.collector.counters.dropped, 1);
  assert.is(t.collector.connections, 0);
});

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

test('TLS with a self-signed certificate', async () => {
  if (!hasOpenssl) return console.log('  (skipped: no openssl)');
  const dir = mkdtempSync(join(tmpdir(), 'secai-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'],
      {
        stdio: 'ignore',
      },
    );
    const t = await setup({ tls: { cert, key } });
    try {
      assert.is(t.registry.list()[0]?.kind, 'syslog-tls');
      const socket = tlsConnect({ port: t.port, host: '127.0.0.1', rejectUnauthorized: false });
      await new Promise((r) => socket.once('secureConnect', r));
      socket.write('26 <13>1 - web1 app - - - tls');
      socket.end('\n<13>lf after octets is a line\n');
      await waitFor(() => t.collector.counters.received === 2, 'two records over TLS');
      assert.equal(t.intake.lines(), ['<13>1 - web1 app - - - tls', '<13>lf after octets is a line']);
    } finally {
      await t.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const hasLogger = (() => {
  try {
    return execFileSync('logger', ['--help'], { encoding: 'utf8' }).includes('--octet-count');
  } catch {
    return false;
  }
})();

test('util-linux logger: RFC 5424 with octet counting, and LF-framed', async () => {
  if (!hasLogger) return console.log('  (skipped: no util-linux logger)');
  const t = await setup();
  try {
    const port = String(t.port);
    execFileSync('logger', ['-n', '127.0.0.1', '-P', port, '--tcp', '--octet-count', '--rfc5424', '-t', 'secai', 'counted message']);
    execFileSync('logger', ['-n', '127.0.0.1', '-P', port, '--tcp', '--rfc5424', '-t', 'secai', 'lf message']);
    await waitFor(() => t.collector.counters.received === 2, 'both logger lines');
    const lines = t.intake.lines().sort();
    assert.match(lines[0] as string, /^<\d+>1 \S+ \S+ secai .* counted message$/);
    assert.match(lines[1] as string, /^<\d+>1 \S+ \S+ secai .* lf message$/);
  } finally {
    await t.stop();
  }
});

test.run();
