import { createHash } from 'node:crypto';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { LogFormat } from '@secai/core/events';
import type { Logger } from 'pino';
import { glob, isDynamicPattern } from 'tinyglobby';
import type { CollectorCounters, CollectorRegistry, Intake, RawRecord } from '../pipeline/intake.js';
import type { Component } from '../runtime/component.js';
import { type FileMark, HEAD_BYTES, loadMarks, newNonce, saveMarks } from './file-state.js';
import { BATCH_RECORDS, cutUtf8, MAX_RECORD_BYTES, trimmedEnd } from './record-limits.js';

/** Bytes read per call: a few hundred lines, so a batch fills in a few reads. */
const READ_BYTES = 256 * 1024;
/** A multi-line record with no new line for this long is complete (the writer has moved on). */
const MULTILINE_QUIET_MS = 1_000;
const RETRY_MS = 250;

export interface FileCollectorOptions {
  name: string;
  /** Files or globs (tinyglobby syntax); relative ones are resolved against the working directory. */
  paths: string[];
  source?: string;
  format?: LogFormat;
  /** A record starts at a line matching `start`; other lines join the record before them (stack traces). */
  multiline?: { start: string };
  /** The JSON file the read offsets are kept in. */
  statePath: string;
  intake: Intake;
  registry: CollectorRegistry;
  logger: Logger;
  pollMs?: number;
}

export interface FileCollector extends Component {
  readonly counters: CollectorCounters;
  /** One pass over the files now (tests); passes never overlap. */
  poll(): Promise<void>;
}

/** One followed file: an open handle keeps a renamed or deleted file readable to its end. */
interface Tail {
  key: string;
  path: string;
  handle: FileHandle;
  /** Bytes read; `mark.offset` is what the intake has accepted. */
  read: number;
  mark: FileMark;
  /** The line being read (no LF yet), cut past MAX_RECORD_BYTES. */
  parts: Buffer[];
  partBytes: number;
  /** A multi-line record still open, its bytes and where its last line ends. */
  open: { text: string; bytes: number; end: number; at: number } | null;
}

interface Pending {
  record: RawRecord;
  bytes: number;
  end: number;
}

/**
 * Follows log files by polling every `pollMs`: fs.watch misses events across rename rotation and
 * on network filesystems (NFS, SMB, many container mounts), and a poll reads the same way
 * everywhere. Each pass:
 * 1. globs `paths` and identifies files by device and inode;
 * 2. a followed file no longer found (rotated by rename, deleted) is read to its end through its
 *    open handle, its last line without LF included, and let go;
 * 3. every file found is read from its offset: a file smaller than its offset, or whose first
 *    bytes are no longer those read before, was truncated (copytruncate, even when written past
 *    the old offset before the next look or while the server was down) and is read again from 0;
 *    a file seen for the first time, with no offset
 *    remembered, is read from its beginning (so nothing written before the collector started is
 *    missed; delete the state file's entry and the file to start over);
 * 4. a multi-line record with no new line for a second is complete.
 * Offsets are saved (state file, atomically) only after `accept` resolved for the records up to
 * them, so a restart resumes at the first record not accepted. Each record's id is derived from
 * its file's nonce and end offset: if the process dies between `accept` and the save, the records
 * read again carry the same ids and the store keeps them once. A line without LF is left until
 * its LF arrives (the writer is mid-line).
 */
export function fileCollector(options: FileCollectorOptions): FileCollector {
  const { intake, logger, source, format, statePath } = options;
  const collector = `file:${options.name}`;
  const counters = options.registry.register(collector, 'file', options.paths.join(', '));
  const start = options.multiline ? new RegExp(options.multiline.start) : null;
  const tails = new Map<string, Tail>();
  let marks = new Map<string, FileMark>();
  let stopping: AbortSignal | null = null;
  let passing: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;

  const aborted = () => stopping?.aborted === true;
  const sleep = (ms: number) =>
    new Promise<void>((r) => {
      const t = setTimeout(r, ms);
      stopping?.addEventListener(
        'abort',
        () => {
          clearTimeout(t);
          r();
        },
        { once: true },
      );
    });

  async function discover(): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const pattern of options.paths) {
      const files = isDynamicPattern(pattern) ? await expand(pattern) : [resolve(pattern)];
      for (const path of files.sort()) {
        const s = await stat(path).catch(() => null);
        if (s?.isFile()) found.set(`${s.dev}:${s.ino}`, found.get(`${s.dev}:${s.ino}`) ?? path);
      }
    }
    return found;
  }

  /**
   * tinyglobby 0.2.12 finds nothing for an absolute pattern, so the pattern is split into the
   * directory before its first wildcard (the cwd) and the rest.
   */
  async function expand(pattern: string): Promise<string[]> {
    const segments = resolve(pattern).split(sep);
    const wild = segments.findIndex((segment) => isDynamicPattern(segment));
    const cwd = segments.slice(0, wild).join(sep) || sep;
    return glob(segments.slice(wild).join('/'), { cwd, absolute: true, onlyFiles: true });
  }

  /** Hands `batch` to the intake, tried until accepted; then moves and saves the file's offset. */
  async function deliver(tail: Tail, batch: Pending[]): Promise<boolean> {
    if (batch.length === 0) return true;
    while (!aborted()) {
      if (intake.saturated) await Promise.race([intake.room(), sleep(60_000)]);
      if (aborted()) break;
      try {
        await intake.accept(batch.map((p) => p.record));
      } catch (err) {
        logger.debug({ err, collector }, 'the log intake refused file records; trying again');
        await sleep(RETRY_MS);
        continue;
      }
      counters.received += batch.length;
      counters.bytes += batch.reduce((n, p) => n + p.bytes, 0);
      tail.mark.offset = (batch[batch.length - 1] as Pending).end;
      marks.set(tail.key, tail.mark);
      await saveMarks(statePath, marks);
      return true;
    }
    return false;
  }

  function recordOf(tail: Tail, text: string, end: number): RawRecord {
    // A UUID made from (nonce, end offset): the same record read twice gets the same id.
    const h = createHash('sha256').update(`${tail.mark.nonce}:${end}`).digest('hex');
    const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
    return { line: text, receivedAt: Date.now(), collector, source, format, id };
  }

  /** A complete line (ending at byte `end`) into `out`, or into the open multi-line record. */
  function line(tail: Tail, buf: Buffer, end: number, out: Pending[]): void {
    const cut = buf.length > MAX_RECORD_BYTES ? cutUtf8(buf) : buf.subarray(0, trimmedEnd(buf));
    if (cut.length === 0) return;
    const text = cut.toString('utf8');
    if (!start) {
      out.push({ record: recordOf(tail, text, end), bytes: cut.length, end });
      return;
    }
    const open = tail.open;
    if (open && !start.test(text)) {
      // Joined lines past the maximum are dropped from the record; it stays as long as allowed.
      if (open.bytes + 1 + cut.length <= MAX_RECORD_BYTES) {
        open.text += `\n${text}`;
        open.bytes += 1 + cut.length;
      }
      open.end = end;
      open.at = Date.now();
      return;
    }
    closeRecord(tail, out);
    tail.open = { text, bytes: cut.length, end, at: Date.now() };
  }

  function closeRecord(tail: Tail, out: Pending[]): void {
    const open = tail.open;
    if (!open) return;
    tail.open = null;
    out.push({ record: recordOf(tail, open.text, open.end), bytes: open.bytes, end: open.end });
  }

  /** Reads `tail` from `tail.read` to its end; `finished` flushes its last line and open record too. */
  async function drain(tail: Tail, finished: boolean): Promise<void> {
    const chunk = Buffer.allocUnsafe(READ_BYTES);
    let batch: Pending[] = [];
    for (;;) {
      if (aborted()) return;
      const { bytesRead } = await tail.handle.read(chunk, 0, READ_BYTES, tail.read);
      if (bytesRead === 0) break;
      // A copy: the parts of an unfinished line outlive this read buffer.
      const data = Buffer.from(chunk.subarray(0, bytesRead));
      let at = 0;
      for (;;) {
        const nl = data.indexOf(10, at);
        const stop = nl === -1 ? bytesRead : nl;
        if (tail.partBytes <= MAX_RECORD_BYTES) {
          tail.parts.push(data.subarray(at, Math.min(stop, at + MAX_RECORD_BYTES + 4 - tail.partBytes)));
          tail.partBytes += stop - at;
        }
        if (nl === -1) break;
        const whole = tail.parts.length === 1 ? (tail.parts[0] as Buffer) : Buffer.concat(tail.parts);
        tail.parts = [];
        tail.partBytes = 0;
        line(tail, whole, tail.read + nl + 1, batch);
        at = nl + 1;
        if (batch.length >= BATCH_RECORDS) {
          if (!(await deliver(tail, batch))) return;
          batch = [];
        }
      }
      tail.read += bytesRead;
    }
    if (finished) return finish(tail, batch);
    if (tail.open && Date.now() - tail.open.at >= MULTILINE_QUIET_MS) closeRecord(tail, batch);
    await deliver(tail, batch);
  }

  /** Hands over the line without LF and the open multi-line record: the file will not go on. */
  async function finish(tail: Tail, batch: Pending[] = []): Promise<void> {
    if (tail.parts.length > 0) {
      line(tail, Buffer.concat(tail.parts), tail.read, batch);
      tail.parts = [];
      tail.partBytes = 0;
    }
    closeRecord(tail, batch);
    await deliver(tail, batch);
  }

  /** The file's first bytes, as many as `bytes` and as it holds. */
  async function headOf(tail: Tail, bytes: number): Promise<string> {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await tail.handle.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead).toString('hex');
  }

  /** False when the bytes remembered from the file's start are no longer there (one small read). */
  async function sameHead(tail: Tail): Promise<boolean> {
    const head = tail.mark.head;
    return !head || (await headOf(tail, head.length / 2)) === head;
  }

  /** Remembers the file's first accepted bytes, until HEAD_BYTES of them are known. */
  async function noteHead(tail: Tail): Promise<void> {
    const known = (tail.mark.head?.length ?? 0) / 2;
    const bytes = Math.min(tail.mark.offset, HEAD_BYTES);
    if (bytes <= known) return;
    tail.mark.head = await headOf(tail, bytes);
    await saveMarks(statePath, marks);
  }

  async function follow(key: string, path: string): Promise<Tail | null> {
    const handle = await open(path, 'r').catch(() => null);
    if (!handle) return null;
    const known = marks.get(key);
    const mark = known ? { ...known, path } : { path, offset: 0, nonce: newNonce() };
    return { key, path, handle, read: mark.offset, mark, parts: [], partBytes: 0, open: null };
  }

  async function pass(): Promise<void> {
    const found = await discover();
    for (const [key, tail] of tails) {
      if (found.has(key)) continue;
      await drain(tail, true);
      if (aborted()) return;
      await tail.handle.close();
      tails.delete(key);
      marks.delete(key);
      await saveMarks(statePath, marks);
    }
    // Files followed already first: after a rotation, the old file's rest comes before the new one.
    const order = [...found].sort(([a], [b]) => Number(tails.has(b)) - Number(tails.has(a)));
    for (const [key, path] of order) {
      if (aborted()) return;
      let tail = tails.get(key) ?? null;
      if (!tail) {
        tail = await follow(key, path);
        if (!tail) continue;
        tails.set(key, tail);
      }
      tail.path = path;
      tail.mark.path = path;
      const { size } = await tail.handle.stat();
      if (size < tail.read || !(await sameHead(tail))) {
        logger.info({ collector, path, size, offset: tail.read }, 'a log file was truncated; reading it again from its start');
        // The line and record left open belong to the old content: they end here.
        await finish(tail);
        tail.read = 0;
        tail.mark = { path, offset: 0, nonce: newNonce() };
        marks.set(key, tail.mark);
      }
      await drain(tail, false);
      await noteHead(tail);
    }
    // Remembered files not found at the first pass are gone: forget them.
    for (const key of marks.keys()) if (!tails.has(key)) marks.delete(key);
  }

  const poll = (): Promise<void> => {
    passing ??= pass()
      .catch((err) => logger.error({ err, collector }, 'a pass over the log files failed'))
      .finally(() => {
        passing = null;
      });
    return passing;
  };

  const schedule = () => {
    timer = setTimeout(() => void poll().then(() => !stopping && schedule()), options.pollMs ?? 250);
  };

  return {
    name: collector,
    counters,
    poll,
    async start() {
      marks = await loadMarks(statePath);
      await poll();
      schedule();
    },
    async stop(deadline) {
      stopping = deadline;
      if (timer) clearTimeout(timer);
      await passing;
      // Open multi-line records are complete now; what is not accepted by the deadline is read again next start.
      for (const tail of tails.values()) {
        const batch: Pending[] = [];
        closeRecord(tail, batch);
        await deliver(tail, batch);
      }
      for (const tail of tails.values()) await tail.handle.close();
      tails.clear();
    },
  };
}
