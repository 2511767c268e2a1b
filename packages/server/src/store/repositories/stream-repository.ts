import { type DbOrTrx, isPostgres } from '../database.js';

/** A message of the live stream as stored. */
export interface StreamMessage {
  seq: number;
  topic: string;
  event: string;
  data: unknown;
  created_at: string;
}

/** The stream's messages: appended in the transaction that made them, read in order by seq. */
export class StreamRepository {
  async append(db: DbOrTrx, topic: string, messages: readonly { event: string; data: unknown }[], now: string): Promise<void> {
    if (messages.length === 0) return;
    // A sequence hands out seqs at insert, and transactions may commit in another order: a reader
    // that saw 42 committed before 41 would move past 41 for good. One writer at a time from here
    // to the commit keeps seq order and commit order the same (SQLite has one writer anyway).
    if (isPostgres(db)) await db.raw('select pg_advisory_xact_lock(hashtext(?))', ['stream_messages']);
    const rows = messages.map((m) => ({ topic, event: m.event, data: JSON.stringify(m.data), created_at: now }));
    await db.batchInsert('stream_messages', rows, 100);
  }

  async after(db: DbOrTrx, topic: string, seq: number, limit: number): Promise<StreamMessage[]> {
    const rows = (await db('stream_messages').where('topic', topic).where('seq', '>', seq).orderBy('seq').limit(limit)) as Record<
      string,
      unknown
    >[];
    return rows.map((r) => ({
      seq: Number(r.seq),
      topic: r.topic as string,
      event: r.event as string,
      data: JSON.parse(r.data as string),
      created_at: new Date(r.created_at as string).toISOString(),
    }));
  }

  /** The topic's last seq (0 when it has none) and its first kept one (null when none is kept). */
  async bounds(db: DbOrTrx, topic: string): Promise<{ last: number; first: number | null }> {
    const row = (await db('stream_messages').where('topic', topic).max({ last: 'seq' }).min({ first: 'seq' }).first()) as
      | { last: number | string | null; first: number | string | null }
      | undefined;
    return { last: Number(row?.last ?? 0), first: row?.first === null || row?.first === undefined ? null : Number(row.first) };
  }

  /** Deletes what was stored before `before`: on every topic, or on `topic` alone. */
  async prune(db: DbOrTrx, before: string, topic?: string): Promise<number> {
    const query = db('stream_messages').where('created_at', '<', before);
    return (topic ? query.where('topic', topic) : query).delete();
  }
}
