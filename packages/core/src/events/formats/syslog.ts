/**
 * Syslog lines: RFC 5424, RFC 3164 (BSD) and the file forms rsyslog and syslog-ng write (no PRI,
 * BSD or RFC 3339 timestamps). The header fills ECS `log.syslog.*`, `host.hostname` and
 * `process.*`; the MSG goes to the body parsers (sshd, sudo, CEF…), the first that knows it wins.
 *
 * Scanned by hand with indexOf/charCodeAt, never one regex per line: this runs on every ingested
 * line (the benchmark wants 1.5× syslog-ng's rate), and a header regex with optional parts and
 * open-ended tags backtracks badly on a hostile 64 KB line. Every loop below moves forward only,
 * so a line costs time linear in its length.
 */
import type { LogEvent, ParseContext, ParseOutcome } from '../event.js';
import { addRelated } from '../event.js';
import type { LineParser, MessageParser } from '../parser.js';
import { formatOffset, isValidZone, monthIndex, zoneOffsetMinutes } from '../time.js';

/** RFC 5424 §6.2.1 table 1 keywords, by facility code. */
const FACILITIES = [
  'kern',
  'user',
  'mail',
  'daemon',
  'auth',
  'syslog',
  'lpr',
  'news',
  'uucp',
  'cron',
  'authpriv',
  'ftp',
  'ntp',
  'security',
  'console',
  'solaris-cron',
  'local0',
  'local1',
  'local2',
  'local3',
  'local4',
  'local5',
  'local6',
  'local7',
] as const;

/** RFC 5424 §6.2.1 table 2 keywords (syslog.h's), by severity code. */
const SEVERITIES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] as const;

/** The largest PRI: facility 23 (local7) × 8 + severity 7. */
const MAX_PRI = 191;

/**
 * How far a BSD TAG is searched for its colon. RFC 3164 caps the tag at 32 characters, but macOS
 * writes `com.apple.xpc.launchd[1] (com.apple.imfoundation.IMRemoteURLConnectionAgent):` (77);
 * beyond this a colon belongs to the message, not a tag.
 */
const MAX_TAG = 128;

/** An RFC 3339 timestamp with nanoseconds and an offset is 35 characters; longer tokens are not one. */
const MAX_ISO_TIMESTAMP = 40;

const HEADER_CLAIMS = [
  '@timestamp',
  'message',
  'event.kind',
  'event.timezone',
  'log.original',
  'log.syslog.priority',
  'log.syslog.facility.code',
  'log.syslog.facility.name',
  'log.syslog.severity.code',
  'log.syslog.severity.name',
  'log.syslog.hostname',
  'log.syslog.appname',
  'log.syslog.procid',
  'log.syslog.msgid',
  'log.syslog.version',
  'log.syslog.structured_data',
  'host.hostname',
  'process.name',
  'process.pid',
  'related.hosts',
];

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const QUOTE = 34;
const PERCENT = 37;
const COLON = 58;
const LT = 60;
const EQUALS = 61;
const GT = 62;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const HYPHEN = 45;
const BOM = 0xfeff;

/**
 * A parser for syslog lines whose MSG is offered to `bodies` in order; `claims` lists the header's
 * fields and every body's.
 *
 * @example
 * const syslog = createSyslogParser([authMessages]);
 * syslog.parse('Feb 21 21:54:44 localhost sshd[3402]: Accepted publickey for vagrant from 10.0.2.2 port 63673 ssh2', ctx);
 * // → process.name 'sshd', process.pid 3402, event.action 'ssh_login', source.ip '10.0.2.2'
 */
export function createSyslogParser(bodies: readonly MessageParser[]): LineParser {
  const claims = [...new Set([...HEADER_CLAIMS, ...bodies.flatMap((body) => body.claims)])];
  return {
    format: 'syslog',
    claims,
    test: looksLikeSyslog,
    parse: (line, ctx) => parseSyslog(line, ctx, bodies),
  };
}

/** A PRI, a BSD `Mmm d hh:mm:ss` start or an RFC 3339 date start: a few character checks, no parse. */
function looksLikeSyslog(line: string): boolean {
  const first = line.charCodeAt(0);
  if (first === LT) return isDigit(line.charCodeAt(1));
  if (isDigit(first)) return line.charCodeAt(4) === HYPHEN && isDigit(line.charCodeAt(3)) && line.charCodeAt(10) === 84; // 'T'
  return (
    line.charCodeAt(3) === SPACE &&
    monthIndex(line.slice(0, 3)) !== undefined &&
    isDigit(line.charCodeAt(line.charCodeAt(4) === SPACE ? 5 : 4))
  );
}

function parseSyslog(original: string, ctx: ParseContext, bodies: readonly MessageParser[]): ParseOutcome {
  // The line is kept as received in log.original; a trailing CR/LF is not part of the MSG.
  let end = original.length;
  while (end > 0 && (original.charCodeAt(end - 1) === LF || original.charCodeAt(end - 1) === CR)) end--;
  const line = end === original.length ? original : original.slice(0, end);
  if (line.length === 0) return { ok: false, reason: 'empty line' };

  if (ctx.timezone !== undefined && !knownZone(ctx.timezone)) return { ok: false, reason: `unknown time zone: ${ctx.timezone}` };

  // baseEvent's event, but the time received is formatted only if the line has no time of its own.
  const event: LogEvent = { '@timestamp': '', log: { original }, event: { kind: 'event' } };
  let pos = 0;
  let hasPri = false;
  if (line.charCodeAt(0) === LT) {
    pos = readPri(line, event);
    if (pos < 0) return { ok: false, reason: 'invalid PRI: expected <0> to <191> at the start of the line' };
    hasPri = true;
    const afterVersion = readVersion(line, pos);
    if (afterVersion > 0) {
      setSyslog(event, 'version', line.slice(pos, afterVersion - 1));
      return parse5424(line, afterVersion, event, ctx, bodies);
    }
  }
  return parse3164(line, pos, hasPri, event, ctx, bodies);
}

/** Zones already checked: the time helpers throw on an unknown one, and a parser must not. */
const zoneValidity = new Map<string, boolean>();

function knownZone(zone: string): boolean {
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    valid = isValidZone(zone);
    if (zoneValidity.size < 1000) zoneValidity.set(zone, valid);
  }
  return valid;
}

/** `<PRI>` → the index after `>`, having set priority, facility and severity; -1 if it is no valid PRI. */
function readPri(line: string, event: LogEvent): number {
  let pri = 0;
  let i = 1;
  for (; i < 5 && isDigit(line.charCodeAt(i)); i++) pri = pri * 10 + line.charCodeAt(i) - 48;
  if (i === 1 || i === 5 || line.charCodeAt(i) !== GT || pri > MAX_PRI) return -1;
  const facility = pri >> 3;
  const severity = pri & 7;
  event.log.syslog = {
    priority: pri,
    facility: { code: facility, name: FACILITIES[facility] as string },
    severity: { code: severity, name: SEVERITIES[severity] as string },
  };
  return i + 1;
}

/**
 * RFC 5424's VERSION (1 to 3 digits, no leading zero) and its space, followed by a timestamp or
 * NIL → the index of the timestamp; 0 when this is not RFC 5424 (`<13>2026-07-23T…` is 3164 with
 * an RFC 3339 timestamp, `<13>12 apples` a 3164 message without one).
 */
function readVersion(line: string, pos: number): number {
  let i = pos;
  while (i < pos + 3 && isDigit(line.charCodeAt(i))) i++;
  if (i === pos || line.charCodeAt(pos) === 48 || line.charCodeAt(i) !== SPACE) return 0;
  const next = line.charCodeAt(i + 1);
  return next === HYPHEN || isDigit(next) ? i + 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// RFC 5424: VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP SD [SP MSG]

function parse5424(line: string, start: number, event: LogEvent, ctx: ParseContext, bodies: readonly MessageParser[]): ParseOutcome {
  // TIMESTAMP, HOSTNAME, APP-NAME, PROCID, MSGID: space-separated, `-` for none. Runs of spaces
  // are accepted between them (Elastic's grok does too); a line that stops early keeps what it has.
  let stop = fieldEnd(line, start);
  readRfc3339(line, start, stop, event, ctx.timezone); // NIL (`-`) is too short to be one
  let pos = skipSpaces(line, stop);
  stop = fieldEnd(line, pos);
  const hostname = field(line, pos, stop);
  pos = skipSpaces(line, stop);
  stop = fieldEnd(line, pos);
  const appname = field(line, pos, stop);
  pos = skipSpaces(line, stop);
  stop = fieldEnd(line, pos);
  const procid = field(line, pos, stop);
  pos = skipSpaces(line, stop);
  stop = fieldEnd(line, pos);
  const msgid = field(line, pos, stop);
  pos = skipSpaces(line, stop);

  if (hostname !== undefined) setHost(event, hostname);
  if (appname !== undefined) setSyslog(event, 'appname', appname);
  if (procid !== undefined) setSyslog(event, 'procid', procid);
  if (msgid !== undefined) setSyslog(event, 'msgid', msgid);
  const pid = procid === undefined ? undefined : toPid(procid);
  if (appname !== undefined) event.process = pid === undefined ? { name: appname } : { name: appname, pid };
  else if (pid !== undefined) event.process = { pid };

  // STRUCTURED-DATA: `-` or one or more [SD-ID PARAM="VALUE"…] elements. Malformed SD is taken
  // as the start of the MSG rather than refused: senders put bracketed text there.
  if (pos < line.length) {
    if (line.charCodeAt(pos) === HYPHEN && (pos + 1 === line.length || line.charCodeAt(pos + 1) === SPACE)) pos++;
    else if (line.charCodeAt(pos) === LBRACKET) {
      const sd = readStructuredData(line, pos);
      if (sd) {
        setSyslog(event, 'structured_data', sd.data);
        pos = sd.end;
      }
    }
  }
  // MSG: after one space; further leading spaces and the UTF-8 BOM (RFC 5424 §6.4) are dropped.
  pos = skipSpaces(line, pos);
  if (line.charCodeAt(pos) === BOM) pos++;
  return finish(event, line, pos, ctx, bodies);
}

function fieldEnd(line: string, start: number): number {
  const space = line.indexOf(' ', start);
  return space < 0 ? line.length : space;
}

/** A header field, undefined when it is NIL (`-`) or the line ended before it. */
function field(line: string, start: number, end: number): string | undefined {
  if (end <= start || (end === start + 1 && line.charCodeAt(start) === HYPHEN)) return undefined;
  return line.slice(start, end);
}

/**
 * RFC 5424 §6.3 SD-ELEMENTs from `pos` (at `[`) → the values, unescaped (`\"` `\\` `\]`; any other
 * backslash stays, as §6.3.3 says), and the index after the last `]`; undefined if malformed.
 */
function readStructuredData(line: string, start: number): { data: Record<string, Record<string, string>>; end: number } | undefined {
  const data: Record<string, Record<string, string>> = {};
  let pos = start;
  while (line.charCodeAt(pos) === LBRACKET) {
    const idEnd = scanSdName(line, pos + 1);
    if (idEnd === pos + 1) return undefined;
    const id = line.slice(pos + 1, idEnd);
    const params = Object.hasOwn(data, id) ? (data[id] as Record<string, string>) : ownSet(data, id, {});
    pos = idEnd;
    for (;;) {
      const c = line.charCodeAt(pos);
      if (c === RBRACKET) {
        pos++;
        break;
      }
      if (c !== SPACE) return undefined;
      pos = skipSpaces(line, pos);
      if (line.charCodeAt(pos) === RBRACKET) continue;
      const nameEnd = scanSdName(line, pos);
      if (nameEnd === pos || line.charCodeAt(nameEnd) !== EQUALS || line.charCodeAt(nameEnd + 1) !== QUOTE) return undefined;
      const name = line.slice(pos, nameEnd);
      pos = nameEnd + 2;
      let value = '';
      let segment = pos;
      for (;;) {
        if (pos >= line.length) return undefined;
        const v = line.charCodeAt(pos);
        if (v === QUOTE) break;
        if (v === BACKSLASH) {
          const escaped = line.charCodeAt(pos + 1);
          if (escaped === QUOTE || escaped === BACKSLASH || escaped === RBRACKET) {
            value += line.slice(segment, pos);
            segment = pos + 1;
            pos += 2;
            continue;
          }
        }
        pos++;
      }
      value += line.slice(segment, pos);
      ownSet(params, name, value);
      pos++;
    }
  }
  return { data, end: pos };
}

/** SD-NAME: printable US-ASCII except `=`, space, `]` and `"` (RFC 5424 §6.3.2). */
function scanSdName(line: string, start: number): number {
  let i = start;
  for (; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c <= SPACE || c > 126 || c === EQUALS || c === RBRACKET || c === QUOTE) break;
  }
  return i;
}

/** Sets an own property even for `__proto__`, which an SD-ID from the wire may be. */
function ownSet<T>(obj: Record<string, T>, key: string, value: T): T {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
  return value;
}

// ---------------------------------------------------------------------------------------------
// RFC 3164 and log files: [<PRI>]TIMESTAMP SP [HOSTNAME SP] [TAG[\[PID\]]: ]MSG

function parse3164(
  line: string,
  start: number,
  hasPri: boolean,
  event: LogEvent,
  ctx: ParseContext,
  bodies: readonly MessageParser[],
): ParseOutcome {
  let pos = readBsdTimestamp(line, start, event, ctx);
  if (pos < 0) pos = readIsoTimestamp(line, start, event, ctx);
  if (pos < 0) {
    // RFC 3164 §4.3.2: a PRI without a valid timestamp → the rest is the MSG, received now.
    if (!hasPri) return { ok: false, reason: 'not syslog: no PRI and no timestamp at the start of the line' };
    return finish(event, line, start, ctx, bodies);
  }
  pos = skipSpaces(line, pos);
  const tokenEnd = scanToken(line, pos);
  if (tokenEnd > pos + 1 && line.charCodeAt(tokenEnd - 1) === COLON) {
    // 1. No HOSTNAME: the first word is already the tag (`Oct 11 22:14:15 su: …`).
    pos = readTag(line, pos, tokenEnd, event);
  } else if (isHostname(line, pos, tokenEnd)) {
    // 2. HOSTNAME, then a tag if there is one (`%ASA-6-302014:` is a Cisco mnemonic, not a tag).
    setHost(event, line.slice(pos, tokenEnd));
    pos = skipSpaces(line, tokenEnd);
    pos = readTag(line, pos, pos + MAX_TAG, event);
  } else {
    // 3. Neither (`Apr 4 03:39:57 --- last message repeated 1 time ---`): all of it is the MSG,
    //    unless it starts with a `name[pid]` tag.
    pos = readTag(line, pos, tokenEnd + 1, event);
  }
  return finish(event, line, pos, ctx, bodies);
}

/**
 * `Mmm dd hh:mm:ss`, `Mmm  d …`, `Mmm d …`, with `.fff` (up to 9 digits) and `Mmm dd yyyy hh:mm:ss`
 * → the index after it, having set `@timestamp`; -1 if there is none. Without a year it takes the
 * one that puts it closest before `receivedAt` (inferYear), and without a zone `ctx.timezone`.
 */
function readBsdTimestamp(line: string, start: number, event: LogEvent, ctx: ParseContext): number {
  if (line.charCodeAt(start + 3) !== SPACE) return -1;
  const month = monthIndex(line.slice(start, start + 3));
  if (month === undefined) return -1;
  let i = start + 4;
  if (line.charCodeAt(i) === SPACE) i++;
  const day = readNumber(line, i, 1, 2);
  if (day < 1 || day > 31) return -1;
  i += day > 9 || line.charCodeAt(i) === 48 ? 2 : 1;
  if (line.charCodeAt(i) !== SPACE) return -1;
  i++;
  let year: number | undefined;
  if (line.charCodeAt(i + 4) === SPACE) {
    year = readNumber(line, i, 4, 4);
    if (year < 0) return -1;
    i += 5;
  }
  const hour = readNumber(line, i, 2, 2);
  const minute = line.charCodeAt(i + 2) === COLON ? readNumber(line, i + 3, 2, 2) : -1;
  const second = line.charCodeAt(i + 5) === COLON ? readNumber(line, i + 6, 2, 2) : -1;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return -1;
  i += 8;
  let ms = 0;
  const dot = line.charCodeAt(i);
  if ((dot === 46 || dot === 44) && isDigit(line.charCodeAt(i + 1))) {
    let digits = 0;
    for (i++; isDigit(line.charCodeAt(i)); i++, digits++) if (digits < 3) ms = ms * 10 + line.charCodeAt(i) - 48;
    if (digits > 9) return -1;
    for (; digits < 3; digits++) ms *= 10;
  }
  if (i < line.length && !isSpace(line.charCodeAt(i))) return -1;
  const zone = ctx.timezone;
  const utc = wallToUtc(year ?? yearBefore(month, day, ctx.receivedAt, zone), month, day, hour, minute, second, ms, zone);
  event['@timestamp'] = isoOf(utc);
  event.event.timezone = offsetAt(zone, utc);
  return i;
}

/** An RFC 3339 / ISO 8601 timestamp token (rsyslog's high-precision file format) → the index after it; -1 if none. */
function readIsoTimestamp(line: string, start: number, event: LogEvent, ctx: ParseContext): number {
  if (line.charCodeAt(start + 4) !== HYPHEN || !isDigit(line.charCodeAt(start))) return -1;
  const end = scanToken(line, start);
  return readRfc3339(line, start, end, event, ctx.timezone) ? end : -1;
}

/**
 * `line[start, end)` as parseIsoTimestamp reads it (`2003-10-11T22:14:15.003Z`, `…,5+02:00`,
 * `…+0200`, `t`/`z` in lower case, no zone → `zone`), scanned rather than matched: true, with
 * `@timestamp` set (and `event.timezone` when the zone was not in it), if it is one.
 */
function readRfc3339(line: string, start: number, end: number, event: LogEvent, zone: string | undefined): boolean {
  if (end - start < 19 || end - start > MAX_ISO_TIMESTAMP) return false;
  const year = readNumber(line, start, 4, 4);
  const month = readNumber(line, start + 5, 2, 2) - 1;
  const day = readNumber(line, start + 8, 2, 2);
  const hour = readNumber(line, start + 11, 2, 2);
  const minute = readNumber(line, start + 14, 2, 2);
  const second = readNumber(line, start + 17, 2, 2);
  const t = line.charCodeAt(start + 10) | 32;
  if (line.charCodeAt(start + 4) !== HYPHEN || line.charCodeAt(start + 7) !== HYPHEN || t !== 116 || line.charCodeAt(start + 13) !== COLON)
    return false;
  if (line.charCodeAt(start + 16) !== COLON || year < 0 || month < 0 || month > 11 || day < 1 || day > 31) return false;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return false;
  let i = start + 19;
  let ms = 0;
  const dot = line.charCodeAt(i);
  if (dot === 46 || dot === 44) {
    let digits = 0;
    for (i++; i < end && isDigit(line.charCodeAt(i)); i++, digits++) if (digits < 3) ms = ms * 10 + line.charCodeAt(i) - 48;
    if (digits === 0 || digits > 9) return false;
    for (; digits < 3; digits++) ms *= 10;
  }
  if (i === end) {
    const utc = wallToUtc(year, month, day, hour, minute, second, ms, zone);
    event['@timestamp'] = isoOf(utc);
    event.event.timezone = offsetAt(zone, utc);
    return true;
  }
  let offset = 0;
  const sign = line.charCodeAt(i);
  if ((sign | 32) === 122 && i + 1 === end)
    offset = 0; // Z
  else if (sign === 43 || sign === HYPHEN) {
    const colon = line.charCodeAt(i + 3) === COLON ? 1 : 0;
    const hh = readNumber(line, i + 1, 2, 2);
    const mm = readNumber(line, i + 3 + colon, 2, 2);
    if (hh < 0 || mm < 0 || i + 5 + colon !== end) return false;
    offset = (sign === HYPHEN ? -1 : 1) * (hh * 60 + mm);
  } else return false;
  event['@timestamp'] = isoOf(Date.UTC(year, month, day, hour, minute, second, ms) - offset * 60_000);
  return true;
}

/**
 * The TAG from `pos`, searched up to `limit` → the index where the MSG starts (`pos` if there is
 * no tag). Like Elastic's `%{DATA:process.name}(?:\[%{POSINT:process.pid}\])?: `, the tag runs to
 * the first `: ` (so macOS's `Google Chrome[85294]:` and `launchd[1] (com.apple.quicklook[22360]):`
 * keep their spaces) and a trailing `[digits]` is the pid. Without such a colon, a first word
 * `name[pid]` is the tag (rsyslog writes those).
 */
function readTag(line: string, pos: number, limit: number, event: LogEvent): number {
  const stop = Math.min(limit, line.length);
  let tagEnd = -1;
  let firstWordEnd = -1;
  for (let i = pos; i < stop; i++) {
    const c = line.charCodeAt(i);
    if (c === COLON && (i + 1 === line.length || isSpace(line.charCodeAt(i + 1)))) {
      tagEnd = i;
      break;
    }
    if (c === LF || c === CR) break;
    if (c === SPACE && firstWordEnd < 0) firstWordEnd = i;
  }
  if (firstWordEnd < 0 && stop === line.length) firstWordEnd = line.length;
  let msgStart = tagEnd + 1;
  if (tagEnd < 0 && firstWordEnd > 0 && line.charCodeAt(firstWordEnd - 1) === RBRACKET && pidStart(line, pos, firstWordEnd) > 0) {
    tagEnd = firstWordEnd;
    msgStart = firstWordEnd;
  }
  if (tagEnd <= pos || line.charCodeAt(pos) === PERCENT) return pos;
  const open = line.charCodeAt(tagEnd - 1) === RBRACKET ? pidStart(line, pos, tagEnd) : -1;
  const name = line.slice(pos, open > 0 ? open : tagEnd);
  setSyslog(event, 'appname', name);
  event.process = { name };
  if (open > 0) {
    const procid = line.slice(open + 1, tagEnd - 1);
    setSyslog(event, 'procid', procid);
    event.process.pid = Number(procid);
  }
  return skipSpaces(line, msgStart);
}

/** For a tag ending in `]` at `end - 1`: the index of the `[` of a `[digits]` suffix, or -1. */
function pidStart(line: string, pos: number, end: number): number {
  let i = end - 2;
  while (i > pos && isDigit(line.charCodeAt(i))) i--;
  return i > pos && i < end - 2 && line.charCodeAt(i) === LBRACKET ? i : -1;
}

/**
 * A HOSTNAME: a name, IPv4 or IPv6 address (letters, digits, `.-_:%`, starting with a letter, a
 * digit or `:`), as Elastic's SYSLOGHOST; `---` or `(note)` is not one.
 */
function isHostname(line: string, start: number, end: number): boolean {
  if (end <= start || end - start > 255) return false;
  const first = line.charCodeAt(start);
  if (!isAlnum(first) && first !== COLON) return false;
  for (let i = start + 1; i < end; i++) {
    const c = line.charCodeAt(i);
    if (!isAlnum(c) && c !== 46 && c !== HYPHEN && c !== 95 && c !== COLON && c !== PERCENT) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Time: time.ts's rules (wallClockToUtc, inferYear, formatOffset), with the slow steps remembered.
// An IANA zone's offset comes from Intl's formatToParts, microseconds a call and five calls a line
// (8× the cost of a UTC line); Date#toISOString is a fifth of a UTC line's. Offsets change only on
// quarter-hours of UTC (since 1980 tzdb's transitions fall on whole or half local hours, in zones
// whose offsets are whole quarter-hours), and lines come in time order, so both are remembered.
// syslog.test.ts checks the results against time.ts's own functions.

const QUARTER_HOUR_MS = 900_000;
/** Per zone, its offset in minutes by quarter-hour of UTC. */
const offsets = new Map<string, Map<number, number>>();
/** Entries a zone keeps: three and a half years of quarter-hours. */
const MAX_OFFSETS = 120_000;

/** zoneOffsetMinutes(zone, utcMs), remembered per quarter-hour. */
function offsetMinutes(zone: string | undefined, utcMs: number): number {
  if (zone === undefined || zone === 'UTC' || zone === 'Z') return 0;
  let byQuarter = offsets.get(zone);
  if (byQuarter === undefined) {
    if (offsets.size >= 100) offsets.clear();
    byQuarter = new Map();
    offsets.set(zone, byQuarter);
  }
  const quarter = Math.floor(utcMs / QUARTER_HOUR_MS);
  let offset = byQuarter.get(quarter);
  if (offset === undefined) {
    if (byQuarter.size >= MAX_OFFSETS) byQuarter.clear();
    offset = zoneOffsetMinutes(zone, utcMs);
    byQuarter.set(quarter, offset);
  }
  return offset;
}

/** wallClockToUtc: the offset of the instant itself, so a skipped hour moves forward and a repeated one takes the first. */
function wallToUtc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  zone: string | undefined,
): number {
  const naive = Date.UTC(year, month, day, hour, minute, second, ms);
  const first = naive - offsetMinutes(zone, naive) * 60_000;
  return naive - offsetMinutes(zone, first) * 60_000;
}

/** inferYear: the year that puts a year-less date at most a day after `receivedAt`. */
function yearBefore(month: number, day: number, receivedAt: Date, zone: string | undefined): number {
  const year = receivedAt.getUTCFullYear();
  return wallToUtc(year, month, day, 0, 0, 0, 0, zone) > receivedAt.getTime() + 86_400_000 ? year - 1 : year;
}

const offsetTexts = new Map<number, string>();

/** ECS `event.timezone` for a timestamp that carried none: the zone's offset at that instant (formatOffset). */
function offsetAt(zone: string | undefined, utcMs: number): string {
  const minutes = offsetMinutes(zone, utcMs);
  let text = offsetTexts.get(minutes);
  if (text === undefined) {
    text = formatOffset(minutes);
    offsetTexts.set(minutes, text);
  }
  return text;
}

let isoMinute = Number.NaN;
let isoPrefix = '';

/** new Date(utcMs).toISOString(), its `yyyy-mm-ddThh:mm:` remembered from the line before. */
function isoOf(utcMs: number): string {
  const minute = Math.floor(utcMs / 60_000);
  if (minute !== isoMinute) {
    const iso = new Date(minute * 60_000).toISOString();
    if (iso.length !== 24) return new Date(utcMs).toISOString(); // beyond year 9999
    isoMinute = minute;
    isoPrefix = iso.slice(0, 17);
  }
  const rest = utcMs - minute * 60_000;
  const second = Math.floor(rest / 1000);
  const ms = rest - second * 1000;
  return `${isoPrefix}${second < 10 ? '0' : ''}${second}.${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
}

// ---------------------------------------------------------------------------------------------
// Shared

/** The MSG from `pos`: `message`, then each body parser until one knows it. */
function finish(event: LogEvent, line: string, pos: number, ctx: ParseContext, bodies: readonly MessageParser[]): ParseOutcome {
  if (event['@timestamp'] === '') event['@timestamp'] = isoOf(ctx.receivedAt.getTime());
  if (!event.host && ctx.peer) {
    // The line names no host: the peer that sent it is the best we know (ParseContext.peer).
    event.host = { hostname: ctx.peer };
    addRelated(event, 'hosts', ctx.peer);
  }
  if (pos < line.length) {
    const message = line.slice(pos);
    event.message = message;
    for (const body of bodies) if (body.parse(event, message, ctx)) break;
  }
  return { ok: true, event };
}

function setHost(event: LogEvent, hostname: string): void {
  setSyslog(event, 'hostname', hostname);
  event.host = { hostname };
  addRelated(event, 'hosts', hostname);
}

type SyslogFields = NonNullable<LogEvent['log']['syslog']>;

function setSyslog<K extends keyof SyslogFields>(event: LogEvent, key: K, value: SyslogFields[K]): void {
  event.log.syslog ??= {};
  event.log.syslog[key] = value;
}

/** A PROCID that is a process id: 1 to 10 digits. */
function toPid(procid: string): number | undefined {
  if (procid.length > 10) return undefined;
  for (let i = 0; i < procid.length; i++) if (!isDigit(procid.charCodeAt(i))) return undefined;
  return Number(procid);
}

/** `min` to `max` digits at `start` → their value; -1 if fewer than `min`. */
function readNumber(line: string, start: number, min: number, max: number): number {
  let value = 0;
  let i = start;
  for (; i < start + max && isDigit(line.charCodeAt(i)); i++) value = value * 10 + line.charCodeAt(i) - 48;
  return i - start < min ? -1 : value;
}

function scanToken(line: string, start: number): number {
  let i = start;
  while (i < line.length && !isSpace(line.charCodeAt(i))) i++;
  return i;
}

function skipSpaces(line: string, start: number): number {
  let i = start;
  while (line.charCodeAt(i) === SPACE || line.charCodeAt(i) === TAB) i++;
  return i;
}

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
