import type { LogFormat } from '@secai/core/events';

/** One line (or one multi-line record) as a collector received it, before parsing. */
export interface RawRecord {
  line: string;
  /** When this process received it (ms since the epoch). */
  receivedAt: number;
  /** The collector's name (`syslog-udp`, `syslog-tcp`, `http`, `file:<name>`): whose counters it moves. */
  collector: string;
  /** The source name events are kept under (`secai.source`); custom parse rules are per source. */
  source?: string;
  /** Fixed format of the source; detected per line when absent. */
  format?: LogFormat;
  /** The sender's address (syslog, HTTP). */
  peer?: string;
  /** An id the sender gave (HTTP NDJSON `event.id`): a retried batch stores it once. */
  id?: string;
}

/**
 * The pipeline's front door for collectors. `accept` resolves once the records are durable (in
 * the spool), which is when a collector may acknowledge them; they are parsed and stored after.
 */
export interface Intake {
  accept(records: readonly RawRecord[]): Promise<void>;
  /** True while the buffers are full: HTTP answers 503, TCP stops reading, UDP counts a drop. */
  readonly saturated: boolean;
  /** Resolves when there is room again (immediately when there is). */
  room(): Promise<void>;
}

/** What one collector counts; the pipeline adds parsed, unparsed, stored and duplicates. */
export interface CollectorCounters {
  received: number;
  parsed: number;
  unparsed: number;
  dropped: number;
  /** Events the log store did not hold before. */
  stored: number;
  /** Events whose id the log store already held (a batch sent again, a replayed spool): kept once, not stored again. */
  duplicates: number;
  bytes: number;
}

export interface CollectorInfo {
  name: string;
  kind: 'syslog-udp' | 'syslog-tcp' | 'syslog-tls' | 'http' | 'file';
  /** `127.0.0.1:5514`, a path or glob, or `/v1/ingest`. */
  listen: string;
  counters: CollectorCounters;
}

/** The collectors of this process and their counters (`GET /v1/collectors`). */
export class CollectorRegistry {
  private readonly collectors = new Map<string, CollectorInfo>();

  register(name: string, kind: CollectorInfo['kind'], listen: string): CollectorCounters {
    const counters: CollectorCounters = { received: 0, parsed: 0, unparsed: 0, dropped: 0, stored: 0, duplicates: 0, bytes: 0 };
    this.collectors.set(name, { name, kind, listen, counters });
    return counters;
  }

  counters(name: string): CollectorCounters | undefined {
    return this.collectors.get(name)?.counters;
  }

  list(): CollectorInfo[] {
    return [...this.collectors.values()].map((c) => ({ ...c, counters: { ...c.counters } }));
  }
}
