import { mkdirSync, readdirSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { type FileHandle, open, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { Batcher } from '../_lib/batcher.js';
import type { RawRecord } from './intake.js';

/** A segment is closed and a new one opened past this size, so stored data can be deleted whole. */
const SEGMENT_BYTES = 64 * 1024 * 1024;
/** length (u32) + CRC-32 of the payload (u32), then the payload: one record as JSON. */
const HEADER = 8;
const SEGMENT = /^(\d{12})\.spool$/;

/** A place in the spool: everything before it is in a segment older than `segment` or before `offset` in it. */
export interface SpoolPosition {
  segment: number;
  offset: number;
}

/** Records found in the spool at start that were accepted and not yet known to be stored. */
export interface Recovered {
  records: RawRecord[];
  /** Where the last recovered record ends: commit it once they are stored. */
  end: SpoolPosition;
  /** Bytes cut off torn or damaged tails (a crash mid-write), and in how many segments. */
  cutBytes: number;
  cutSegments: number;
}

/**
 * The pipeline's write-ahead log on disk: a record is acknowledged only once it is here and
 * synced, so a crash or a restart loses nothing a collector acknowledged. Appends made close
 * together share one write and one fdatasync (group commit). The checkpoint says where the
 * records not yet stored begin; it is written lazily and never synced, because replaying a
 * stored record again is harmless: every record carries its event id, and the log store keeps
 * one copy per id. Written here rather than taken from a library: it is a few dozen lines of
 * framing, and the repair rule (cut a torn tail, count it, never refuse to start) is ours.
 */
export class Spool {
  private segment: number;
  private handle: FileHandle | null = null;
  private size = 0;
  private committed: SpoolPosition;
  private checkpointing: Promise<void> | null = null;
  private checkpointAgain = false;
  private readonly appender = new Batcher<readonly RawRecord[], SpoolPosition>((batches) => this.write(batches), 10_000);

  private constructor(
    private readonly dir: string,
    last: number,
    committed: SpoolPosition,
  ) {
    this.segment = last + 1;
    this.committed = committed;
  }

  /** Opens the spool in `dir` (created 0700), repairing damage, and hands back what is still to store. */
  static open(dir: string): { spool: Spool; recovered: Recovered } {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const segments = readdirSync(dir)
      .map((name) => SEGMENT.exec(name)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    const start = readCheckpoint(dir) ?? { segment: segments[0] ?? 0, offset: 0 };
    const recovered: Recovered = { records: [], end: start, cutBytes: 0, cutSegments: 0 };
    for (const segment of segments) {
      if (segment < start.segment) {
        rmSync(segmentPath(dir, segment), { force: true });
        continue;
      }
      const path = segmentPath(dir, segment);
      const data = readFileSync(path);
      const from = segment === start.segment ? start.offset : 0;
      const { records, end } = decode(data, from);
      recovered.records.push(...records);
      recovered.end = { segment, offset: end };
      if (end < data.length) {
        // A torn tail (the process died mid-write) or damage: what follows cannot be trusted
        // and was never acknowledged if it is the tail. Cut it, count it, go on.
        truncateSync(path, end);
        recovered.cutBytes += data.length - end;
        recovered.cutSegments++;
      }
    }
    // New appends go to a fresh segment, numbered past anything the checkpoint names, so that a
    // later start never takes them for stored ones.
    const last = Math.max(segments.at(-1) ?? 0, start.segment);
    return { spool: new Spool(dir, last, recovered.end), recovered };
  }

  /** Resolves once the records are on disk and synced; the position is where they end. */
  append(records: readonly RawRecord[]): Promise<SpoolPosition> {
    return this.appender.add(records);
  }

  /**
   * Everything before `position` is stored: moves the checkpoint there and deletes segments
   * wholly before it. Commits must come in order.
   */
  commit(position: SpoolPosition): void {
    this.committed = position;
    if (this.checkpointing) {
      this.checkpointAgain = true;
      return;
    }
    // A checkpoint that fails to write only means a longer replay at the next start.
    this.checkpointing = this.checkpoint()
      .catch(() => {})
      .finally(() => {
        this.checkpointing = null;
        if (this.checkpointAgain) {
          this.checkpointAgain = false;
          this.commit(this.committed);
        }
      });
  }

  async close(): Promise<void> {
    while (this.checkpointing) await this.checkpointing;
    await this.handle?.close();
    this.handle = null;
  }

  private async write(batches: (readonly RawRecord[])[]): Promise<SpoolPosition[]> {
    if (!this.handle || this.size >= SEGMENT_BYTES) await this.rotate();
    const frames: Buffer[] = [];
    const ends: SpoolPosition[] = [];
    let offset = this.size;
    for (const records of batches) {
      for (const record of records) {
        const frame = encode(record);
        frames.push(frame);
        offset += frame.length;
      }
      ends.push({ segment: this.segment, offset });
    }
    const handle = this.handle as FileHandle;
    const data = Buffer.concat(frames);
    await handle.write(data, 0, data.length, this.size);
    await handle.datasync();
    this.size = offset;
    return ends;
  }

  private async rotate(): Promise<void> {
    if (this.handle) {
      await this.handle.close();
      this.segment++;
    }
    this.handle = await open(segmentPath(this.dir, this.segment), 'w', 0o600);
    this.size = 0;
  }

  private async checkpoint(): Promise<void> {
    const { segment, offset } = this.committed;
    const tmp = join(this.dir, 'checkpoint.tmp');
    await writeFile(tmp, JSON.stringify({ segment, offset }), { mode: 0o600 });
    await rename(tmp, join(this.dir, 'checkpoint'));
    for (const name of readdirSync(this.dir)) {
      const n = SEGMENT.exec(name)?.[1];
      if (n !== undefined && Number(n) < segment) await rm(join(this.dir, name), { force: true });
    }
  }
}

const segmentPath = (dir: string, segment: number) => join(dir, `${String(segment).padStart(12, '0')}.spool`);

function readCheckpoint(dir: string): SpoolPosition | null {
  try {
    const { segment, offset } = JSON.parse(readFileSync(join(dir, 'checkpoint'), 'utf8')) as SpoolPosition;
    if (Number.isSafeInteger(segment) && Number.isSafeInteger(offset) && segment >= 0 && offset >= 0) return { segment, offset };
  } catch {
    // Missing (a new spool) or unreadable: replay from the oldest segment; stored ids dedupe.
  }
  // A checkpoint that names nothing sensible is no reason to refuse to start.
  rmSync(join(dir, 'checkpoint'), { force: true });
  return null;
}

function encode(record: RawRecord): Buffer {
  const payload = Buffer.from(JSON.stringify(record));
  const frame = Buffer.allocUnsafe(HEADER + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  frame.writeUInt32LE(crc32(payload), 4);
  payload.copy(frame, HEADER);
  return frame;
}

/** The whole records from `from` on, and where the last good one ends. */
function decode(data: Buffer, from: number): { records: RawRecord[]; end: number } {
  const records: RawRecord[] = [];
  let offset = Math.min(from, data.length);
  while (offset + HEADER <= data.length) {
    const length = data.readUInt32LE(offset);
    const end = offset + HEADER + length;
    if (end > data.length) break;
    const payload = data.subarray(offset + HEADER, end);
    if (crc32(payload) !== data.readUInt32LE(offset + 4)) break;
    try {
      records.push(JSON.parse(payload.toString('utf8')) as RawRecord);
    } catch {
      break;
    }
    offset = end;
  }
  return { records, end: offset };
}

/** Test hook: the spool's files, for tests that tear a tail by hand. */
export const spoolFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((name) => SEGMENT.test(name))
    .sort()
    .map((name) => join(dir, name));
