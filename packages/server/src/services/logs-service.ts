import {
  type Collector,
  type IngestResult,
  type LogSearchQuery,
  type LogStats,
  type LogStatsQuery,
  type Page,
  ValidationError,
} from '@secai/core';
import { type LogEvent, type LogFormat, parseQuery, type QueryNode } from '@secai/core/events';
import type { LogStore } from '../logstore/log-store.js';
import { ingestBatch } from '../pipeline/ingest-body.js';
import type { CollectorCounters, CollectorRegistry, Intake } from '../pipeline/intake.js';

/** A histogram has at most this many buckets: a wider range needs a wider interval. */
const MAX_BUCKETS = 10_000;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export interface LogsDeps {
  store: LogStore;
  intake: Intake;
  collectors: CollectorRegistry;
}

/** Search and statistics over stored events, the HTTP ingest, and the collectors' counters. */
export class LogsService {
  readonly store: LogStore;
  readonly collectors: CollectorRegistry;
  private readonly intake: Intake;
  private readonly http: CollectorCounters;

  constructor(deps: LogsDeps) {
    this.store = deps.store;
    this.intake = deps.intake;
    this.collectors = deps.collectors;
    this.http = deps.collectors.register('http', 'http', '/v1/ingest');
  }

  /** Newest first. */
  async search(query: LogSearchQuery, now = new Date()): Promise<Page<LogEvent>> {
    const page = await this.store.search({ ...this.range(query, now), limit: query.limit, cursor: query.cursor });
    return { data: page.events, next_cursor: page.nextCursor };
  }

  async stats(query: LogStatsQuery, now = new Date()): Promise<LogStats> {
    const range = this.range(query, now);
    if (Boolean(query.by) === Boolean(query.interval)) {
      throw new ValidationError('Give one of by (top values of a field) or interval (a histogram)', [
        { code: 'invalid_value', path: ['by'], message: 'by=FIELD or interval=1m, one of them' },
      ]);
    }
    if (query.by) return this.store.stats({ ...range, by: query.by, limit: query.limit });
    const interval =
      Number((query.interval as string).slice(0, -1)) * UNIT_MS[(query.interval as string).slice(-1) as keyof typeof UNIT_MS];
    const from = range.from?.getTime() ?? now.getTime() - 86_400_000;
    const to = range.to?.getTime() ?? now.getTime();
    if (interval <= 0 || (to - from) / interval > MAX_BUCKETS) {
      throw new ValidationError(`The interval makes more than ${MAX_BUCKETS.toLocaleString('en')} buckets over this range; widen it`, [
        { code: 'too_big', path: ['interval'], message: `at most ${MAX_BUCKETS} buckets` },
      ]);
    }
    const stats = await this.store.stats({ ...range, from: new Date(from), to: new Date(to), interval });
    return { ...stats, buckets: withEmptyBuckets(stats.buckets ?? [], from, to, interval) };
  }

  /** `POST /v1/ingest`: answers once the accepted lines are durable. */
  async ingest(body: string, contentType: string | undefined, origin: { source?: string; format?: LogFormat }): Promise<IngestResult> {
    const batch = ingestBatch(body, contentType, { collector: 'http', receivedAt: Date.now(), ...origin });
    await this.intake.accept(batch.records);
    this.http.received += batch.records.length;
    this.http.bytes += Buffer.byteLength(body);
    return { accepted: batch.records.length, rejected: batch.rejected };
  }

  listCollectors(): Page<Collector> {
    return { data: this.collectors.list(), next_cursor: null };
  }

  /** The query and the time bounds (ISO or `now-1h`, read by the query language's own rules). */
  private range(query: { q: string; from?: string; to?: string }, now: Date): { query: QueryNode; from?: Date; to?: Date } {
    return {
      query: parseQuery(query.q, { now }),
      ...(query.from && { from: timeBound('from', query.from, now) }),
      ...(query.to && { to: timeBound('to', query.to, now) }),
    };
  }
}

function timeBound(name: 'from' | 'to', value: string, now: Date): Date {
  try {
    const node = parseQuery(`@timestamp>=${value}`, { now });
    if (node.kind === 'range') return new Date(node.value);
  } catch {
    // Reported below, in the words of this parameter.
  }
  throw new ValidationError(`${name} must be a time: ISO-8601 (2026-12-01T10:00:00Z) or relative (now-1h)`, [
    { code: 'invalid_format', path: [name], message: 'ISO-8601 or now-<n><s|m|h|d|w>' },
  ]);
}

/** Every bucket of the range, those without events at 0: a histogram shows its gaps. */
function withEmptyBuckets(buckets: { start: string; count: number }[], from: number, to: number, interval: number) {
  const counts = new Map(buckets.map((b) => [Date.parse(b.start), b.count]));
  const out: { start: string; count: number }[] = [];
  for (let t = Math.floor(from / interval) * interval; t < to; t += interval)
    out.push({ start: new Date(t).toISOString(), count: counts.get(t) ?? 0 });
  return out;
}
