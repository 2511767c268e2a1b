import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import type { LogFormat } from '@secai/core/events';
import type { Logger } from 'pino';
import type { CollectorCounters, CollectorRegistry, Intake, RawRecord } from '../pipeline/intake.js';
import type { Component } from '../runtime/component.js';
import type { ListenAddress } from './listen-address.js';
import { BATCH_RECORDS, trimmedEnd } from './record-limits.js';

/**
 * The kernel's receive buffer we ask for. UDP has no flow control: whatever arrives while the
 * event loop is busy (a GC pause, a burst) waits in this buffer or is dropped by the kernel. At
 * 100k lines/s of ~200 bytes, 8 MB holds about 400 ms; Linux's default (208 KiB) holds 10 ms.
 * Linux caps it at `net.core.rmem_max`; `start` logs when it got less.
 */
const RECV_BUFFER_BYTES = 8 * 1024 * 1024;
/** Records waiting for or in `accept`, at most; past it datagrams are dropped (and counted) rather than held. */
const MAX_QUEUED = 20 * BATCH_RECORDS;
/** Accept calls in flight: while they run the next batch fills, so batches grow with the load. */
const MAX_IN_FLIGHT = 2;
/** A refused batch is logged at most this often: under overload it would be every batch. */
const WARN_EVERY_MS = 10_000;

export interface SyslogUdpOptions extends ListenAddress {
  intake: Intake;
  registry: CollectorRegistry;
  logger: Logger;
  name?: string;
  source?: string;
  format?: LogFormat;
  recvBufferSize?: number;
}

export interface SyslogUdpCollector extends Component {
  readonly counters: CollectorCounters;
  /** The bound address (the port chosen when 0 was asked), once started. */
  address(): ListenAddress;
}

/**
 * Syslog over UDP (RFC 5426): one datagram is one record, its trailing LF, CRLF or NULs dropped.
 * Datagrams are gathered into `accept` calls of up to 1,000 records (one per event-loop turn
 * when idle); `received` and `bytes` count them once accepted. While the intake is saturated,
 * or when `accept` refuses, datagrams are dropped and counted in `dropped`: UDP cannot ask the
 * sender to wait. Drops in the kernel (a full receive buffer) show in `udpKernelDrops()`.
 */
export function syslogUdpCollector(options: SyslogUdpOptions): SyslogUdpCollector {
  const { intake, logger, source, format } = options;
  const name = options.name ?? 'syslog-udp';
  const counters = options.registry.register(name, 'syslog-udp', `${options.host}:${options.port}`);
  let socket: Socket | null = null;
  // Batches waiting for `accept`, oldest first; the last one fills.
  let waiting: { records: RawRecord[]; bytes: number }[] = [];
  let queued = 0;
  let inFlight = 0;
  let scheduled = false;
  let lastWarn = 0;
  const settled = new Set<Promise<void>>();

  const flush = () => {
    scheduled = false;
    if (waiting.length === 0 || inFlight >= MAX_IN_FLIGHT) return;
    const { records: batch, bytes } = waiting.shift() as { records: RawRecord[]; bytes: number };
    inFlight++;
    const done = intake
      .accept(batch)
      .then(
        () => {
          counters.received += batch.length;
          counters.bytes += bytes;
        },
        (err: unknown) => {
          counters.dropped += batch.length;
          if (Date.now() - lastWarn >= WARN_EVERY_MS) {
            lastWarn = Date.now();
            logger.warn({ err, collector: name, dropped: batch.length }, 'the log intake refused UDP syslog records; they are dropped');
          }
        },
      )
      .finally(() => {
        inFlight--;
        queued -= batch.length;
        settled.delete(done);
        flush();
      });
    settled.add(done);
  };

  const onMessage = (msg: Buffer, rinfo: RemoteInfo) => {
    if (intake.saturated || queued >= MAX_QUEUED) {
      counters.dropped++;
      return;
    }
    const end = trimmedEnd(msg);
    if (end === 0) return;
    let last = waiting[waiting.length - 1];
    if (!last || last.records.length >= BATCH_RECORDS) {
      last = { records: [], bytes: 0 };
      waiting.push(last);
    }
    last.records.push({ line: msg.toString('utf8', 0, end), receivedAt: Date.now(), collector: name, source, format, peer: rinfo.address });
    last.bytes += end;
    queued++;
    if (last.records.length >= BATCH_RECORDS) flush();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };

  return {
    name,
    counters,
    address() {
      const a = socket?.address();
      return a ? { host: a.address, port: a.port } : { host: options.host, port: options.port };
    },
    async start() {
      const wanted = options.recvBufferSize ?? RECV_BUFFER_BYTES;
      const s = createSocket({ type: options.host.includes(':') ? 'udp6' : 'udp4', recvBufferSize: wanted });
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.bind(options.port, options.host, () => {
          s.off('error', reject);
          resolve();
        });
      });
      s.on('error', (err) => logger.error({ err, collector: name }, 'UDP syslog socket error'));
      s.on('message', onMessage);
      socket = s;
      // Linux doubles the value asked (bookkeeping) and caps it at net.core.rmem_max.
      const got = s.getRecvBufferSize();
      if (got < wanted) {
        logger.info(
          { collector: name, wanted, got },
          'the UDP receive buffer is smaller than asked (raise net.core.rmem_max to absorb longer bursts)',
        );
      }
    },
    async stop(deadline) {
      const s = socket;
      socket = null;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
      flush();
      // What is in flight finishes (it is being spooled); at the deadline it is left to finish alone.
      const aborted = new Promise<void>((resolve) => {
        if (deadline.aborted) resolve();
        deadline.addEventListener('abort', () => resolve(), { once: true });
      });
      while ((waiting.length > 0 || settled.size > 0) && !deadline.aborted) {
        await Promise.race([Promise.all(settled), aborted]);
        flush();
      }
      for (const batch of waiting) counters.dropped += batch.records.length;
      waiting = [];
    },
  };
}

/**
 * Datagrams the kernel dropped because a UDP socket's receive buffer was full (`RcvbufErrors`
 * of the `Udp:` lines of /proc/net/snmp, since boot, every socket of the host; IPv4 only).
 * Null where there is no such file (not Linux).
 */
export function udpKernelDrops(): number | null {
  try {
    const lines = readFileSync('/proc/net/snmp', 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('Udp:'));
    const names = lines[0]?.split(/\s+/) ?? [];
    const values = lines[1]?.split(/\s+/) ?? [];
    const at = names.indexOf('RcvbufErrors');
    return at === -1 || values[at] === undefined ? null : Number(values[at]);
  } catch {
    return null;
  }
}
