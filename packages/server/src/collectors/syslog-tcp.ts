import { readFile } from 'node:fs/promises';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { LogFormat } from '@secai/core/events';
import type { Logger } from 'pino';
import type { CollectorCounters, CollectorRegistry, Intake, RawRecord } from '../pipeline/intake.js';
import type { Component } from '../runtime/component.js';
import type { ListenAddress } from './listen-address.js';
import { BATCH_RECORDS } from './record-limits.js';
import { SyslogFramer } from './syslog-framer.js';

/**
 * Records a connection holds while its `accept` runs; past it the socket is paused (the kernel
 * buffers fill and TCP tells the sender to wait). With records of at most 64 KiB that bounds a
 * connection to about 4 batches of ordinary lines.
 */
const HIGH_WATER_RECORDS = 4 * BATCH_RECORDS;
const HIGH_WATER_BYTES = 4 * 1024 * 1024;
/** Pause before trying a refused batch again (the intake was not running, or a race with saturation). */
const RETRY_MS = 250;
/** After stop ends a connection, how long the sender has to close its side before it is cut off. */
const CLOSE_GRACE_MS = 1_000;

export interface SyslogTcpOptions extends ListenAddress {
  intake: Intake;
  registry: CollectorRegistry;
  logger: Logger;
  /** PEM files: with them the listener speaks TLS (RFC 5425, kind `syslog-tls`). */
  tls?: { cert: string; key: string };
  name?: string;
  source?: string;
  format?: LogFormat;
}

export interface SyslogTcpCollector extends Component {
  readonly counters: CollectorCounters;
  /** The bound address (the port chosen when 0 was asked), once started. */
  address(): ListenAddress;
  /** Open connections (tests, stats). */
  readonly connections: number;
  /** Records read and not yet accepted, over every connection: what backpressure bounds. */
  readonly waiting: number;
}

/**
 * Syslog over TCP (RFC 6587) or TLS (RFC 5425). Each connection is framed by `SyslogFramer`
 * (octet counting or LF, chosen from its first byte) and hands its records to the intake in
 * order, one `accept` at a time; what arrives meanwhile gathers into the next batch. The socket is
 * paused while the intake is saturated or the next batch is full, so a fast sender is slowed,
 * never dropped. `received` and `bytes` count records once accepted; the sender's address is
 * the record's `peer`. A refused batch is tried again until stop's deadline; only then is it
 * counted in `dropped`.
 */
export function syslogTcpCollector(options: SyslogTcpOptions): SyslogTcpCollector {
  const { intake, logger, source, format } = options;
  const kind = options.tls ? 'syslog-tls' : 'syslog-tcp';
  const name = options.name ?? kind;
  const counters = options.registry.register(name, kind, `${options.host}:${options.port}`);
  const connections = new Set<Connection>();
  let server: Server | null = null;
  let stopping: AbortSignal | null = null;

  class Connection {
    private readonly framer = new SyslogFramer();
    private next: RawRecord[] = [];
    private sizes: number[] = [];
    private nextBytes = 0;
    private sending: Promise<void> | null = null;
    private inFlight = 0;
    private readonly peer: string | undefined;
    private warnedCut = false;
    readonly closed: Promise<unknown>;

    constructor(readonly socket: Socket) {
      this.peer = socket.remoteAddress;
      socket.on('data', (chunk: Buffer) => this.read(chunk));
      socket.on('end', () => this.finish(true));
      socket.on('error', (err) => logger.debug({ err, collector: name, peer: this.peer }, 'syslog connection error'));
      this.closed = new Promise((resolve) => socket.once('close', resolve));
      socket.on('close', () => {
        this.finish(true);
        // Kept until its records are handed over, so that stop waits for them too.
        void this.drained().then(() => connections.delete(this));
      });
    }

    get waiting(): number {
      return this.next.length + this.inFlight;
    }

    /** Resolves when every record read so far is accepted (or, at the deadline, dropped). */
    async drained(): Promise<void> {
      while (this.sending) await this.sending;
    }

    /** Stop reading; hand over the complete records; a line cut short by the stop is counted as dropped. */
    finish(ended: boolean): void {
      const out: Buffer[] = [];
      if (ended) this.framer.end(out);
      else if (this.framer.buffered > 0) {
        counters.dropped++;
        this.framer.end([]);
      }
      this.add(out);
      this.send();
    }

    private read(chunk: Buffer): void {
      const out: Buffer[] = [];
      const cut = this.framer.cut;
      this.framer.push(chunk, out);
      if (this.framer.cut > cut && !this.warnedCut) {
        this.warnedCut = true;
        logger.warn({ collector: name, peer: this.peer }, 'a syslog record over 64 KiB was kept cut to 64 KiB (once per connection)');
      }
      this.add(out);
      if (this.next.length >= HIGH_WATER_RECORDS || this.nextBytes >= HIGH_WATER_BYTES) this.socket.pause();
      this.send();
    }

    private add(out: Buffer[]): void {
      const receivedAt = Date.now();
      for (const buf of out) {
        this.next.push({ line: buf.toString('utf8'), receivedAt, collector: name, source, format, peer: this.peer });
        this.sizes.push(buf.length);
        this.nextBytes += buf.length;
      }
    }

    private send(): void {
      if (this.sending || this.next.length === 0) return;
      const batch = this.next.splice(0, BATCH_RECORDS);
      const bytes = this.sizes.splice(0, BATCH_RECORDS).reduce((a, b) => a + b, 0);
      this.nextBytes -= bytes;
      this.inFlight = batch.length;
      this.sending = this.deliver(batch, bytes).finally(() => {
        this.sending = null;
        this.inFlight = 0;
        if (this.next.length < HIGH_WATER_RECORDS && this.nextBytes < HIGH_WATER_BYTES && !stopping && this.socket.isPaused()) {
          this.socket.resume();
        }
        this.send();
      });
    }

    /** One batch, tried until accepted; while the intake is saturated the socket stays paused. */
    private async deliver(batch: RawRecord[], bytes: number): Promise<void> {
      for (;;) {
        if (intake.saturated) {
          this.socket.pause();
          await Promise.race([intake.room(), deadline()]);
        }
        if (stopping?.aborted) break;
        try {
          await intake.accept(batch);
          counters.received += batch.length;
          counters.bytes += bytes;
          return;
        } catch (err) {
          logger.debug({ err, collector: name }, 'the log intake refused a syslog batch; trying again');
          await Promise.race([new Promise((r) => setTimeout(r, RETRY_MS)), deadline()]);
        }
      }
      counters.dropped += batch.length + this.next.length;
      this.next = [];
      this.sizes = [];
      this.nextBytes = 0;
    }
  }

  /** Resolves when stop's deadline aborts (never before stop). */
  const deadline = () =>
    new Promise<void>((resolve) => {
      if (stopping?.aborted) resolve();
      else stopping?.addEventListener('abort', () => resolve(), { once: true });
    });

  const onConnection = (socket: Socket) => {
    if (stopping) {
      socket.destroy();
      return;
    }
    connections.add(new Connection(socket));
  };

  return {
    name,
    counters,
    get connections() {
      let n = 0;
      for (const c of connections) if (!c.socket.destroyed) n++;
      return n;
    },
    get waiting() {
      let n = 0;
      for (const c of connections) n += c.waiting;
      return n;
    },
    address() {
      const a = server?.address();
      return a && typeof a === 'object' ? { host: a.address, port: a.port } : { host: options.host, port: options.port };
    },
    async start() {
      const s = options.tls
        ? createTlsServer({ cert: await readFile(options.tls.cert), key: await readFile(options.tls.key) }, onConnection)
        : createNetServer(onConnection);
      if (options.tls) {
        s.on('tlsClientError', (err) => logger.debug({ err, collector: name }, 'a syslog TLS handshake failed'));
      }
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(options.port, options.host, () => {
          s.off('error', reject);
          resolve();
        });
      });
      s.on('error', (err) => logger.error({ err, collector: name }, 'syslog listener error'));
      server = s;
    },
    async stop(signal) {
      stopping = signal;
      const s = server;
      server = null;
      const closed = s ? new Promise<void>((resolve) => s.close(() => resolve())) : Promise.resolve();
      for (const c of connections) {
        c.socket.pause();
        c.finish(false);
      }
      const abort = deadline();
      await Promise.race([Promise.all([...connections].map((c) => c.drained())), abort]);
      for (const c of connections) c.socket.end();
      // A sender that keeps its side open after our FIN is cut off after a grace or at the deadline.
      const grace = new Promise((r) => setTimeout(r, CLOSE_GRACE_MS).unref());
      await Promise.race([closed, abort, grace]);
      const open = [...connections];
      for (const c of open) c.socket.destroy();
      await Promise.all(open.map((c) => c.closed));
      // An accept still running past the deadline is left to finish alone: stop resolves now.
    },
  };
}
