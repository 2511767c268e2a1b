import { z } from 'zod';
import { LOG_FORMATS } from '../constants/log-formats.js';

/** A point in time: ISO-8601, or relative to now as in queries (`now-1h`, `now-7d`). */
const TimeBound = z.string().min(1).max(64);

export const LogSearchQuery = z.object({
  /** The query (docs/query.md); empty or absent for every event. */
  q: z.string().max(4096).default(''),
  from: TimeBound.optional(),
  to: TimeBound.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  cursor: z.string().max(512).optional(),
});
export type LogSearchQuery = z.infer<typeof LogSearchQuery>;

export const LogStatsQuery = z.object({
  q: z.string().max(4096).default(''),
  from: TimeBound.optional(),
  to: TimeBound.optional(),
  /** Top values of this field. */
  by: z.string().max(128).optional(),
  /** Histogram bucket width: `30s`, `1m`, `1h`, `1d`. */
  interval: z
    .string()
    .regex(/^\d{1,6}[smhd]$/, 'an interval is a number and s, m, h or d, e.g. 1m')
    .optional(),
  /** How many top values (with `by`). */
  limit: z.coerce.number().int().min(1).max(1000).default(10),
});
export type LogStatsQuery = z.infer<typeof LogStatsQuery>;

/** A normalized event (docs/events.md lists its fields); ECS names, nested. */
export const LogEventDocument = z.record(z.string(), z.unknown()).meta({ id: 'LogEvent' });

export const LogStats = z
  .object({
    total: z.number().int(),
    values: z.array(z.object({ value: z.string(), count: z.number().int() })).optional(),
    buckets: z.array(z.object({ start: z.string(), count: z.number().int() })).optional(),
  })
  .meta({ id: 'LogStats' });
export type LogStats = z.infer<typeof LogStats>;

export const IngestQuery = z.object({
  /** The source the events are kept under (`secai.source`); its custom parse rules apply. */
  source: z
    .string()
    .regex(/^[\w.:-]{1,64}$/, 'a source name is 1-64 letters, digits and . : - _')
    .optional(),
  /** The format of every line; detected per line when absent. */
  format: z.enum(LOG_FORMATS).optional(),
});

export const IngestResult = z
  .object({
    /** Lines accepted: stored, or on disk and about to be. */
    accepted: z.number().int(),
    /** Lines refused, by their 1-based line (or array element) number. */
    rejected: z.array(z.object({ line: z.number().int(), error: z.string() })),
  })
  .meta({ id: 'IngestResult' });
export type IngestResult = z.infer<typeof IngestResult>;

export const Collector = z
  .object({
    name: z.string(),
    kind: z.enum(['syslog-udp', 'syslog-tcp', 'syslog-tls', 'http', 'file']),
    /** An address, a path or glob, or the ingest route. */
    listen: z.string(),
    counters: z.object({
      received: z.number().int(),
      parsed: z.number().int(),
      unparsed: z.number().int(),
      dropped: z.number().int(),
      /** Events new to the log store. */
      stored: z.number().int(),
      /** Events whose id the log store already held (a batch sent again, a replayed spool): kept once. */
      duplicates: z.number().int(),
      bytes: z.number().int(),
    }),
  })
  .meta({ id: 'Collector' });
export type Collector = z.infer<typeof Collector>;
