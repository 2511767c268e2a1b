/**
 * The longest record a collector keeps, in bytes: RFC 5425 asks receivers to take at least 2 KiB
 * and rsyslog's default is 8 KiB; 64 KiB holds any real stack trace or JSON line and bounds what
 * one sender can make us buffer. Longer records are kept cut at this size, never dropped.
 */
export const MAX_RECORD_BYTES = 64 * 1024;

/** Records per `intake.accept`: large enough to amortize the spool's write, small enough to keep latency low. */
export const BATCH_RECORDS = 1_000;

/**
 * The first `max` bytes of `buf`, shortened to the last whole UTF-8 character so that the cut
 * record does not end in a replacement character.
 */
export function cutUtf8(buf: Buffer, max = MAX_RECORD_BYTES): Buffer {
  if (buf.length <= max) return buf;
  let end = max;
  // Back over at most 3 continuation bytes (10xxxxxx) to the lead byte of the last character.
  let lead = end - 1;
  while (lead > end - 4 && lead > 0 && ((buf[lead] as number) & 0xc0) === 0x80) lead--;
  const b = buf[lead] as number;
  const size = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  if (lead + size > end) end = lead;
  return buf.subarray(0, end);
}

/** Where `buf` ends without its trailing LF, CR and NUL bytes (what UDP senders and some framers append). */
export function trimmedEnd(buf: Buffer, end = buf.length, start = 0): number {
  let n = end;
  while (n > start) {
    const b = buf[n - 1];
    if (b !== 10 && b !== 13 && b !== 0) break;
    n--;
  }
  return n;
}
