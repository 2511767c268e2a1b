import { execFileSync, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { pino } from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeIntake } from '../_test/fake-intake.js';
import { waitFor } from '../_test/runtime-harness.js';
import { CollectorRegistry } from '../pipeline/intake.js';
import { syslogUdpCollector, udpKernelDrops } from './syslog-udp.js';

const logger = pino({ level: 'silent' });
const never = new AbortController().signal;

async function setup() {
  const intake = new FakeIntake();
  const registry = new CollectorRegistry();
  const collector = syslogUdpCollector({ host: '127.0.0.1', port: 0, intake, registry, logger, source: 'fw' });
  await collector.start();
  const sender = createSocket('udp4');
  const send = (msg: string | Buffer) =>
    new Promise<void>((resolve, reject) =>
      sender.send(msg, collector.address().port, '127.0.0.1', (err) => (err ? reject(err) : resolve())),
    );
  return {
    intake,
    registry,
    collector,
    send,
    async close() {
      sender.close();
      await collector.stop(never);
    },
  };
}

test('each datagram is one record without its line end, counted once accepted', async () => {
  const t = await setup();
  try {
    await t.send('<13>Dec  3 05:00:01 web1 app: one\n');
    await t.send('<13>Dec  3 05:00:01 web1 app: two\r\n');
    await t.send(Buffer.from('<13>Dec  3 05:00:01 web1 app: three\0'));
    await t.send('\n'); // nothing but a line end: not a record
    await waitFor(() => t.intake.count === 3, 'three records');
    assert.equal(t.intake.lines(), [
      '<13>Dec  3 05:00:01 web1 app: one',
      '<13>Dec  3 05:00:01 web1 app: two',
      '<13>Dec  3 05:00:01 web1 app: three',
    ]);
    const [first] = t.intake.records;
    assert.is(first?.collector, 'syslog-udp');
    assert.is(first?.source, 'fw');
    assert.is(first?.peer, '127.0.0.1');
    const counters = t.registry.counters('syslog-udp');
    await waitFor(() => counters?.received === 3, 'received counted');
    assert.is(counters?.bytes, 33 + 33 + 35);
    assert.is(counters?.dropped, 0);
  } finally {
    await t.close();
  }
});

test('while the intake is saturated datagrams are dropped and counted, then taken again', async () => {
  const t = await setup();
  try {
    t.intake.saturated = true;
    for (let i = 0; i < 50; i++) await t.send(`dropped ${i}`);
    const counters = t.collector.counters;
    await waitFor(() => counters.dropped === 50, '50 drops counted');
    t.intake.saturated = false;
    await t.send('kept');
    await waitFor(() => counters.received === 1, 'the next datagram received');
    assert.equal(t.intake.lines(), ['kept']);
  } finally {
    await t.close();
  }
});

test('udpKernelDrops reads a number on Linux', () => {
  const drops = udpKernelDrops();
  if (process.platform === 'linux') assert.type(drops, 'number');
  else assert.is(drops, null);
});

const hasLogger = (() => {
  try {
    return execFileSync('logger', ['--help'], { encoding: 'utf8' }).includes('--octet-count');
  } catch {
    return false;
  }
})();

test('util-linux logger sends RFC 5424 over UDP', async () => {
  if (!hasLogger) return console.log('  (skipped: no util-linux logger)');
  const t = await setup();
  try {
    execFileSync('logger', [
      '-n',
      '127.0.0.1',
      '-P',
      String(t.collector.address().port),
      '-d',
      '--rfc5424',
      '-t',
      'secai',
      'hello over udp',
    ]);
    await waitFor(() => t.intake.count === 1, 'the logger line');
    assert.match(t.intake.lines()[0] as string, /^<\d+>1 \S+ \S+ secai .* hello over udp$/);
  } finally {
    await t.close();
  }
});

/** Sends `total` copies of `line` from another process (a sender on the same loop would starve the receiver). */
const SENDER = `
const s = require('node:dgram').createSocket('udp4');
const [port, total, line] = [Number(process.argv[1]), Number(process.argv[2]), Buffer.from(process.argv[3])];
let sent = 0;
(function burst() {
  let n = 0;
  const window = Math.min(500, total - sent);
  if (window === 0) return s.close();
  for (let i = 0; i < window; i++) s.send(line, port, '127.0.0.1', () => { if (++n === window) { sent += window; setImmediate(burst); } });
})();`;

test('a burst of 200,000 datagrams from another process is taken in batches, none dropped by the collector', async () => {
  const t = await setup();
  t.intake.keep = false;
  // An accept takes a moment, as the spool's write does: while two are in flight the next
  // batch fills. (An intake that answered at once would take what one loop turn read, a few.)
  t.intake.delayMs = 1;
  try {
    const port = t.collector.address().port;
    const line = '<134>Dec  3 05:00:01 fw1 kernel: DROP IN=eth0 SRC=10.0.0.9 DST=10.0.0.1 PROTO=TCP SPT=40000 DPT=22';
    const kernelBefore = udpKernelDrops() ?? 0;
    const total = 200_000;
    const started = performance.now();
    const sender = spawn(process.execPath, ['-e', SENDER, String(port), String(total), line], { stdio: 'ignore' });
    await new Promise((r) => sender.once('exit', r));
    const c = t.collector.counters;
    const kernel = () => (udpKernelDrops() ?? kernelBefore) - kernelBefore;
    await waitFor(() => c.received + c.dropped + kernel() >= total, 'every datagram accounted for', 20_000);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `  UDP: ${Math.round(c.received / seconds)} lines/s received (${c.received} received, ${c.dropped} dropped, ${kernel()} dropped by the kernel, ${t.intake.calls} accepts)`,
    );
    assert.is(c.dropped, 0);
    assert.ok(c.received > total / 2, 'most of the burst received');
    assert.ok(t.intake.calls < c.received / 10, `batched: ${t.intake.calls} accepts`);
  } finally {
    await t.close();
  }
});

test.run();
