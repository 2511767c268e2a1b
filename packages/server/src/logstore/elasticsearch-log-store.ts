// The log store on Elasticsearch: one data stream per UTC day (`<prefix>-YYYY.MM.DD`) under one
// index template. A stream per day, rather than one stream with rollover, is what retention
// needs: like the SQL stores it drops whole days (`dropPartition` deletes that day's stream) and
// sizes them (`partitions`), with no ILM policy to keep in step with the server's settings.

import { Client, type estypes } from '@elastic/elasticsearch';
import { ValidationError } from '@secai/core/errors';
import { type LogEvent, toElasticsearchQuery } from '@secai/core/events';
import { decodeLogCursor, encodeLogCursor, pageSize } from './cursor.js';
import { backingIndexDay, dayStream, logTemplate } from './elasticsearch-template.js';
import type { LogPage, LogPartition, LogRange, LogSearch, LogStats, LogStatsRequest, LogStore } from './log-store.js';
import { dayOf, eventTime } from './terms.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DEFAULT_TOP = 10;
/** The page order: newest first, ties by the id as stored (the template's unnormalized subfield). */
const SORT = [{ '@timestamp': { order: 'desc' } }, { 'event.id.sort': { order: 'desc' } }] as const;
/** A search over every day's stream; no stream yet (a fresh cluster) is an empty result, not a 404. */
const ALL_DAYS = { ignore_unavailable: true, allow_no_indices: true } as const;

export interface ElasticsearchLogStoreOptions {
  /** Names the template and the streams (`<prefix>-YYYY.MM.DD`); default `secai-logs`. */
  prefix?: string;
  /**
   * `refresh` for each bulk write. The default (`false`) leaves visibility to the index's
   * refresh interval (1 s); tests against a real cluster may want `'wait_for'`.
   */
  refresh?: boolean | 'wait_for';
}

export class ElasticsearchLogStore implements LogStore {
  readonly kind = 'elasticsearch' as const;
  private readonly prefix: string;
  private readonly refresh: boolean | 'wait_for';

  constructor(
    private readonly client: Client,
    options: ElasticsearchLogStoreOptions = {},
  ) {
    this.prefix = options.prefix ?? 'secai-logs';
    this.refresh = options.refresh ?? false;
  }

  /** A store with a client of its own for `url` (`http://user:pass@host:9200`); `close` closes it. */
  static fromUrl(url: string, options?: ElasticsearchLogStoreOptions): ElasticsearchLogStore {
    return new ElasticsearchLogStore(new Client({ node: url }), options);
  }

  /** Puts the template (an update takes effect as each day's stream is created). */
  async open(): Promise<void> {
    await this.client.indices.putIndexTemplate(logTemplate(this.prefix));
  }

  /**
   * One bulk request of `create`s (the only op a data stream takes), `_id` = `event.id`. Durable
   * once it resolves: Elasticsearch acknowledges an item after it is in the translog, fsynced on
   * the primary and the replicas (`index.translog.durability: request`, the default). A retried
   * batch meets its stored ids as 409 conflicts, which are success but not new: each id stays
   * once, since an event's day, hence its stream and backing index, follows from its timestamp.
   * Any other item failure throws so that the pipeline retries the batch.
   */
  async write(events: readonly LogEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    const operations: unknown[] = [];
    for (const event of events) {
      const day = dayOf(eventTime(event));
      operations.push({ create: { _index: dayStream(this.prefix, day), _id: event.event.id } }, event);
    }
    const response = await this.client.bulk({ operations, refresh: this.refresh });
    if (!response.errors) return events.length;
    const results = response.items.map((item) => item.create);
    const failed = results.filter((r) => r?.error && r.status !== 409);
    const first = failed[0];
    if (first) {
      throw new Error(
        `Elasticsearch rejected ${failed.length} of ${events.length} events; first: ${first.status} ${first.error?.type}: ${first.error?.reason}`,
      );
    }
    return events.length - results.filter((r) => r?.status === 409).length;
  }

  async search(search: LogSearch): Promise<LogPage> {
    const limit = pageSize(search.limit);
    const cursor = search.cursor === undefined ? undefined : decodeLogCursor(search.cursor);
    // One more than the page, as the SQL stores do: the last page says so with a null cursor.
    const response = await this.client.search<LogEvent>({
      index: `${this.prefix}-*`,
      ...ALL_DAYS,
      query: this.query(search),
      sort: SORT as unknown as estypes.Sort,
      ...(cursor && { search_after: [cursor.ts, cursor.id] }),
      size: limit + 1,
      track_total_hits: false,
    });
    const hits = response.hits.hits;
    const page = hits.slice(0, limit);
    const last = page[page.length - 1];
    return {
      events: page.map((h) => h._source as LogEvent),
      nextCursor: hits.length > limit && last ? encodeLogCursor(cursorOf(last.sort)) : null,
    };
  }

  async stats(request: LogStatsRequest): Promise<LogStats> {
    const aggs = statsAggregation(request);
    const response = await this.client.search({
      index: `${this.prefix}-*`,
      ...ALL_DAYS,
      query: this.query(request),
      size: 0,
      track_total_hits: true,
      ...(aggs && { aggs: { stats: aggs } }),
    });
    const total = totalOf(response.hits.total);
    const agg = response.aggregations?.stats as { buckets?: Bucket[] } | undefined;
    const buckets = agg?.buckets ?? [];
    if (request.by !== undefined) {
      return { total, values: buckets.map((b) => ({ value: b.key_as_string ?? String(b.key), count: b.doc_count })) };
    }
    if (request.interval !== undefined) {
      return { total, buckets: buckets.map((b) => ({ start: new Date(Number(b.key)).toISOString(), count: b.doc_count })) };
    }
    return { total };
  }

  /**
   * One entry per day, oldest first, from the backing indices of the day streams (a day rolled
   * over by hand has several: they add up). Bytes are the store size with replicas, the disk
   * the day takes, which is what retention by size bounds.
   */
  async partitions(): Promise<LogPartition[]> {
    const rows = await this.client.cat.indices({
      index: `${this.prefix}-*`,
      format: 'json',
      bytes: 'b',
      h: ['index', 'docs.count', 'store.size'],
      expand_wildcards: 'all',
    });
    const days = new Map<string, LogPartition>();
    for (const row of rows) {
      const day = row.index ? backingIndexDay(this.prefix, row.index) : undefined;
      if (!day) continue;
      const p = days.get(day) ?? { day, events: 0, bytes: 0 };
      p.events += Number(row['docs.count'] ?? 0);
      p.bytes += Number(row['store.size'] ?? 0);
      days.set(day, p);
    }
    return [...days.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  }

  /** Deletes the day's stream with its backing indices; a day with no stream is already gone. */
  async dropPartition(day: string): Promise<void> {
    if (!DAY.test(day)) throw new ValidationError(`Not a day (YYYY-MM-DD): ${day}`);
    await this.client.indices.deleteDataStream({ name: dayStream(this.prefix, day) }, { ignore: [404] });
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /** The translated query with the time range, both as filters: no scoring, cacheable. */
  private query(range: LogRange): estypes.QueryDslQueryContainer {
    const filter: Record<string, unknown>[] = [toElasticsearchQuery(range.query)];
    if (range.from || range.to) {
      filter.push({
        range: {
          '@timestamp': {
            ...(range.from && { gte: range.from.getTime() }),
            ...(range.to && { lt: range.to.getTime() }),
            format: 'epoch_millis',
          },
        },
      });
    }
    return { bool: { filter } } as estypes.QueryDslQueryContainer;
  }
}

interface Bucket {
  key: string | number;
  key_as_string?: string;
  doc_count: number;
}

function statsAggregation(request: LogStatsRequest): estypes.AggregationsAggregationContainer | undefined {
  if (request.by !== undefined) {
    // Terms of a keyword field come back normalized (lower-cased), as the SQL stores count them.
    return { terms: { field: request.by, size: request.limit ?? DEFAULT_TOP } };
  }
  if (request.interval !== undefined) {
    const interval = request.interval;
    if (!Number.isSafeInteger(interval) || interval < 1)
      throw new ValidationError('The histogram interval must be a whole number of milliseconds');
    // Fixed intervals start at multiples of the width since the epoch, as the interface promises.
    return { date_histogram: { field: '@timestamp', fixed_interval: `${interval}ms`, min_doc_count: 1 } };
  }
  return undefined;
}

const totalOf = (total: estypes.SearchTotalHits | number | undefined): number => (typeof total === 'number' ? total : (total?.value ?? 0));

/** A hit's sort values, `[epoch ms, id]`, as the shared cursor (the SQL stores' cursors have the same keys). */
function cursorOf(sort: estypes.SortResults | undefined): { ts: number; id: string } {
  const [ts, id] = sort ?? [];
  return { ts: Number(ts), id: String(id) };
}
