import type { LogEvent, QueryNode } from '@secai/core/events';

/**
 * Where normalized events live and are searched: SQLite (its own file, FTS5, one partition per
 * day), PostgreSQL (declarative partitions by day, tsvector + GIN) or Elasticsearch (a data
 * stream). One contract test suite (`_test/logstore-contract.ts`) runs against each.
 */
export interface LogStore {
  readonly kind: 'sqlite' | 'postgresql' | 'elasticsearch';
  /** Creates what is missing (tables, templates); safe on every start. */
  open(): Promise<void>;
  /**
   * Stores events; resolves once they are durable, with how many of them were newly stored.
   * `event.id` is the key: writing an id again (a retried batch, a replayed spool, or the same
   * id twice in one batch) keeps one copy and is not counted. Every event has `event.id` and
   * `@timestamp` set.
   */
  write(events: readonly LogEvent[]): Promise<number>;
  /** Newest first (`@timestamp`, then `event.id`), `limit` at most 1,000; `cursor` continues a page. */
  search(search: LogSearch): Promise<LogPage>;
  /** Top values of a field, or a histogram of counts per interval, over the matching events. */
  stats(stats: LogStatsRequest): Promise<LogStats>;
  /** One entry per day partition, oldest first: what retention by age and by size drops. */
  partitions(): Promise<LogPartition[]>;
  /** Drops a whole day (`YYYY-MM-DD`, UTC) with its events and its text index. */
  dropPartition(day: string): Promise<void>;
  close(): Promise<void>;
}

export interface LogRange {
  query: QueryNode;
  /** Inclusive lower bound on `@timestamp`. */
  from?: Date;
  /** Exclusive upper bound on `@timestamp`. */
  to?: Date;
}

export interface LogSearch extends LogRange {
  limit: number;
  /** Opaque, from a previous page's `nextCursor`; a malformed one is a ValidationError (CURSOR_INVALID). */
  cursor?: string;
}

export interface LogPage {
  events: LogEvent[];
  nextCursor: string | null;
}

export type LogStatsRequest = LogRange &
  (
    | { by: string; limit?: number; interval?: undefined }
    /** Bucket width in milliseconds; buckets start at multiples of it since the epoch (UTC). */
    | { interval: number; by?: undefined }
  );

export interface LogStats {
  /** Matching events in the range. */
  total: number;
  /** With `by`: the most frequent values, most first (at most `limit`, default 10). */
  values?: { value: string; count: number }[];
  /** With `interval`: one bucket per interval that has events, oldest first. */
  buckets?: { start: string; count: number }[];
}

export interface LogPartition {
  day: string;
  events: number;
  bytes: number;
}
