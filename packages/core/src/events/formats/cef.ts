/**
 * ArcSight CEF: `CEF:Version|Device Vendor|Device Product|Device Version|Signature ID|Name|Severity|Extension`.
 * Names follow Elastic's `decode_cef` processor, so a CEF event reads the same here and in an
 * Elastic stack: the header and every extension under `cef` (extensions by their full ArcSight
 * names), the standard extensions copied to ECS. LEEF borrows the extension dictionary and the
 * value helpers below, since LEEF senders reuse CEF's keys.
 *
 * Hand-written scanning with indexOf/charCodeAt, no regex over the line: every ingested line runs
 * through this, and a regex with nested quantifiers can backtrack for seconds on a hostile 64 KB
 * line. The few regexes below only see a timestamp already cut to at most 64 characters.
 */
import { addRelated, type LogEvent, type ParseContext, setField } from '../event.js';
import { baseEvent, type LineParser, type MessageParser } from '../parser.js';
import { inferYear, isValidZone, monthIndex, parseIsoTimestamp, wallClockToUtc } from '../time.js';

const TAB = 9;
const SPACE = 32;
const DOT = 46;
const COLON = 58;
const PIPE = 124;
const BACKSLASH = 92;
const ZERO = 48;
const NINE = 57;

/** A syslog MSG may carry a prefix (a timestamp, a host) before `CEF:`; one deeper in the text is prose. */
export const HEADER_SEARCH_WINDOW = 1024;

/** The words of a table written as text (the long lists below read better that way). */
export const words = (text: string) => text.trim().split(/\s+/);

// ---------------------------------------------------------------------------------------------
// Values: what may go into an ECS field of a given type (Elasticsearch rejects a bad `ip`).

const isDigit = (c: number) => c >= ZERO && c <= NINE;
const isHex = (c: number) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

function isIpv4(text: string, from: number, to: number): boolean {
  let dots = 0;
  let digits = 0;
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === DOT) {
      if (digits === 0 || ++dots > 3) return false;
      digits = 0;
      value = 0;
      continue;
    }
    // Leading zeros are refused, as Go's net.ParseIP and Node's net.isIP do: 010 reads as octal elsewhere.
    if (!isDigit(c) || (digits === 1 && value === 0)) return false;
    value = value * 10 + (c - ZERO);
    if (++digits > 3 || value > 255) return false;
  }
  return dots === 3 && digits > 0;
}

function isIpv6(text: string): boolean {
  let end = text.length;
  const zone = text.indexOf('%');
  if (zone >= 0) {
    if (zone === end - 1) return false;
    end = zone;
  }
  if (end < 2 || end > 45) return false;
  let groups = 0;
  let compressed = false;
  let i = 0;
  if (text.charCodeAt(0) === COLON) {
    if (text.charCodeAt(1) !== COLON) return false;
    compressed = true;
    i = 2;
  }
  while (i < end) {
    let j = i;
    while (j < end && isHex(text.charCodeAt(j))) j++;
    if (j < end && text.charCodeAt(j) === DOT) {
      // An embedded IPv4 address (`::ffff:192.0.2.1`) ends the address and counts as two groups.
      if (!isIpv4(text, i, end)) return false;
      groups += 2;
      break;
    }
    if (j === i || j - i > 4) return false;
    groups++;
    if (j === end) break;
    if (text.charCodeAt(j) !== COLON) return false;
    if (text.charCodeAt(j + 1) === COLON) {
      if (compressed) return false;
      compressed = true;
      i = j + 2;
    } else {
      i = j + 1;
      if (i === end) return false;
    }
  }
  return compressed ? groups < 8 : groups === 8;
}

/** An IPv4 or IPv6 address (with an optional `%zone`), as Elasticsearch's `ip` type takes it. */
function isIp(text: string): boolean {
  return text.indexOf(':') >= 0 ? isIpv6(text) : isIpv4(text, 0, text.length);
}

/** A non-negative integer written in decimal digits only (a count of bytes or packets), else undefined. */
export function toCount(text: string): number | undefined {
  if (text.length === 0 || text.length > 15) return undefined;
  for (let i = 0; i < text.length; i++) if (!isDigit(text.charCodeAt(i))) return undefined;
  return Number(text);
}

/** A TCP/UDP port, 0 to 65535, else undefined. */
export function toPort(text: string): number | undefined {
  const port = toCount(text);
  return port !== undefined && port <= 65535 ? port : undefined;
}

/** A MAC address (EUI-48 or EUI-64, any of `:`, `-`, `.` or no separator) in ECS form, `00-0C-29-EB-35-DE`. */
export function toMac(text: string): string | undefined {
  if (text.length < 12 || text.length > 23) return undefined;
  let hex = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isHex(c)) hex += text[i];
    else if (c !== COLON && c !== 45 && c !== DOT) return undefined;
  }
  if (hex.length !== 12 && hex.length !== 16) return undefined;
  const pairs: string[] = [];
  for (let i = 0; i < hex.length; i += 2) pairs.push(hex.slice(i, i + 2));
  return pairs.join('-').toUpperCase();
}

const IANA_PROTOCOLS = new Map([
  ['1', 'icmp'],
  ['2', 'igmp'],
  ['6', 'tcp'],
  ['17', 'udp'],
  ['47', 'gre'],
  ['50', 'esp'],
  ['51', 'ah'],
  ['58', 'ipv6-icmp'],
  ['132', 'sctp'],
]);
const TRANSPORTS = new Set(IANA_PROTOCOLS.values());

/**
 * ECS `network.transport`: a transport name lowercased, or an IANA protocol number named. Anything
 * else is refused (Elastic lowercases any value; `HTTP` in a transport field is a sender's mistake).
 */
export function toTransport(text: string): string | undefined {
  const lower = text.toLowerCase();
  return TRANSPORTS.has(lower) ? lower : IANA_PROTOCOLS.get(text);
}

type Outcome = 'success' | 'failure' | 'unknown';

/**
 * The words senders write for an outcome, by the one of ECS's three values each means. CEF's
 * `outcome` is free text: ArcSight's guide gives `success` and `failure`, its categorization
 * `/Success`, `/Failure` and `/Attempt` (tried, result not known), and products write `failed`,
 * `denied`, `Blocked`. Words that name an action rather than a result (`deny`, `allow`) are
 * `act`'s, not an outcome.
 */
const OUTCOME_WORDS = new Map<string, Outcome>([
  ...words('success succeeded successful ok allowed accepted permitted granted').map((w) => [w, 'success'] as const),
  ...words('failure failed fail denied rejected refused blocked').map((w) => [w, 'failure'] as const),
  ...words('unknown attempt').map((w) => [w, 'unknown'] as const),
]);

/** ECS `event.outcome` of an outcome word (any case, with ArcSight's leading `/` or not), else undefined. */
export function toOutcome(text: string): Outcome | undefined {
  return OUTCOME_WORDS.get((text.charCodeAt(0) === 47 ? text.slice(1) : text).toLowerCase());
}

/** ISO 8601 UTC of epoch milliseconds, undefined where `Date` would throw. */
export function isoFromMs(ms: number): string | undefined {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : undefined;
}

// ---------------------------------------------------------------------------------------------
// Device timestamps.

/** What a timestamp without its own zone or year is read against. */
export interface TimeInputs {
  zone: string | undefined;
  receivedAt: Date;
}

/**
 * A zone as written after a timestamp, in the form `wallClockToUtc` takes: `Z`/`UTC`/`GMT`, an
 * offset (`+0200`, `GMT-07:00`), an IANA name. An abbreviation such as `PST` names no single
 * offset, so the source's zone stands in for it, as for a timestamp without one.
 */
export function resolveZone(token: string, fallback: string | undefined): string | undefined {
  const upper = token.toUpperCase();
  if (upper === 'Z' || upper === 'UTC' || upper === 'GMT' || upper === 'UT') return 'UTC';
  const offset = /^(?:GMT|UTC)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(token);
  if (offset) return `${offset[1]}${(offset[2] as string).padStart(2, '0')}:${offset[3] ?? '00'}`;
  if (token.indexOf('/') > 0 && isValidZone(token)) return token;
  return fallback;
}

const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** `Mar`, `March` or `Sept` (any case) to 0…11; a word that merely starts like a month is refused. */
export function monthOf(name: string): number | undefined {
  const index = monthIndex(name);
  return index !== undefined && MONTH_NAMES[index]?.startsWith(name.toLowerCase()) ? index : undefined;
}

// ArcSight's layouts (`MMM dd [yyyy] HH:mm:ss[.SSS] [zzz]`, as Elastic lists them) and the day
// first (`31 March 2016 13:04:55`, Imperva SecureSphere). The input is cut to 64 characters first.
const MONTH_FIRST = /^([A-Za-z]{3,9})\.? +(\d{1,2}),?(?: +(\d{4}))? +(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?: +(\S{1,40}))?$/;
const DAY_FIRST = /^(\d{1,2}) +([A-Za-z]{3,9})\.?(?: +(\d{4}))? +(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?: +(\S{1,40}))?$/;

/** The instant of a wall-clock reading, or undefined when it is no date or the zone is unknown. */
export function wallClockIso(
  wall: { year: number | undefined; month: number; day: number; hour: number; minute: number; second: number; ms: number },
  zone: string | undefined,
  receivedAt: Date,
): string | undefined {
  if (wall.month > 11 || wall.day < 1 || wall.day > 31 || wall.hour > 23 || wall.minute > 59 || wall.second > 60) return undefined;
  try {
    const year = wall.year ?? inferYear(wall.month, wall.day, receivedAt, zone);
    return isoFromMs(wallClockToUtc({ ...wall, year }, zone));
  } catch {
    return undefined; // an unknown configured zone: the receive time stands
  }
}

/**
 * A CEF or LEEF device time: epoch milliseconds (the CEF guide's form), `MMM dd[ yyyy] HH:mm:ss[.SSS][ zone]`,
 * the day first, or ISO 8601. A missing year is the one that puts the time just before receipt.
 */
function parseDeviceTime(text: string, t: TimeInputs): string | undefined {
  const s = text.trim();
  if (s.length === 0 || s.length > 64) return undefined;
  const epoch = toCount(s);
  if (epoch !== undefined) return isoFromMs(epoch);
  const monthFirst = MONTH_FIRST.exec(s);
  const dayFirst = monthFirst ? null : DAY_FIRST.exec(s);
  const m = monthFirst ?? dayFirst;
  if (m) {
    const month = monthOf((monthFirst ? m[1] : m[2]) as string);
    if (month === undefined) return undefined;
    const zone = m[8] ? resolveZone(m[8], t.zone) : t.zone;
    const wall = {
      year: m[3] ? Number(m[3]) : undefined,
      month,
      day: Number(monthFirst ? m[2] : m[1]),
      hour: Number(m[4]),
      minute: Number(m[5]),
      second: Number(m[6]),
      ms: m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0,
    };
    return wallClockIso(wall, zone, t.receivedAt);
  }
  try {
    return parseIsoTimestamp(s, t.zone);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Header and extension scanning.

/** The text after `from` up to the next pipe not escaped by a backslash, and where the next field starts. */
export function readHeaderField(text: string, from: number): { value: string; next: number } | undefined {
  let pipe = text.indexOf('|', from);
  while (pipe >= 0) {
    let slashes = 0;
    for (let i = pipe - 1; i >= from && text.charCodeAt(i) === BACKSLASH; i--) slashes++;
    if (slashes % 2 === 0) break;
    pipe = text.indexOf('|', pipe + 1);
  }
  if (pipe < 0) return undefined;
  return { value: unescapeCef(text.slice(from, pipe), false), next: pipe + 1 };
}

/**
 * Undoes CEF escaping: `\\` and `\|` in the header; `\\`, `\=`, `\n` and `\r` in extension values.
 * Any other backslash stays as written (`fname=Root\ABC`), as ArcSight's own connectors read it.
 */
function unescapeCef(text: string, extension: boolean): string {
  let slash = text.indexOf('\\');
  if (slash < 0) return text;
  let out = '';
  let from = 0;
  while (slash >= 0 && slash < text.length - 1) {
    const next = text.charCodeAt(slash + 1);
    let replacement: string | undefined;
    if (next === BACKSLASH) replacement = '\\';
    else if (!extension && next === PIPE) replacement = '|';
    else if (extension && next === 61) replacement = '=';
    else if (extension && next === 110) replacement = '\n';
    else if (extension && next === 114) replacement = '\r';
    if (replacement === undefined) {
      slash = text.indexOf('\\', slash + 1);
      continue;
    }
    out += text.slice(from, slash) + replacement;
    from = slash + 2;
    slash = text.indexOf('\\', from);
  }
  return out + text.slice(from);
}

/** CEF allows alphanumerics in keys; `_ . , [ ]` are what senders write in practice (Elastic takes them too). */
const isKeyStart = (c: number) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isKeyChar = (c: number) => isKeyStart(c) || c === DOT || c === 44 || c === 91 || c === 93;
const isBlank = (c: number) => c === SPACE || c === TAB;

/**
 * Every `key=value` of a CEF extension from `from` on, in order. A value runs until the next
 * ` key=` (so it may hold spaces, pipes and an unescaped `=` inside a word), trimmed at both ends.
 * One pass: each `=` is found with indexOf and its key walked back over, never further back than
 * the previous `=`, so the cost stays linear however the line is built.
 */
export function scanExtension(text: string, from: number, unescapeValues: boolean, each: (key: string, value: string) => void): void {
  let key: string | undefined;
  let valueStart = 0;
  let floor = from;
  let eq = text.indexOf('=', from);
  while (eq >= 0) {
    let k = eq;
    while (k > floor && isKeyChar(text.charCodeAt(k - 1))) k--;
    if (k < eq && isKeyStart(text.charCodeAt(k)) && (k === from || isBlank(text.charCodeAt(k - 1)))) {
      if (key !== undefined) emit(text, key, valueStart, k, unescapeValues, each);
      key = text.slice(k, eq);
      valueStart = eq + 1;
    }
    floor = eq + 1;
    eq = text.indexOf('=', floor);
  }
  if (key !== undefined) emit(text, key, valueStart, text.length, unescapeValues, each);
}

function emit(text: string, key: string, start: number, end: number, unescapeValue: boolean, each: (key: string, value: string) => void) {
  while (start < end && isBlank(text.charCodeAt(start))) start++;
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  const raw = text.slice(start, end);
  each(key, unescapeValue ? unescapeCef(raw, true) : raw);
}

// ---------------------------------------------------------------------------------------------
// The extension dictionary (ArcSight CEF guide, revision 25) and its ECS mapping.

// short=full, from the guide's tables; catdt and mrt are not in them but common (Elastic lists them too).
const SHORT_NAMES = words(`
  agt=agentAddress ahost=agentHostName aid=agentId amac=agentMacAddress art=agentReceiptTime
  atz=agentTimeZone at=agentType av=agentVersion app=applicationProtocol cnt=baseEventCount in=bytesIn
  out=bytesOut dst=destinationAddress dlat=destinationGeoLatitude dlong=destinationGeoLongitude
  dhost=destinationHostName dmac=destinationMacAddress dntdom=destinationNtDomain dpt=destinationPort
  dpid=destinationProcessId dproc=destinationProcessName duid=destinationUserId
  duser=destinationUserName dpriv=destinationUserPrivileges act=deviceAction dvc=deviceAddress
  cat=deviceEventCategory dvchost=deviceHostName dvcmac=deviceMacAddress dvcpid=deviceProcessId
  rt=deviceReceiptTime dtz=deviceTimeZone end=endTime outcome=eventOutcome fname=filename
  fsize=fileSize msg=message request=requestUrl src=sourceAddress slat=sourceGeoLatitude
  slong=sourceGeoLongitude shost=sourceHostName smac=sourceMacAddress sntdom=sourceNtDomain
  spt=sourcePort spid=sourceProcessId sproc=sourceProcessName suid=sourceUserId suser=sourceUserName
  spriv=sourceUserPrivileges start=startTime proto=transportProtocol
  catdt=categoryDeviceType mrt=managerReceiptTime
`).map((pair) => pair.split('=') as [short: string, full: string]);

// The numbered custom fields: cs1…cs6 and cs1Label…, likewise cn, cfp, c6a.
const CUSTOM_FIELDS: [short: string, full: string, count: number][] = [
  ['cs', 'deviceCustomString', 6],
  ['cn', 'deviceCustomNumber', 3],
  ['cfp', 'deviceCustomFloatingPoint', 4],
  ['c6a', 'deviceCustomIPv6Address', 4],
];

// Full names that have no short form; a sender may write any full name as the key.
const LONG_ONLY = words(`
  agentDnsDomain agentNtDomain agentTranslatedAddress customerExternalID customerURI
  destinationDnsDomain destinationServiceName destinationTranslatedAddress destinationTranslatedPort
  deviceCustomDate1 deviceCustomDate2 deviceDirection deviceDnsDomain deviceExternalId deviceFacility
  deviceInboundInterface deviceNtDomain deviceOutboundInterface devicePayloadId deviceProcessName
  deviceTranslatedAddress eventId externalId fileCreateTime fileHash fileId fileModificationTime
  filePath filePermission fileType flexDate1 flexNumber1 flexNumber2 flexString1 flexString2
  oldFileHash oldFileName oldFilePath rawEvent reason requestClientApplication requestContext
  requestCookies requestMethod sourceDnsDomain sourceServiceName sourceTranslatedAddress
  sourceTranslatedPort categoryOutcome type
`);

const FULL_NAMES = new Map<string, string>();
const FULL_NAMES_LOWER = new Map<string, string>();
function addName(key: string, full: string) {
  FULL_NAMES.set(key, full);
  FULL_NAMES_LOWER.set(key.toLowerCase(), full);
  FULL_NAMES_LOWER.set(full.toLowerCase(), full);
}
for (const [short, full] of SHORT_NAMES) addName(short, full);
for (const [short, full, count] of CUSTOM_FIELDS) {
  for (let n = 1; n <= count; n++) {
    addName(`${short}${n}`, `${full}${n}`);
    addName(`${short}${n}Label`, `${full}${n}Label`);
  }
}
for (const full of LONG_ONLY) addName(full, full);
for (const label of ['deviceCustomDate1', 'deviceCustomDate2', 'flexDate1', 'flexNumber1', 'flexNumber2', 'flexString1', 'flexString2']) {
  addName(`${label}Label`, `${label}Label`);
}

/**
 * The full ArcSight name of an extension key (`src` → `sourceAddress`), matched without regard to
 * case as Elastic does; unknown keys (vendor extensions) stay as written. Elastic's table misspells
 * two (`DeviceCustomNumber2`, `Reason`); the guide's spelling is used here.
 */
export function cefFullName(key: string): string {
  return FULL_NAMES.get(key) ?? FULL_NAMES_LOWER.get(key.toLowerCase()) ?? key;
}

type Apply = (event: LogEvent, value: string, t: TimeInputs) => void;

/**
 * `setField` with the path split beforehand. The mapping tables split theirs once; `setField`
 * splits on every call, which made it a quarter of a CEF line's parse time.
 */
function setPath(target: object, parts: readonly string[], value: unknown): void {
  if (value === undefined || value === '') return;
  let obj = target as Record<string, unknown>;
  const last = parts.length - 1;
  for (let i = 0; i < last; i++) {
    const key = parts[i] as string;
    let next = obj[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      next = {};
      obj[key] = next;
    }
    obj = next as Record<string, unknown>;
  }
  obj[parts[last] as string] = value;
}

function hasPath(target: object, parts: readonly string[]): boolean {
  let value: unknown = target;
  for (const key of parts) {
    if (value === null || typeof value !== 'object') return false;
    value = (value as Record<string, unknown>)[key];
  }
  return value !== undefined;
}

/** Copies a converted value to `path`; `weak` leaves a value already there (a better key filled it). */
export function copyTo(path: string, convert: (value: string, t: TimeInputs) => unknown = (v) => v, weak = false): Apply {
  const parts = path.split('.');
  return (event, value, t) => {
    if (weak && hasPath(event, parts)) return;
    setPath(event, parts, convert(value, t));
  };
}

export const asIp = (v: string) => (isIp(v) ? v : undefined);
const asIpList = (v: string) => (isIp(v) ? [v] : undefined);
export const asTime = (v: string, t: TimeInputs) => parseDeviceTime(v, t);

const HASH_BY_LENGTH = new Map([
  [32, 'md5'],
  [40, 'sha1'],
  [64, 'sha256'],
]);

/** A file hash under its algorithm, told by its length (CEF's `fileHash` does not say which it is). */
const setFileHash: Apply = (event, value) => {
  let hex = true;
  for (let i = 0; i < value.length && hex; i++) hex = isHex(value.charCodeAt(i));
  const algorithm = hex ? HASH_BY_LENGTH.get(value.length) : undefined;
  if (algorithm) setField(event, `file.hash.${algorithm}`, value.toLowerCase());
  addRelated(event, 'hash', value);
};

/**
 * ECS targets by full extension name: Elastic's `ecsExtensionMapping` (keys.ecs.go) restricted to
 * fields of `LogEvent` (agent, geo, service and file-time fields stay in the extensions), with
 * these differences:
 * 1. `applicationProtocol` → `network.protocol`, lowercased as ECS asks (Elastic: `network.application`).
 * 2. `deviceExternalId` → `observer.name`: the guide calls it "a name that uniquely identifies the device".
 * 3. `reason` → `event.reason`; `fileHash` → `file.hash.*` by its length.
 * 4. `categoryOutcome` as Elastic's CEF ingest pipeline reads it.
 * 5. `eventId` and `devicePayloadId` stay out of `event.id`: secai keys the store by it, and a
 *    vendor's ids are not unique across its devices.
 */
const ECS_MAPPING = new Map<string, Apply>([
  ['sourceAddress', copyTo('source.ip', asIp)],
  ['sourcePort', copyTo('source.port', toPort)],
  ['sourceHostName', copyTo('source.domain')],
  ['sourceDnsDomain', copyTo('source.domain', undefined, true)],
  ['sourceMacAddress', copyTo('source.mac', toMac)],
  ['sourceUserName', copyTo('source.user.name')],
  ['sourceUserId', copyTo('source.user.id')],
  ['sourceTranslatedAddress', copyTo('source.nat.ip', asIp)],
  ['sourceTranslatedPort', copyTo('source.nat.port', toPort)],
  ['bytesIn', copyTo('source.bytes', toCount)],
  ['destinationAddress', copyTo('destination.ip', asIp)],
  ['destinationPort', copyTo('destination.port', toPort)],
  ['destinationHostName', copyTo('destination.domain')],
  ['destinationDnsDomain', copyTo('destination.domain', undefined, true)],
  ['destinationMacAddress', copyTo('destination.mac', toMac)],
  ['destinationUserName', copyTo('destination.user.name')],
  ['destinationUserId', copyTo('destination.user.id')],
  ['destinationTranslatedAddress', copyTo('destination.nat.ip', asIp)],
  ['destinationTranslatedPort', copyTo('destination.nat.port', toPort)],
  ['bytesOut', copyTo('destination.bytes', toCount)],
  ['transportProtocol', copyTo('network.transport', toTransport)],
  ['applicationProtocol', copyTo('network.protocol', (v) => v.toLowerCase())],
  ['deviceDirection', copyTo('network.direction', (v) => (v === '0' ? 'inbound' : v === '1' ? 'outbound' : undefined))],
  ['deviceAction', copyTo('event.action')],
  ['eventOutcome', copyTo('event.outcome', toOutcome)],
  ['categoryOutcome', copyTo('event.outcome', toOutcome, true)],
  ['deviceReceiptTime', copyTo('@timestamp', asTime)],
  ['startTime', copyTo('event.start', asTime)],
  ['endTime', copyTo('event.end', asTime)],
  ['agentReceiptTime', copyTo('event.created', asTime)],
  ['deviceTimeZone', copyTo('event.timezone', (v) => (isValidZone(v) ? v : undefined))],
  ['reason', copyTo('event.reason')],
  ['message', copyTo('message')],
  ['requestUrl', copyTo('url.original')],
  ['requestMethod', copyTo('http.request.method')],
  // Elastic's test: senders put non-URLs (`application/json`) in requestContext.
  ['requestContext', copyTo('http.request.referrer', (v) => (v.startsWith('http') ? v : undefined))],
  ['requestClientApplication', copyTo('user_agent.original')],
  ['filename', copyTo('file.name')],
  ['filePath', copyTo('file.path')],
  ['fileHash', setFileHash],
  ['deviceAddress', copyTo('observer.ip', asIpList)],
  ['deviceHostName', copyTo('observer.hostname')],
  ['deviceDnsDomain', copyTo('observer.hostname', undefined, true)],
  ['deviceExternalId', copyTo('observer.name')],
  ['deviceProcessName', copyTo('process.name')],
  ['deviceProcessId', copyTo('process.pid', toCount)],
]);

/** Copies one extension (by full name) to its ECS field, if it has one; true when it has. */
export function applyCefField(event: LogEvent, fullName: string, value: string, t: TimeInputs): boolean {
  const apply = ECS_MAPPING.get(fullName);
  apply?.(event, value, t);
  return apply !== undefined;
}

/** The ECS fields the extension mapping can fill (for the parsers' `claims`). */
export const CEF_EXTENSION_CLAIMS = words(`
  @timestamp message event.action event.outcome event.start event.end event.created event.timezone
  event.reason source.ip source.port source.domain source.mac source.bytes source.user.name
  source.user.id source.nat.ip source.nat.port destination.ip destination.port destination.domain
  destination.mac destination.bytes destination.user.name destination.user.id destination.nat.ip
  destination.nat.port network.transport network.protocol network.direction network.bytes url.original
  http.request.method http.request.referrer user_agent.original file.name file.path file.hash.md5
  file.hash.sha1 file.hash.sha256 observer.ip observer.hostname observer.name process.name process.pid
  related.ip related.user related.hosts related.hash
`);

/** The `related.*` lists from the fields filled, and `network.bytes` as ECS defines it (the sum of both directions). */
export function finishNetworkEvent(event: LogEvent): void {
  addRelated(event, 'ip', event.source?.ip, event.destination?.ip, event.source?.nat?.ip, event.destination?.nat?.ip);
  addRelated(event, 'user', event.source?.user?.name, event.destination?.user?.name, event.user?.name);
  addRelated(event, 'hosts', event.observer?.hostname, event.source?.domain, event.destination?.domain);
  const sent = event.source?.bytes;
  const received = event.destination?.bytes;
  if (sent !== undefined && received !== undefined && event.network?.bytes === undefined) setField(event, 'network.bytes', sent + received);
}

// ---------------------------------------------------------------------------------------------
// The parser.

const SEVERITY_WORDS = new Map([
  ['low', 0],
  ['medium', 4],
  ['high', 7],
  ['very-high', 9],
]);

/**
 * CEF severity as a number: 0-10 as written, or the guide's words mapped as Elastic maps them
 * (Low 0, Medium 4, High 7, Very-High 9). `Unknown` and anything else give none.
 */
function cefSeverity(text: string): number | undefined {
  const word = SEVERITY_WORDS.get(text.toLowerCase());
  if (word !== undefined) return word;
  const number = text.length <= 2 ? toCount(text) : undefined;
  return number !== undefined && number <= 10 ? number : undefined;
}

/** `"Host ID"` → `Host ID`: CyberArk quotes its labels. */
function labelText(label: string): string {
  return label.length >= 2 && label.startsWith('"') && label.endsWith('"') ? label.slice(1, -1) : label;
}

/**
 * Parses the CEF message whose version starts at `at` (just after `CEF:`) into `event`. Nothing is
 * written unless the seven header fields are there.
 */
function parseCefAt(event: LogEvent, text: string, at: number, ctx: ParseContext): boolean {
  let p = at;
  while (text.charCodeAt(p) === SPACE) p++; // `CEF: 0|` (Palo Alto, in Metron's samples)
  const versionStart = p;
  while (p - versionStart < 8 && (isDigit(text.charCodeAt(p)) || text.charCodeAt(p) === DOT)) p++;
  if (p === versionStart || text.charCodeAt(p) !== PIPE) return false;
  const version = text.slice(versionStart, p);
  const header: string[] = [];
  let next = p + 1;
  for (let i = 0; i < 5; i++) {
    const field = readHeaderField(text, next);
    if (!field) return false;
    header.push(field.value);
    next = field.next;
  }
  const [vendor = '', product = '', deviceVersion = '', signatureId = '', name = ''] = header;
  let severity: string;
  let extensionAt: number;
  const severityField = readHeaderField(text, next);
  if (severityField) {
    severity = severityField.value.trim();
    extensionAt = severityField.next;
  } else {
    // A header without the closing pipe (no extension follows); only a severity-like word is taken.
    severity = text.slice(next).trim();
    if (severity.length > 16 || severity.indexOf(' ') >= 0) return false;
    extensionAt = text.length;
  }

  const extensions: Record<string, string> = {};
  let count = 0;
  scanExtension(text, extensionAt, true, (key, value) => {
    if (value === '') return; // Elastic's decode_cef drops empty values (`dhost= duser=`)
    const full = cefFullName(key);
    if (full === '__proto__') return;
    extensions[full] = value;
    count++;
  });

  const device: Record<string, string> = {};
  put(device, 'vendor', vendor);
  put(device, 'product', product);
  put(device, 'version', deviceVersion);
  put(device, 'event_class_id', signatureId);
  const cef: Record<string, unknown> = { version, device };
  put(cef, 'name', name);
  put(cef, 'severity', severity);
  if (count > 0) cef.extensions = extensions;
  const labels = applyLabels(extensions);
  if (labels) cef.labels = labels;
  event.cef = cef;

  putHeader(event, vendor, product, deviceVersion, signatureId);
  if (name) event.message = name; // the extension's msg, when there is one, replaces it below
  const level = cefSeverity(severity);
  if (level !== undefined) event.event.severity = level;

  const dtz = extensions.deviceTimeZone;
  const t: TimeInputs = { zone: dtz && isValidZone(dtz) ? dtz : ctx.timezone, receivedAt: ctx.receivedAt };
  for (const key in extensions) applyCefField(event, key, extensions[key] as string, t);
  finishNetworkEvent(event);
  return true;
}

/** Sets `key` unless the value is empty, as `setField` would. */
export function put(target: Record<string, unknown>, key: string, value: string): void {
  if (value !== '') target[key] = value;
}

/** The header fields CEF and LEEF share: the device as the observer, the event class as event.code. */
export function putHeader(event: LogEvent, vendor: string, product: string, version: string, code: string): void {
  put(event.event, 'code', code);
  if (!vendor && !product && !version) return;
  event.observer ??= {};
  const observer = event.observer;
  put(observer, 'vendor', vendor);
  put(observer, 'product', product);
  put(observer, 'version', version);
}

/**
 * The custom fields by their labels (`cs1Label=Rule cs1=Allow` → `{ Rule: 'Allow' }`), for
 * `cef.labels`; the extensions keep value and label side by side, as Elastic's do.
 */
function applyLabels(extensions: Record<string, string>): Record<string, string> | undefined {
  let labels: Record<string, string> | undefined;
  for (const key in extensions) {
    if (!key.endsWith('Label')) continue;
    const base = key.slice(0, -5);
    if (!Object.hasOwn(extensions, base)) continue;
    const value = extensions[base] as string;
    const label = labelText(extensions[key] as string);
    if (label === '' || label === '__proto__') continue;
    labels ??= {};
    labels[label] = value;
  }
  return labels;
}

/** Where the CEF version starts in a syslog MSG, or -1. */
function findCef(event: LogEvent, message: string): number {
  const at = message.indexOf('CEF:');
  if (at >= 0 && at <= HEADER_SEARCH_WINDOW) return at + 4;
  // An RFC 3164 parser reads `CEF:0|…` as the tag `CEF` and the content `0|…`.
  return event.log.syslog?.appname === 'CEF' && isDigit(message.charCodeAt(message.charCodeAt(0) === SPACE ? 1 : 0)) ? 0 : -1;
}

const CEF_HEADER_CLAIMS = words(`
  observer.vendor observer.product observer.version event.code event.severity cef.version cef.name
  cef.severity cef.device.vendor cef.device.product cef.device.version cef.device.event_class_id
`);

const CEF_CLAIMS: readonly string[] = [...CEF_HEADER_CLAIMS, ...CEF_EXTENSION_CLAIMS];

/**
 * A line that is a CEF message from its first character (a CEF file, a TCP feed). A CEF message
 * behind a syslog header is the syslog parser's line; it hands the MSG to `cefMessages`.
 *
 * @example
 * cefLines.parse('CEF:0|Trend Micro|Deep Security Manager|1.2.3|600|User Signed In|3|src=10.52.116.160 suser=admin', ctx)
 * // event.source.ip = '10.52.116.160', event.source.user.name = 'admin', event.message = 'User Signed In'
 */
export const cefLines: LineParser = {
  format: 'cef',
  claims: CEF_CLAIMS,
  test(line) {
    return line.startsWith('CEF:') && isDigit(line.charCodeAt(line.charCodeAt(4) === SPACE ? 5 : 4)) && line.indexOf('|', 5) >= 0;
  },
  parse(line, ctx) {
    if (!line.startsWith('CEF:')) return { ok: false, reason: 'not CEF: the line does not start with CEF:' };
    const event = baseEvent(line, ctx);
    if (!parseCefAt(event, line, 4, ctx)) return { ok: false, reason: 'not CEF: the header needs a version and six pipe-separated fields' };
    return { ok: true, event };
  },
};

/** A CEF message inside a syslog MSG, after an optional prefix; fills the envelope's event. */
export const cefMessages: MessageParser = {
  name: 'cef',
  claims: CEF_CLAIMS,
  parse(event, message, ctx) {
    const at = findCef(event, message);
    return at >= 0 && parseCefAt(event, message, at, ctx);
  },
};
