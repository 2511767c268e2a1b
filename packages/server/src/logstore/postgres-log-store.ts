// The log store on the server's PostgreSQL: one table partitioned by day (`log_events_YYYYMMDD`,
// created on demand), in the schema the server's connection uses (its search_path).

import { ValidationError } from '@secai/core/errors';
import type { LogEvent } from '@secai/core/events';
import type { Knex } from 'knex';
import { decodeLogCursor, encodeLogCursor, pageSize } from './cursor.js';
import type { LogPage, LogPartition, LogRange, LogSearch, LogStats, LogStatsRequest, LogStore } from './log-store.js';
import { compileQuery, pgPath, pgTimestamp, type SqlFragment } from './sql-query.js';
import { DAY_MS, dayOf, eventTime, fieldTerms, textTokens } from './terms.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DEFAULT_TOP = 10;
/** One advisory lock for our DDL, so two instances creating the same day's partition don't collide. */
const DDL_LOCK = 'secai.log_events';
/** tsvector limits: positions are capped at 16,383 and a lexeme at 2,046 bytes (we cut at 500 chars). */
const MAX_POSITION = 16_383;
const MAX_LEXEME = 500;

/**
 * `id` is `COLLATE "C"` so ties order byte-wise, as on SQLite; `terms` holds the `field=value`
 * terms (terms.ts) behind a GIN index; `tsv` the tokens of `log.original`, built by us (below),
 * not by PostgreSQL's parser, so that both stores agree on what a token is. The unique index
 * includes `ts` because a partitioned table's unique keys must hold the partition key: an id
 * is unique per time, which is what a retried batch rewrites.
 */
const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS log_events (ts timestamptz NOT NULL, id text COLLATE "C" NOT NULL, doc jsonb NOT NULL,
     terms text[] NOT NULL, tsv tsvector NOT NULL) PARTITION BY RANGE (ts)`,
  'CREATE UNIQUE INDEX IF NOT EXISTS log_events_id ON log_events (id, ts)',
  'CREATE INDEX IF NOT EXISTS log_events_ts ON log_events (ts, id)',
  'CREATE INDEX IF NOT EXISTS log_events_terms ON log_events USING gin (terms)',
  'CREATE INDEX IF NOT EXISTS log_events_tsv ON log_events USING gin (tsv)',
];

export class PostgresLogStore implements LogStore {
  readonly kind = 'postgresql' as const;
  /** Partitions this instance knows exist (another instance may drop one: `write` then re-creates it). */
  private readonly known = new Set<string>();

  constructor(private readonly db: Knex) {}

  async open(): Promise<void> {
    await this.ddl(async (trx) => {
      for (const sql of SCHEMA) await trx.raw(sql);
    });
  }

  /**
   * Durable once it resolves (one committed INSERT … ON CONFLICT DO NOTHING per batch, the whole
   * batch in one statement, so it is stored whole or not at all). The statement's row count is
   * what it inserted: a row whose id was stored, or came earlier in the batch, is skipped.
   */
  async write(events: readonly LogEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    const rows = events.map((event) => {
      const ts = eventTime(event);
      return { t: pgTimestamp(ts), i: event.event.id, d: event, m: fieldTerms(event), v: tsvectorLiteral(event.log.original) };
    });
    const days = [...new Set(rows.map((r) => r.t.slice(0, 10)))];
    // One JSON parameter, expanded server-side: far fewer bytes and parameters than a VALUES list.
    const insert = async (): Promise<number> => {
      const result = await this.db.raw(
        `INSERT INTO log_events (ts, id, doc, terms, tsv)
         SELECT r.t, r.i, r.d, r.m, r.v FROM json_to_recordset(?::json) AS r(t timestamptz, i text, d jsonb, m text[], v tsvector)
         ON CONFLICT (id, ts) DO NOTHING`,
        [withoutNul(JSON.stringify(rows))],
      );
      return (result as { rowCount: number }).rowCount;
    };
    await this.ensurePartitions(days);
    try {
      return await insert();
    } catch (err) {
      // 23514: no partition for a row, as when another instance dropped a day we had cached.
      if ((err as { code?: string }).code !== '23514') throw err;
      this.known.clear();
      await this.ensurePartitions(days);
      return await insert();
    }
  }

  async search(search: LogSearch): Promise<LogPage> {
    const limit = pageSize(search.limit);
    const cursor = search.cursor === undefined ? undefined : decodeLogCursor(search.cursor);
    const where = this.where(search);
    if (cursor) {
      where.sql += ' AND (e.ts, e.id) < (?::timestamptz, ?)';
      where.params.push(pgTimestamp(cursor.ts), cursor.id);
    }
    const result = await this.db.raw(`SELECT e.doc FROM log_events e WHERE ${where.sql} ORDER BY e.ts DESC, e.id DESC LIMIT ?`, [
      ...where.params,
      limit + 1,
    ]);
    const events = (result.rows as { doc: LogEvent }[]).map((r) => r.doc);
    const page = events.slice(0, limit);
    const last = page[page.length - 1];
    return {
      events: page,
      nextCursor: events.length > limit && last ? encodeLogCursor({ ts: eventTime(last), id: last.event.id as string }) : null,
    };
  }

  async stats(request: LogStatsRequest): Promise<LogStats> {
    const w = this.where(request);
    const total = Number((await this.db.raw(`SELECT count(*) AS n FROM log_events e WHERE ${w.sql}`, w.params)).rows[0].n);
    if (request.by !== undefined) {
      const { rows } = await this.db.raw(
        // Counted case-insensitively, as queries match; shown as one of the values stored.
        `SELECT min(shown) AS value, count(*) AS n FROM (
           SELECT CASE jsonb_typeof(j.v) WHEN 'string' THEN lower(j.v #>> '{}') ELSE j.v #>> '{}' END AS key, j.v #>> '{}' AS shown
           FROM log_events e, jsonb_path_query(e.doc, ?::jsonpath) j(v)
           WHERE jsonb_typeof(j.v) IN ('string', 'number', 'boolean') AND ${w.sql}) leaves
         GROUP BY key ORDER BY n DESC, key COLLATE "C" LIMIT ?`,
        [pgPath(request.by), ...w.params, request.limit ?? DEFAULT_TOP],
      );
      return { total, values: (rows as { value: string; n: unknown }[]).map((r) => ({ value: r.value, count: Number(r.n) })) };
    }
    if (request.interval !== undefined) {
      const interval = request.interval;
      if (!Number.isSafeInteger(interval) || interval < 1)
        throw new ValidationError('The histogram interval must be a whole number of milliseconds');
      const { rows } = await this.db.raw(
        `SELECT (floor(extract(epoch FROM e.ts) * 1000 / ?) * ?)::bigint AS b, count(*) AS n
         FROM log_events e WHERE ${w.sql} GROUP BY 1 ORDER BY 1`,
        [interval, interval, ...w.params],
      );
      return {
        total,
        buckets: (rows as { b: unknown; n: unknown }[]).map((r) => ({ start: new Date(Number(r.b)).toISOString(), count: Number(r.n) })),
      };
    }
    return { total };
  }

  async partitions(): Promise<LogPartition[]> {
    const { rows } = await this.db.raw(
      `SELECT c.relname AS name, pg_total_relation_size(c.oid) AS bytes FROM pg_inherits i
       JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'log_events'::regclass ORDER BY c.relname`,
    );
    const out: LogPartition[] = [];
    for (const r of rows as { name: string; bytes: unknown }[]) {
      const n = (await this.db.raw('SELECT count(*) AS n FROM ??', [r.name])).rows[0].n;
      const d = r.name.slice(-8);
      out.push({ day: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`, events: Number(n), bytes: Number(r.bytes) });
    }
    return out;
  }

  async dropPartition(day: string): Promise<void> {
    if (!DAY.test(day)) throw new ValidationError(`Not a day (YYYY-MM-DD): ${day}`);
    await this.ddl((trx) => trx.raw('DROP TABLE IF EXISTS ??', [partitionName(day)]));
    this.known.delete(day);
  }

  /** The knex instance is the server's: closing it is the runtime's job. */
  async close(): Promise<void> {}

  private where(range: LogRange): SqlFragment {
    const q = compileQuery(range.query, 'postgresql');
    const w = { sql: q.sql, params: [...q.params] };
    // Bounds only when given: they let PostgreSQL skip whole partitions.
    if (range.from) {
      w.sql += ' AND e.ts >= ?::timestamptz';
      w.params.push(pgTimestamp(range.from.getTime()));
    }
    if (range.to) {
      w.sql += ' AND e.ts < ?::timestamptz';
      w.params.push(pgTimestamp(range.to.getTime()));
    }
    return w;
  }

  private async ensurePartitions(days: string[]): Promise<void> {
    const missing = days.filter((d) => !this.known.has(d));
    if (missing.length === 0) return;
    await this.ddl(async (trx) => {
      for (const day of missing) {
        const from = Date.parse(`${day}T00:00:00Z`);
        await trx.raw(
          `CREATE TABLE IF NOT EXISTS ?? PARTITION OF log_events FOR VALUES FROM ('${day}T00:00:00Z') TO ('${dayOf(from + DAY_MS)}T00:00:00Z')`,
          [partitionName(day)],
        );
      }
    });
    for (const d of missing) this.known.add(d);
  }

  private ddl(fn: (trx: Knex.Transaction) => Promise<unknown>): Promise<void> {
    return this.db.transaction(async (trx) => {
      await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [DDL_LOCK]);
      await fn(trx);
    });
  }
}

const partitionName = (day: string) => `log_events_${day.replaceAll('-', '')}`;

/**
 * The tokens of a line as a tsvector literal (`'failed':1 'password':2`): PostgreSQL's own parser
 * would keep `10.0.0.9` as one host token, where core's semantics have four.
 */
export function tsvectorLiteral(text: string): string {
  const positions = new Map<string, number[]>();
  textTokens(text).forEach((token, i) => {
    const t = token.length > MAX_LEXEME ? token.slice(0, MAX_LEXEME) : token;
    let list = positions.get(t);
    if (!list) {
      list = [];
      positions.set(t, list);
    }
    // A lexeme keeps at most 256 positions; the rest only repeat what a phrase can already find.
    if (list.length < 256) list.push(Math.min(i + 1, MAX_POSITION));
  });
  return [...positions].map(([t, p]) => `'${t.replaceAll("'", "''").replaceAll('\\', '\\\\')}':${p.join(',')}`).join(' ');
}

/** PostgreSQL text and jsonb cannot hold NUL: a line that had one keeps U+FFFD in its place. */
function withoutNul(json: string): string {
  return json.includes('\\u0000') ? json.replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1\\ufffd') : json;
}
