/**
 * IBM QRadar LEEF: `LEEF:1.0|Vendor|Product|Version|EventID|<tab-separated key=value>` and
 * `LEEF:2.0|Vendor|Product|Version|EventID|Delimiter|<key=value separated by Delimiter>`. The
 * header and every attribute go under `leef`; LEEF's predefined attributes go to ECS, and so do
 * the CEF keys that LEEF senders reuse (Trend Micro's `act`, `suser`, `dvchost`, `msg`).
 *
 * Scanned with indexOf like CEF, for the same reason: no regex runs over the line.
 */
import { type LogEvent, type ParseContext, setField } from '../event.js';
import { baseEvent, type LineParser, type MessageParser } from '../parser.js';
import {
  applyCefField,
  asIp,
  asTime,
  CEF_EXTENSION_CLAIMS,
  cefFullName,
  copyTo,
  finishNetworkEvent,
  HEADER_SEARCH_WINDOW,
  monthOf,
  put,
  putHeader,
  readHeaderField,
  resolveZone,
  scanExtension,
  type TimeInputs,
  toCount,
  toMac,
  toPort,
  toTransport,
  wallClockIso,
  words,
} from './cef.js';

type Apply = ReturnType<typeof copyTo>;

/**
 * LEEF's predefined attributes (IBM's LEEF guide) and their ECS fields. The pre-NAT addresses
 * only stand in for `src`/`dst` when those are missing; post-NAT ones are ECS's `nat`. The
 * identity attributes describe the user's machine, so they fill `source` where nothing else did.
 */
const LEEF_MAPPING = new Map<string, Apply>([
  ['src', copyTo('source.ip', asIp)],
  ['dst', copyTo('destination.ip', asIp)],
  ['srcPort', copyTo('source.port', toPort)],
  ['dstPort', copyTo('destination.port', toPort)],
  ['srcPreNAT', copyTo('source.ip', asIp, true)],
  ['dstPreNAT', copyTo('destination.ip', asIp, true)],
  ['srcPreNATPort', copyTo('source.port', toPort, true)],
  ['dstPreNATPort', copyTo('destination.port', toPort, true)],
  ['srcPostNAT', copyTo('source.nat.ip', asIp)],
  ['dstPostNAT', copyTo('destination.nat.ip', asIp)],
  ['srcPostNATPort', copyTo('source.nat.port', toPort)],
  ['dstPostNATPort', copyTo('destination.nat.port', toPort)],
  ['srcMAC', copyTo('source.mac', toMac)],
  ['dstMAC', copyTo('destination.mac', toMac)],
  ['srcBytes', copyTo('source.bytes', toCount)],
  ['dstBytes', copyTo('destination.bytes', toCount)],
  ['srcPackets', copyTo('source.packets', toCount)],
  ['dstPackets', copyTo('destination.packets', toCount)],
  ['totalPackets', copyTo('network.packets', toCount)],
  ['proto', copyTo('network.transport', toTransport)],
  ['usrName', copyTo('user.name')],
  ['accountName', copyTo('user.name', undefined, true)],
  ['identSrc', copyTo('source.ip', asIp, true)],
  ['identHostName', copyTo('source.domain', undefined, true)],
  ['identMAC', copyTo('source.mac', toMac, true)],
  ['identGrpName', copyTo('group.name')],
  ['sev', copyTo('event.severity', leefSeverity)],
  ['url', copyTo('url.original')],
  ['policy', copyTo('rule.name')],
]);

/** LEEF's `sev`: 1 (lowest) to 10; 0 is taken too, as CEF senders converted to LEEF write it. */
function leefSeverity(text: string): number | undefined {
  const n = text.length <= 2 ? toCount(text) : undefined;
  return n !== undefined && n <= 10 ? n : undefined;
}

const LEEF_OWN_CLAIMS = words(`
  source.packets destination.packets network.packets user.name group.name event.severity event.code
  rule.name observer.vendor observer.product observer.version leef.version leef.delimiter
  leef.device.vendor leef.device.product leef.device.version leef.device.event_id
`);

const LEEF_CLAIMS: readonly string[] = [...new Set([...CEF_EXTENSION_CLAIMS, ...LEEF_OWN_CLAIMS])];

// ---------------------------------------------------------------------------------------------
// devTime with devTimeFormat: a Java SimpleDateFormat pattern (`MMM dd yyyy HH:mm:ss z`).

type PatternToken = { letter: string; count: number } | string;

const patterns = new Map<string, PatternToken[] | null>();
/** Patterns come from the line; the cache is bounded so a sender cannot grow it without end. */
const PATTERN_CACHE_SIZE = 64;

/** Splits a SimpleDateFormat pattern into runs of one letter and literal text (`'T'` quoted). */
function compilePattern(pattern: string): PatternToken[] | null {
  const tokens: PatternToken[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (c === "'") {
      const close = pattern.indexOf("'", i + 1);
      if (close < 0) return null;
      tokens.push(close === i + 1 ? "'" : pattern.slice(i + 1, close));
      i = close + 1;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i + 1;
      while (pattern[j] === c) j++;
      if ('yMdHkhKmsSaEzZX'.indexOf(c) < 0) return null;
      tokens.push({ letter: c, count: j - i });
      i = j;
    } else {
      tokens.push(c);
      i++;
    }
  }
  return tokens;
}

function compiled(pattern: string): PatternToken[] | null {
  if (pattern.length > 64) return null;
  let tokens = patterns.get(pattern);
  if (tokens === undefined) {
    if (patterns.size >= PATTERN_CACHE_SIZE) patterns.clear();
    tokens = compilePattern(pattern);
    patterns.set(pattern, tokens);
  }
  return tokens;
}

const isNumericField = (token: PatternToken | undefined) =>
  typeof token === 'object' && 'yMdHkhKmsS'.indexOf(token.letter) >= 0 && !(token.letter === 'M' && token.count >= 3);

/** `devTime` read with its `devTimeFormat`; undefined when the value does not fit the pattern. */
function parseWithPattern(value: string, pattern: string, t: TimeInputs): string | undefined {
  const tokens = compiled(pattern);
  if (!tokens || value.length > 64) return undefined;
  const wall = { year: undefined as number | undefined, month: 0, day: 1, hour: 0, minute: 0, second: 0, ms: 0 };
  let zone = t.zone;
  let pm: boolean | undefined;
  let i = 0;
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k] as PatternToken;
    if (typeof token === 'string') {
      for (const c of token) {
        if (c === ' ') {
          if (value[i] !== ' ') return undefined;
          while (value[i] === ' ') i++; // `Jan  5` pads the day with a space
        } else if (value[i++] !== c) return undefined;
      }
      continue;
    }
    const { letter, count } = token;
    if (isNumericField(token)) {
      // Adjacent numeric fields (`yyyyMMdd`) take exactly their width; others take what is there.
      const max = isNumericField(tokens[k + 1]) ? count : letter === 'S' ? 9 : letter === 'y' ? 4 : Math.max(count, 2);
      let j = i;
      while (j < value.length && j - i < max && value.charCodeAt(j) >= 48 && value.charCodeAt(j) <= 57) j++;
      if (j === i) return undefined;
      const digits = value.slice(i, j);
      const n = Number(digits);
      i = j;
      if (letter === 'y') wall.year = digits.length <= 2 ? 2000 + n : n;
      else if (letter === 'M') wall.month = n - 1;
      else if (letter === 'd') wall.day = n;
      else if (letter === 'H' || letter === 'k' || letter === 'h' || letter === 'K') wall.hour = letter === 'k' && n === 24 ? 0 : n;
      else if (letter === 'm') wall.minute = n;
      else if (letter === 's') wall.second = n;
      else wall.ms = Number(digits.slice(0, 3).padEnd(3, '0'));
      if (letter === 'h' || letter === 'K') pm ??= false;
      continue;
    }
    let j = i;
    const isZone = letter === 'z' || letter === 'Z' || letter === 'X';
    while (j < value.length && j - i < 40) {
      const c = value.charCodeAt(j);
      const letterChar = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
      const zoneChar = c === 43 || c === 45 || c === 58 || c === 47 || c === 95 || (c >= 48 && c <= 57);
      if (!letterChar && !(isZone && zoneChar)) break;
      j++;
    }
    if (j === i) return undefined;
    const word = value.slice(i, j);
    i = j;
    if (letter === 'M') {
      const month = monthOf(word);
      if (month === undefined) return undefined;
      wall.month = month;
    } else if (letter === 'a') pm = word.toUpperCase() === 'PM';
    else if (isZone) zone = resolveZone(word, t.zone);
  }
  if (i !== value.length) return undefined;
  if (pm !== undefined && wall.hour <= 12) wall.hour = (wall.hour % 12) + (pm ? 12 : 0);
  return wallClockIso(wall, zone, t.receivedAt);
}

// ---------------------------------------------------------------------------------------------
// Header and attributes.

/**
 * LEEF 2.0's delimiter field: one character, or its code in hex after `x` or `0x` (1-4 digits);
 * empty means tab. Undefined when the field is no delimiter: Trend Micro's LEEF 2.0 leaves the
 * field out and starts the attributes at once (`…|192|cat=System<tab>…`).
 */
function delimiterOf(field: string): string | undefined {
  if (field === '') return '\t';
  if (field.length === 1) return field === '=' ? undefined : field;
  const hex = /^0?x([0-9a-f]{1,4})$/i.exec(field);
  if (!hex) return undefined;
  const char = String.fromCharCode(Number.parseInt(hex[1] as string, 16));
  return char === '=' ? undefined : char;
}

/**
 * Every `key=value` of the attributes from `from` on, split at `delimiter`. With tab, rsyslog's
 * escape of it, `#011`, splits too. A piece without `=` continues the value before it (a value
 * that holds the delimiter). Attributes with no delimiter at all are split the CEF way, at ` key=`:
 * senders that write spaces for tabs are common, and one attribute parses the same either way.
 */
function scanAttributes(text: string, from: number, delimiter: string, each: (key: string, value: string) => void): void {
  const tab = delimiter === '\t';
  let nextDelimiter = text.indexOf(delimiter, from);
  let nextEscape = tab ? text.indexOf('#011', from) : -1;
  if (nextDelimiter < 0 && nextEscape < 0) {
    scanExtension(text, from, false, each);
    return;
  }
  let key: string | undefined;
  let value = '';
  let p = from;
  while (p <= text.length) {
    // Each search resumes past the last match, so the line is read once whatever its shape.
    if (nextDelimiter >= 0 && nextDelimiter < p) nextDelimiter = text.indexOf(delimiter, p);
    if (nextEscape >= 0 && nextEscape < p) nextEscape = text.indexOf('#011', p);
    const escapeFirst = nextEscape >= 0 && (nextDelimiter < 0 || nextEscape < nextDelimiter);
    const end = escapeFirst ? nextEscape : nextDelimiter >= 0 ? nextDelimiter : text.length;
    const piece = text.slice(p, end);
    const eq = piece.indexOf('=');
    const pieceKey = eq > 0 ? piece.slice(0, eq).trim() : '';
    if (pieceKey !== '') {
      if (key !== undefined) each(key, value.trim());
      key = pieceKey;
      value = piece.slice(eq + 1);
    } else if (key !== undefined && piece.trim() !== '') {
      value += delimiter + piece;
    }
    p = end + (escapeFirst ? 4 : delimiter.length);
  }
  if (key !== undefined) each(key, value.trim());
}

/** Parses the LEEF message whose version starts at `at` (just after `LEEF:`) into `event`. */
function parseLeefAt(event: LogEvent, text: string, at: number, ctx: ParseContext): boolean {
  const fields: string[] = [];
  let next = at;
  for (let i = 0; i < 4; i++) {
    const field = readHeaderField(text, next);
    if (!field) return false;
    fields.push(field.value);
    next = field.next;
  }
  const [rawVersion = '', vendor = '', product = '', productVersion = ''] = fields;
  const version = rawVersion.trim();
  if (version === '' || version.length > 8 || !/^\d/.test(version)) return false;
  let eventId: string;
  let attributesAt: number;
  const idField = readHeaderField(text, next);
  if (idField) {
    eventId = idField.value;
    attributesAt = idField.next;
  } else {
    // `LEEF:1.0|V|P|1.0|Login` with nothing after it.
    eventId = text.slice(next);
    if (eventId.indexOf('=') >= 0) return false;
    attributesAt = text.length;
  }
  let delimiter = '\t';
  let declared: string | undefined;
  if (version.startsWith('2')) {
    const field = readHeaderField(text, attributesAt);
    declared = field ? delimiterOf(field.value) : undefined;
    if (field && declared !== undefined) {
      delimiter = declared;
      attributesAt = field.next;
    }
  }

  const attributes: Record<string, string> = {};
  let count = 0;
  scanAttributes(text, attributesAt, delimiter, (key, value) => {
    if (value === '' || key === '__proto__') return;
    attributes[key] = value;
    count++;
  });

  const device: Record<string, string> = {};
  put(device, 'vendor', vendor);
  put(device, 'product', product);
  put(device, 'version', productVersion);
  put(device, 'event_id', eventId);
  const leef: Record<string, unknown> = { version, device };
  if (declared !== undefined) leef.delimiter = declared;
  if (count > 0) leef.extensions = attributes;
  event.leef = leef;
  putHeader(event, vendor, product, productVersion, eventId);

  const t: TimeInputs = { zone: ctx.timezone, receivedAt: ctx.receivedAt };
  for (const key in attributes) {
    const value = attributes[key] as string;
    if (key === 'devTime') {
      const format = attributes.devTimeFormat;
      setField(event, '@timestamp', (format && parseWithPattern(value, format, t)) || asTime(value, t));
      continue;
    }
    const apply = LEEF_MAPPING.get(key);
    if (apply) apply(event, value, t);
    else applyCefField(event, cefFullName(key), value, t);
  }
  finishNetworkEvent(event);
  return true;
}

/** Where the LEEF version starts in a syslog MSG, or -1. */
function findLeef(event: LogEvent, message: string): number {
  const at = message.indexOf('LEEF:');
  if (at >= 0 && at <= HEADER_SEARCH_WINDOW) return at + 5;
  // An RFC 3164 parser reads `LEEF:2.0|…` as the tag `LEEF` and the content `2.0|…`.
  const first = message.charCodeAt(message.charCodeAt(0) === 32 ? 1 : 0);
  return event.log.syslog?.appname === 'LEEF' && first >= 48 && first <= 57 ? 0 : -1;
}

/**
 * A line that is a LEEF event from its first character. Behind a syslog header it is the syslog
 * parser's line, which hands the MSG to `leefMessages`.
 *
 * @example
 * leefLines.parse('LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=10.0.1.8^dst=10.0.0.5^sev=5', ctx)
 * // event.source.ip = '10.0.1.8', event.destination.ip = '10.0.0.5', event.event.severity = 5
 */
export const leefLines: LineParser = {
  format: 'leef',
  claims: LEEF_CLAIMS,
  test(line) {
    const first = line.charCodeAt(5);
    return line.startsWith('LEEF:') && first >= 48 && first <= 57 && line.indexOf('|', 6) >= 0;
  },
  parse(line, ctx) {
    if (!line.startsWith('LEEF:')) return { ok: false, reason: 'not LEEF: the line does not start with LEEF:' };
    const event = baseEvent(line, ctx);
    if (!parseLeefAt(event, line, 5, ctx))
      return { ok: false, reason: 'not LEEF: the header needs a version, vendor, product, version and event id' };
    return { ok: true, event };
  },
};

/** A LEEF event inside a syslog MSG, after an optional prefix; fills the envelope's event. */
export const leefMessages: MessageParser = {
  name: 'leef',
  claims: LEEF_CLAIMS,
  parse(event, message, ctx) {
    const at = findLeef(event, message);
    return at >= 0 && parseLeefAt(event, message, at, ctx);
  },
};
