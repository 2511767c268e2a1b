import { cutUtf8, MAX_RECORD_BYTES, trimmedEnd } from './record-limits.js';

/** How a TCP syslog sender delimits messages (RFC 6587 §3.4). */
export type Framing = 'octet-counting' | 'lf';

const LF = 10;
const isGap = (b: number | undefined) => b === 10 || b === 13 || b === 0 || b === 32;

/**
 * Splits one TCP connection's bytes into syslog records. The framing is chosen from the first
 * byte, once per connection: a digit 1-9 means RFC 6587 octet counting (`<len> <msg>`); anything
 * else (a syslog `<PRI>`, plain text) means one record per line. Per frame:
 * 1. LF framing: a record ends at LF; a CR and NULs before it are dropped (CRLF senders); empty
 *    lines are skipped.
 * 2. Octet counting: exactly `len` bytes; trailing LF, CR and NUL are dropped, and so are LFs
 *    and spaces between frames (some senders end every frame with LF).
 * 3. A frame that does not start with `<digits><SP>` in an octet-counted stream is read as one
 *    LF-terminated line, as rsyslog does, so a confused sender loses nothing.
 * 4. A record longer than `max` bytes is kept cut to `max` (at a character boundary) and the
 *    rest of it skipped; `cut` counts them.
 */
export class SyslogFramer {
  framing: Framing | null = null;
  /** Records cut at `max` so far. */
  cut = 0;
  private parts: Buffer[] = [];
  private partLength = 0;
  private overflow = false;
  private state: 'length' | 'body' | 'line' = 'length';
  private digits = '';
  private remaining = 0;

  constructor(private readonly max = MAX_RECORD_BYTES) {}

  /** Bytes of the record in progress (held until its end arrives). */
  get buffered(): number {
    return this.partLength;
  }

  /** Reads `chunk`, appending every record it completes to `out`. */
  push(chunk: Buffer, out: Buffer[]): void {
    let i = 0;
    const n = chunk.length;
    if (this.framing === null) {
      while (i < n && isGap(chunk[i])) i++;
      if (i === n) return;
      const first = chunk[i] as number;
      this.framing = first >= 0x31 && first <= 0x39 ? 'octet-counting' : 'lf';
      if (this.framing === 'lf') this.state = 'line';
    }
    while (i < n) {
      if (this.state === 'line') {
        const nl = chunk.indexOf(LF, i);
        this.append(chunk, i, nl === -1 ? n : nl);
        if (nl === -1) return;
        this.emit(out);
        i = nl + 1;
        if (this.framing === 'octet-counting') this.state = 'length';
      } else if (this.state === 'body') {
        const take = Math.min(this.remaining, n - i);
        this.append(chunk, i, i + take);
        i += take;
        this.remaining -= take;
        if (this.remaining === 0) {
          this.emit(out);
          this.state = 'length';
        }
      } else {
        const b = chunk[i] as number;
        if (this.digits === '' && isGap(b)) {
          i++;
        } else if (b >= 0x30 && b <= 0x39 && this.digits.length < 9) {
          this.digits += String.fromCharCode(b);
          i++;
        } else if (b === 32 && this.digits !== '') {
          i++;
          this.remaining = Number(this.digits);
          this.digits = '';
          this.state = this.remaining > 0 ? 'body' : 'length';
        } else {
          // Not a frame header (rule 3): the digits read so far begin an LF-terminated line.
          if (this.digits !== '') this.append(Buffer.from(this.digits), 0, this.digits.length);
          this.digits = '';
          this.state = 'line';
        }
      }
    }
  }

  /** The connection ended: a last line without LF, or a frame cut short, is still a record. */
  end(out: Buffer[]): void {
    if (this.digits !== '') this.append(Buffer.from(this.digits), 0, this.digits.length);
    this.digits = '';
    if (this.partLength > 0 || this.overflow) this.emit(out);
    this.state = this.framing === 'lf' ? 'line' : 'length';
  }

  private append(chunk: Buffer, start: number, end: number): void {
    // Up to 4 bytes past `max` are kept so that the cut can end on a whole character.
    const room = this.max + 4 - this.partLength;
    let stop = end;
    if (stop - start > room) {
      stop = start + room;
      this.overflow = true;
    }
    if (stop <= start) return;
    this.parts.push(chunk.subarray(start, stop));
    this.partLength += stop - start;
  }

  private emit(out: Buffer[]): void {
    let record = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts, this.partLength);
    if (this.overflow || record.length > this.max) {
      record = cutUtf8(record, this.max);
      this.cut++;
    } else {
      record = record.subarray(0, trimmedEnd(record));
    }
    this.parts = [];
    this.partLength = 0;
    this.overflow = false;
    if (record.length > 0) out.push(record);
  }
}
