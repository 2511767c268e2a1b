// R2: 100,000 lines over one TCP connection into `secai serve`, killed (-9) in the middle: every
// line the server counted as received before the kill is stored after the restart (the stored
// lines are a gapless prefix of what was sent). R3: 200,000 UDP datagrams as fast as the test can
// send them: sent = stored + dropped by the server + dropped by the kernel for that socket.
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freePort } from '../_test/redis-server.js';
import { waitFor } from '../_test/runtime-harness.js';
import { type ServeChild, serveChild } from '../_test/serve-child.js';

const PASSWORD = 'collect-faults-password';

interface Api {
  collector(name: string): Promise<{ received: number; dropped: number; stored: number }>;
  /** The numbers of the stored `Rn line <n>` events of a collector. */
  numbers(collector: string): Promise<number[]>;
}

async function api(base: string): Promise<Api> {
  const login = await fetch(`${base}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  const auth = { authorization: `Bearer ${((await login.json()) as { access_token: string }).access_token}` };
  return {
    async collector(name) {
      const res = await fetch(`${base}/v1/collectors`, { headers: auth });
      const { data } = (await res.json()) as { data: { name: string; counters: { received: number; dropped: number; stored: number } }[] };
      return data.find((c) => c.name === name)?.counters ?? { received: 0, dropped: 0, stored: 0 };
    },
    async numbers(collector) {
      const numbers: number[] = [];
      let cursor: string | null = null;
      do {
        const url = new URL(`${base}/v1/logs`);
        url.searchParams.set('q', `secai.collector:${collector}`);
        url.searchParams.set('limit', '1000');
        if (cursor) url.searchParams.set('cursor', cursor);
        const page = (await (await fetch(url, { headers: auth })).json()) as { data: { message?: string }[]; next_cursor: string | null };
        for (const e of page.data) numbers.push(Number(/line (\d+)$/.exec(e.message ?? '')?.[1]));
        cursor = page.next_cursor;
      } while (cursor);
      return numbers.sort((a, b) => a - b);
    },
  };
}

const line = (tag: string, n: number) => `<13>Dec  3 10:00:00 sender ${tag}[1]: ${tag} line ${n}`;

test('R2: every line counted as received over TCP before a kill -9 is stored after the restart', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'secai-r2-'));
  const port = await freePort();
  const flags = {
    port: 0,
    dataDir,
    logLevel: 'silent',
    jwtSecret: 'q'.repeat(40),
    adminPassword: PASSWORD,
    syslogTcp: `127.0.0.1:${port}`,
  };
  let server: ServeChild = serveChild({ flags });
  try {
    const before = await api(await server.url);
    const LINES = 100_000;
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => {}); // the kill resets the connection
    await new Promise((r) => socket.once('connect', r));
    // Written in chunks that respect the socket's backpressure, so the kill finds lines in flight.
    let sent = 0;
    const writing = (async () => {
      while (sent < LINES && !socket.destroyed) {
        const chunk = Array.from({ length: Math.min(1_000, LINES - sent) }, (_, i) => `${line('R2', sent + i)}\n`).join('');
        sent += 1_000;
        if (!socket.write(chunk)) await new Promise((r) => socket.once('drain', r).once('close', r));
      }
    })();
    const counted = await waitFor(async () => {
      const { received } = await before.collector('syslog-tcp');
      return received >= 30_000 ? received : 0;
    }, 'the server to count 30,000 lines received');
    await server.kill('SIGKILL');
    socket.destroy();
    await writing;
    server = serveChild({ flags });
    const after = await api(await server.url);
    // The restart stores what the spool held; nothing new arrives. Done when the count holds still.
    let last = -1;
    await waitFor(
      async () => {
        const { stored } = await after.collector('syslog-tcp');
        const still = stored === last && stored > 0;
        last = stored;
        if (!still) await new Promise((r) => setTimeout(r, 500));
        return still;
      },
      'the spool to be stored',
      60_000,
    );
    const stored = await after.numbers('syslog-tcp');
    const gaps = stored.filter((n, i) => n !== i).length;
    console.log(
      `  [R2] counted ${counted} received before the kill; ${stored.length} stored after the restart, ${gaps} out of order or missing`,
    );
    assert.is(gaps, 0, 'the stored lines are a gapless prefix of the stream, each once');
    assert.ok(stored.length >= counted, `stored ${stored.length} < counted ${counted}`);
  } finally {
    await server.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('R3: 200,000 UDP datagrams: sent = stored + the drops the server and the kernel counted', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'secai-r3-'));
  const port = await freePort();
  const flags = {
    port: 0,
    dataDir,
    logLevel: 'silent',
    jwtSecret: 'u'.repeat(40),
    adminPassword: PASSWORD,
    syslogUdp: `127.0.0.1:${port}`,
  };
  const server = serveChild({ flags });
  const sender = createSocket('udp4');
  try {
    const client = await api(await server.url);
    const DATAGRAMS = 200_000;
    for (let n = 0; n < DATAGRAMS; n++) {
      // Sent as fast as the loopback takes them: some are meant to be dropped.
      await new Promise<void>((resolve, reject) => sender.send(line('R3', n), port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
    }
    // Everything the collector took is stored once the pipeline drains; read the kernel's count for
    // the socket while it is still open.
    let last = -1;
    const counters = await waitFor(
      async () => {
        const c = await client.collector('syslog-udp');
        const still = c.stored === c.received && c.received === last;
        last = c.received;
        if (!still) await new Promise((r) => setTimeout(r, 500));
        return still ? c : null;
      },
      'the received datagrams to be stored, and no more to come',
      60_000,
    );
    const kernel = socketDrops(port);
    const stored = (await client.numbers('syslog-udp')).length;
    console.log(`  [R3] sent ${DATAGRAMS}: stored ${stored}, dropped by the server ${counters.dropped}, by the kernel ${kernel}`);
    assert.is(stored, counters.stored);
    assert.is(stored + counters.dropped + kernel, DATAGRAMS);
  } finally {
    sender.close();
    await server.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});

/** The kernel's drop count of the UDP socket bound to `port` (the last column of /proc/net/udp). */
function socketDrops(port: number): number {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const row = readFileSync('/proc/net/udp', 'utf8')
    .split('\n')
    .find((l) => l.trim().split(/\s+/)[1]?.endsWith(`:${hex}`));
  return Number(row?.trim().split(/\s+/).at(-1) ?? 0);
}

test.run();
