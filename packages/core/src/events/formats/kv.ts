/**
 * key=value lines: `key=value key2="quoted \" value" key3='single'` (Fortinet, auditd, firewall
 * syslog). Every pair is kept under `kv.<key>`; the keys below also go to ECS. An auditd record
 * (`type=SYSCALL msg=audit(1604994496.155:92733): …`) is read as Elastic's auditd module reads it:
 * its time, its record type as the action, its process and user fields.
 *
 * Scanned with indexOf/charCodeAt, no regex over the line: a pattern like `(\w+)=("[^"]*"|\S+)`
 * repeated over a hostile 64 KB line costs far more than one pass, and never throwing is easier
 * to see in a loop.
 */
import { type LogEvent, type ParseContext, setField } from '../event.js';
import { baseEvent, type LineParser, type MessageParser } from '../parser.js';
import { parseIsoTimestamp } from '../time.js';
import {
  asIp,
  copyTo,
  finishNetworkEvent,
  isoFromMs,
  resolveZone,
  type TimeInputs,
  toCount,
  toOutcome,
  toPort,
  toTransport,
  words,
} from './cef.js';

/** One `key=value` as written: the value unquoted and unescaped, and whether it was quoted. */
export interface Pair {
  key: string;
  value: string;
  quoted: boolean;
}

const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const BACKSLASH = 92;

const isBlank = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
const isKeyStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
// auditd writes `old-auid`; dotted keys (`src.ip`) are common in appliance logs.
const isKeyChar = (c: number) => isKeyStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46;

/**
 * The `key=value` pairs of a line, at most `limit`. A key starts a word (after a blank, or right
 * after a closing quote); a quoted value ends at its unescaped closing quote, or runs to the end
 * of the line when it has none; an unquoted one ends at a blank. Words without `=` are skipped.
 */
/**
 * Pairs read per line: real records hold tens; a hostile line of 20,000 `a=` would otherwise cost
 * tens of milliseconds of objects. The rest of such a line stays in `log.original`.
 */
const MAX_PAIRS = 1_000;

export function scanPairs(text: string, limit = Number.POSITIVE_INFINITY): Pair[] {
  const pairs: Pair[] = [];
  let floor = 0;
  let afterQuote = -1;
  let eq = text.indexOf('=');
  while (eq >= 0 && pairs.length < limit) {
    let k = eq;
    while (k > floor && isKeyChar(text.charCodeAt(k - 1))) k--;
    const startsWord = k === 0 || isBlank(text.charCodeAt(k - 1)) || k === afterQuote;
    if (k === eq || !isKeyStart(text.charCodeAt(k)) || !startsWord) {
      floor = eq + 1;
      eq = text.indexOf('=', floor);
      continue;
    }
    const key = text.slice(k, eq);
    const quote = text.charCodeAt(eq + 1);
    let end: number;
    if (quote === DOUBLE_QUOTE || quote === SINGLE_QUOTE) {
      const close = closingQuote(text, eq + 2, quote);
      const raw = text.slice(eq + 2, close < 0 ? text.length : close);
      pairs.push({ key, value: unescapeQuoted(raw, quote), quoted: true });
      end = close < 0 ? text.length : close + 1;
      afterQuote = end;
    } else {
      end = eq + 1;
      while (end < text.length && !isBlank(text.charCodeAt(end))) end++;
      pairs.push({ key, value: text.slice(eq + 1, end), quoted: false });
    }
    floor = end;
    eq = text.indexOf('=', floor);
  }
  return pairs;
}

/** The index of the quote closing a value opened just before `from`, or -1 when it is left open. */
function closingQuote(text: string, from: number, quote: number): number {
  const char = String.fromCharCode(quote);
  let close = text.indexOf(char, from);
  while (close >= 0) {
    let slashes = 0;
    for (let i = close - 1; i >= from && text.charCodeAt(i) === BACKSLASH; i--) slashes++;
    if (slashes % 2 === 0) return close;
    close = text.indexOf(char, close + 1);
  }
  return -1;
}

/** `\"` (or `\'`) and `\\` inside a quoted value; other backslashes stay (`C:\Windows`). */
function unescapeQuoted(raw: string, quote: number): string {
  if (raw.indexOf('\\') < 0) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    const next = raw.charCodeAt(i + 1);
    if (c === BACKSLASH && (next === quote || next === BACKSLASH)) {
      out += raw[i + 1];
      i++;
    } else out += raw[i];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// ECS.

type Apply = ReturnType<typeof copyTo>;

/** Keys whose meaning is the same across the firewalls and daemons that write key=value. */
const COMMON_KEYS = new Map<string, Apply>();
const alias = (keys: string[], apply: Apply) => {
  for (const key of keys) COMMON_KEYS.set(key, apply);
};
alias(['src', 'srcip', 'src_ip'], copyTo('source.ip', asIp));
alias(['dst', 'dstip', 'dst_ip'], copyTo('destination.ip', asIp));
alias(['srcport', 'src_port', 'spt', 'sport'], copyTo('source.port', toPort));
alias(['dstport', 'dst_port', 'dpt', 'dport'], copyTo('destination.port', toPort));
alias(['proto', 'protocol'], copyTo('network.transport', toTransport));
alias(['action'], copyTo('event.action'));
alias(['user', 'usr', 'username'], copyTo('user.name'));
alias(['uid'], copyTo('user.id'));
alias(['pid'], copyTo('process.pid', toCount));
alias(['msg', 'message'], copyTo('message'));

const auditOutcome = (v: string) => (v === 'yes' ? 'success' : v === 'no' ? 'failure' : toOutcome(v));

/**
 * auditd's fields, as Elastic's auditd module maps them (filebeat/module/auditd/log/ingest/pipeline.yml),
 * plus `proctitle` → `process.command_line` and `success=yes|no` → `event.outcome`.
 */
const AUDITD_KEYS = new Map<string, Apply>([
  ['type', copyTo('event.action', (v) => v.toLowerCase())],
  ['acct', copyTo('user.name')],
  ['euid', copyTo('user.effective.id')],
  ['ppid', copyTo('process.parent.pid', toCount)],
  ['comm', copyTo('process.name')],
  ['exe', copyTo('process.executable')],
  ['cwd', copyTo('process.working_directory')],
  ['proctitle', copyTo('process.command_line')],
  ['res', copyTo('event.outcome', auditOutcome)],
  ['success', copyTo('event.outcome', auditOutcome)],
  ['addr', copyTo('source.ip', asIp)],
]);

/** auditd writes a string field in hex when it holds a blank, a quote or a control character. */
const AUDITD_HEX_KEYS = new Set(['acct', 'comm', 'exe', 'cwd', 'proctitle']);

const utf8 = new TextDecoder();

const hexDigit = (c: number) => (c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1);

/** An auditd hex-encoded value decoded (NULs between proctitle's arguments as spaces), else undefined. */
function decodeHex(text: string): string | undefined {
  if (text.length === 0 || text.length % 2 !== 0) return undefined;
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    const high = hexDigit(text.charCodeAt(2 * i));
    const low = hexDigit(text.charCodeAt(2 * i + 1));
    if (high < 0 || low < 0) return undefined;
    bytes[i] = high * 16 + low || 32;
  }
  return utf8.decode(bytes).trimEnd();
}

/** `audit(1604994496.155:92733):` → the record's time. */
function auditTime(value: string): string | undefined {
  const m = /^audit\((\d{1,12})(?:\.(\d{1,3}))?:\d{1,20}\):?$/.exec(value);
  return m ? isoFromMs(Number(m[1]) * 1000 + Number((m[2] ?? '0').padEnd(3, '0'))) : undefined;
}

/** auditd's placeholders for "no value". */
const isUnset = (value: string) => value === '?' || value === '(null)';

/** Fortinet's `date=2019-05-10 time=11:50:48` (with `tz="-0700"` when it sends one). */
function dateAndTime(kv: Record<string, string>, t: TimeInputs): string | undefined {
  const { date, time, tz } = kv;
  if (!date || !time || date.length !== 10 || time.length !== 8) return undefined;
  try {
    return parseIsoTimestamp(`${date}T${time}`, tz ? resolveZone(tz, t.zone) : t.zone);
  } catch {
    return undefined;
  }
}

/** Fills `event` from the pairs of a line or message; false (and nothing written) below two pairs. */
function fillKv(event: LogEvent, text: string, ctx: ParseContext): boolean {
  const pairs = scanPairs(text, MAX_PAIRS);
  if (pairs.length < 2) return false;
  const kv: Record<string, string> = {};
  const quoted = new Set<string>();
  let auditd = false;
  let auditAt: string | undefined;
  let inner: Pair[] = [];
  for (const { key, value, quoted: wasQuoted } of pairs) {
    if (key === '__proto__') continue;
    if (key === 'msg' && !wasQuoted && value.startsWith('audit(')) {
      auditd = true;
      auditAt = auditTime(value);
    }
    // auditd puts a user-space record's own fields inside msg='…' (op=, acct=, exe=, res=).
    if (key === 'msg' && wasQuoted && value.indexOf('=') > 0) inner = scanPairs(value, MAX_PAIRS);
    kv[key] = value;
    if (wasQuoted) quoted.add(key);
    else quoted.delete(key);
  }
  if (auditd) {
    for (const pair of inner) {
      if (pair.key === '__proto__' || Object.hasOwn(kv, pair.key)) continue;
      kv[pair.key] = pair.value;
      if (pair.quoted) quoted.add(pair.key);
    }
  }
  event.kv = kv;

  const t: TimeInputs = { zone: ctx.timezone, receivedAt: ctx.receivedAt };
  for (const key in kv) {
    let value = kv[key] as string;
    if (isUnset(value)) continue;
    if (auditd) {
      if (key === 'msg') continue; // the record header, or the fields already read from it
      if (!quoted.has(key) && AUDITD_HEX_KEYS.has(key)) value = decodeHex(value) ?? value;
      const apply = AUDITD_KEYS.get(key);
      if (apply) {
        apply(event, value, t);
        continue;
      }
    }
    COMMON_KEYS.get(key)?.(event, value, t);
  }
  if (auditd) {
    setField(event, '@timestamp', auditAt);
    if (kv.type === 'EXECVE') setExecveArgs(event, kv, quoted);
  } else {
    setField(event, '@timestamp', dateAndTime(kv, t));
  }
  finishNetworkEvent(event);
  return true;
}

/** An EXECVE record's `argc=3 a0="grep" a1="-v" a2=5E3F` as `process.args` and `process.command_line`. */
function setExecveArgs(event: LogEvent, kv: Record<string, string>, quoted: Set<string>): void {
  const argc = toCount(kv.argc ?? '') ?? 0;
  const args: string[] = [];
  for (let i = 0; i < argc; i++) {
    const key = `a${i}`;
    const value = kv[key];
    if (value === undefined) break; // a truncated record
    args.push(quoted.has(key) ? value : (decodeHex(value) ?? value));
  }
  if (args.length === 0) return;
  setField(event, 'process.args', args);
  setField(event, 'process.command_line', args.join(' '));
}

const KV_CLAIMS: readonly string[] = words(`
  @timestamp message event.action event.outcome source.ip source.port destination.ip destination.port
  network.transport user.name user.id user.effective.id process.pid process.parent.pid process.name
  process.executable process.working_directory process.command_line process.args related.ip
  related.user
`);

/**
 * A line of key=value pairs, two at least: one `=` in free text (`x=1 is wrong`) is not the format.
 *
 * @example
 * kvLines.parse('srcip=10.0.0.1 dstip=10.0.0.2 dstport=443 action="deny"', ctx)
 * // event.source.ip = '10.0.0.1', event.destination.port = 443, event.kv.action = 'deny'
 */
export const kvLines: LineParser = {
  format: 'kv',
  claims: KV_CLAIMS,
  test(line) {
    return scanPairs(line, 2).length >= 2;
  },
  parse(line, ctx) {
    const event = baseEvent(line, ctx);
    return fillKv(event, line, ctx) ? { ok: true, event } : { ok: false, reason: 'not key=value: fewer than two key=value pairs' };
  },
};

/** key=value pairs inside a syslog MSG; fills the envelope's event. */
export const kvMessages: MessageParser = {
  name: 'kv',
  claims: KV_CLAIMS,
  parse(event, message, ctx) {
    return fillKv(event, message, ctx);
  },
};
