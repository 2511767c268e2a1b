// One UTC day of the SQLite log store: its own database file, so retention drops a day by
// deleting the file and gets the disk back at once (no DELETE, no VACUUM).
import { randomInt } from 'node:crypto';
import { createRequire } from 'node:module';
import { DAY_MS } from './terms.js';

/** The part of better-sqlite3 used here (the server has no types for it; knex drives it elsewhere). */
export interface SqliteStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  all(...params: unknown[]): unknown[];
  get(...params: unknown[]): unknown;
}
interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): void;
  pragma(sql: string, options?: { simple: boolean }): unknown;
  function(name: string, options: { deterministic: boolean }, fn: (value: unknown) => unknown): void;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
  close(): void;
}
const Database = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => SqliteDatabase;

/**
 * `events` keeps each event as JSON with its time and id. `seq`, the rowid the two FTS5 tables
 * share, is made from the time: its ms within the day times SEQ_PER_MS, plus a counter. So rowid
 * order is time order, and a time range is a rowid range that FTS5 seeks to in its doclists: the
 * newest page of a term that a third of a day's events hold reads a few minutes of them, not the
 * day. Both FTS5 tables are contentless: they only index, the text lives in `doc`.
 * - `text`: `log.original`, tokenized by unicode61 as core's query semantics define tokens
 *   (runs of letters and digits, case-folded; `remove_diacritics 0` so é is not e).
 * - `fields`: one hashed token per `field=value` term (terms.ts); `detail=none`, as a term
 *   lookup needs the rows only, never positions.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, ts INTEGER NOT NULL, doc TEXT NOT NULL);
  CREATE UNIQUE INDEX IF NOT EXISTS events_id ON events (id);
  CREATE INDEX IF NOT EXISTS events_ts ON events (ts, id);
  CREATE VIRTUAL TABLE IF NOT EXISTS text USING fts5 (body, content = '', columnsize = 0, tokenize = 'unicode61 remove_diacritics 0');
  CREATE VIRTUAL TABLE IF NOT EXISTS fields USING fts5 (terms, content = '', columnsize = 0, detail = none, tokenize = 'ascii');
`;

/** Rowids per ms: a day's ms (< 2^27) times this stays below 2^53, exact as a JS number. */
export const SEQ_PER_MS = 2 ** 25;
/** Files written before rowids were made from times (user_version 0) hold any rowid. */
const TIME_ORDERED = 1;
const ANY_ROWID: SeqRange = { lo: -Number.MAX_SAFE_INTEGER, hi: Number.MAX_SAFE_INTEGER };
/** The first window a newest-first search reads; each next one is twice as long. */
const FIRST_WINDOW_MS = 10 * 60_000;

/** Rowids [lo, hi): the named parameters `$lo` and `$hi` of every statement over a day. */
export interface SeqRange {
  lo: number;
  hi: number;
}

/** One event as `write` hands it to a day: already serialized and tokenized. */
export interface DayRow {
  id: string;
  ts: number;
  doc: string;
  original: string;
  terms: string;
}

export class SqliteDay {
  private readonly db: SqliteDatabase;
  /** The day's first ms. */
  readonly start: number;
  /** Rowids made from times (the layout since user_version 1). */
  readonly timeOrdered: boolean;
  /** The low part of the next rowid; random at open, so a restart rarely meets its own rowids. */
  private counter = randomInt(SEQ_PER_MS);
  private readonly statements = new Map<string, SqliteStatement>();
  private readonly insertMany: (rows: readonly DayRow[]) => number;

  constructor(
    readonly day: string,
    readonly file: string,
  ) {
    this.db = new Database(file);
    // WAL with synchronous=NORMAL: a commit survives a process crash, and the last commits may be
    // lost on power loss; the pipeline's fsync'd spool replays those (it acknowledges lines, not us).
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('cache_size = -32768');
    // Checkpoint the WAL every ~40 MB rather than every 4 MB: fewer copies of hot pages under load.
    this.db.pragma('wal_autocheckpoint = 10000');
    this.db.exec(SCHEMA);
    const empty = this.db.prepare('SELECT 1 FROM events LIMIT 1').get() === undefined;
    if (empty) this.db.pragma(`user_version = ${TIME_ORDERED}`);
    this.timeOrdered = empty || this.db.pragma('user_version', { simple: true }) === TIME_ORDERED;
    this.start = Date.parse(`${day}T00:00:00.000Z`);
    // SQLite's lower() folds ASCII only; the terms are folded by JavaScript, so scans must be too.
    this.db.function('lower', { deterministic: true }, (v) => (typeof v === 'string' ? v.toLowerCase() : v === null ? null : String(v)));
    const insEvent = this.db.prepare('INSERT INTO events (seq, id, ts, doc) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING');
    const insText = this.db.prepare('INSERT INTO text (rowid, body) VALUES (?, ?)');
    const insFields = this.db.prepare('INSERT INTO fields (rowid, terms) VALUES (?, ?)');
    this.insertMany = this.db.transaction((rows: readonly DayRow[]) => {
      let stored = 0;
      for (const r of rows) {
        const done = this.insertEvent(insEvent, r);
        if (done.changes === 0) continue; // written before: a retried batch keeps one copy
        insText.run(done.lastInsertRowid, r.original);
        insFields.run(done.lastInsertRowid, r.terms);
        stored++;
      }
      return stored;
    });
  }

  /**
   * All rows in one transaction: a day's part of a batch is stored whole or not at all. In time
   * order, as FTS5 writes its pending terms out whenever a rowid is not above the last one.
   * Returns how many rows were new (an id already in the day is skipped).
   */
  insert(rows: readonly DayRow[]): number {
    return this.insertMany(this.timeOrdered ? [...rows].sort((a, b) => a.ts - b.ts) : rows);
  }

  private insertEvent(statement: SqliteStatement, r: DayRow): { changes: number; lastInsertRowid: number | bigint } {
    if (!this.timeOrdered) return statement.run(null, r.id, r.ts, r.doc);
    for (let attempt = 0; ; attempt++) {
      this.counter = (this.counter + 1) % SEQ_PER_MS;
      try {
        return statement.run((r.ts - this.start) * SEQ_PER_MS + this.counter, r.id, r.ts, r.doc);
      } catch (err) {
        // The same ms and counter as a row of an earlier run: the next counter is free.
        if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY' || attempt >= 100) throw err;
      }
    }
  }

  /** The rowids of the times [from, to) in this day (all rowids in a file of the old layout). */
  seqRange(from: number, to: number): SeqRange {
    if (!this.timeOrdered) return ANY_ROWID;
    const at = (ms: number) => Math.min(Math.max(ms - this.start, 0), DAY_MS) * SEQ_PER_MS;
    return { lo: at(from), hi: at(to) };
  }

  /**
   * [from, to) as rowid ranges, newest first, each twice as long as the one before: a search
   * for the newest matches stops in the first that fills its page.
   */
  *windows(from: number, to: number): Generator<SeqRange> {
    if (!this.timeOrdered) {
      yield ANY_ROWID;
      return;
    }
    let hi = Math.min(to, this.start + DAY_MS);
    const lo = Math.max(from, this.start);
    for (let length = FIRST_WINDOW_MS; hi > lo; length *= 2) {
      const next = Math.max(lo, hi - length);
      yield this.seqRange(next, hi);
      hi = next;
    }
  }

  /** A statement prepared once per connection (queries differ by shape, not by value). */
  statement(sql: string): SqliteStatement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      if (this.statements.size >= 200) this.statements.delete(this.statements.keys().next().value as string);
      this.statements.set(sql, s);
    }
    return s;
  }

  count(): number {
    return (this.statement('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  }

  /** Lets the planner know the term and ts indexes' selectivity (cheap: a sample). */
  optimize(): void {
    this.db.pragma('analysis_limit = 1000');
    this.db.exec('ANALYZE');
  }

  close(): void {
    this.db.close();
  }
}
