/**
 * Apache and nginx access logs: the common, combined and vhost-combined forms, nginx's
 * X-Forwarded-For address lists, and Apache's `ssl_request_log`. Fields as Elastic's apache and
 * nginx access pipelines set them, apart from the differences named where they are made.
 *
 *     [vhost[:port]] client[, proxy…] ident user [dd/Mon/yyyy:hh:mm:ss +zzzz] "METHOD /path?q HTTP/1.1" status bytes ["referrer" "user-agent"] [extras]
 *     [dd/Mon/yyyy:hh:mm:ss +zzzz] client TLSv1.2 CIPHER "METHOD /path HTTP/1.1" bytes
 *
 * A hand-written scanner (indexOf and charCodeAt, every step forward), not one regex: it runs on
 * every line a collector receives, and the natural regex, a `"(.*?)"` per quoted field with
 * optional groups between them, backtracks over the rest of the line for each quote it tries, so
 * a hostile 64 KB line of quotes takes seconds; the scanner reads each character a bounded
 * number of times and stays under a millisecond (access.test.ts measures it).
 */
import { isIP as netIsIP } from 'node:net';
import { addRelated, type LogEvent, type ParseContext, type ParseOutcome, setField } from '../event.js';
import { baseEvent, type LineParser } from '../parser.js';
import { formatOffset, monthIndex, wallClockToUtc } from '../time.js';

const ACCESS_CLAIMS = [
  '@timestamp',
  'event.kind',
  'event.category',
  'event.type',
  'event.outcome',
  'event.timezone',
  'source.address',
  'source.ip',
  'source.domain',
  'user.name',
  'destination.domain',
  'destination.ip',
  'destination.port',
  'http.request.method',
  'http.request.referrer',
  'http.version',
  'http.response.status_code',
  'http.response.body.bytes',
  'url.original',
  'url.scheme',
  'url.domain',
  'url.port',
  'url.path',
  'url.query',
  'url.extension',
  'user_agent.original',
  'tls.cipher',
  'tls.version',
  'tls.version_protocol',
  'nginx.access.remote_ip_list',
  'related.ip',
  'related.user',
  'related.hosts',
] as const;

/**
 * Access log lines to events.
 *
 * @example
 * accessLines.parse('::1 - - [26/Dec/2016:16:16:29 +0200] "GET /favicon.ico HTTP/1.1" 404 209', ctx)
 * // event: source.ip '::1', @timestamp '2016-12-26T14:16:29.000Z', url.extension 'ico', event.outcome 'failure'
 */
export const accessLines: LineParser = {
  format: 'access',
  claims: ACCESS_CLAIMS,
  test: (line) => findTimestamp(line, lineEnd(line)) !== undefined,
  parse: parseAccess,
};

/**
 * An HTTP date as access logs write it (`26/Dec/2016:16:16:29 +0200`, the offset optional, then
 * in `zone`) to ISO UTC; undefined if it is not one. custom.ts reads `HTTPDATE` captures with it.
 */
export function parseHttpDate(text: string, zone?: string): string | undefined {
  const date = readHttpDate(text, 0, text.length);
  if (!date || date.end !== text.length) return undefined;
  const ms = toUtc(date, zone);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

const SPACE = 0x20;
const TAB = 0x09;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const DASH = 0x2d;

type Reject = { ok: false; reason: string };
const reject = (reason: string): Reject => ({ ok: false, reason });

function parseAccess(line: string, ctx: ParseContext): ParseOutcome {
  const end = lineEnd(line);
  const ts = findTimestamp(line, end);
  if (!ts) return reject('no [dd/Mon/yyyy:hh:mm:ss +zzzz] timestamp');
  const ms = toUtc(ts.date, ctx.timezone);
  if (Number.isNaN(ms)) return reject('the timestamp is not a date');
  const event = baseEvent(line, ctx);
  event['@timestamp'] = new Date(ms).toISOString();
  const zone = ts.date.offset === undefined ? ctx.timezone : formatOffset(ts.date.offset);
  if (zone) event.event.timezone = zone;

  const outcome = ts.open === 0 ? readSslRequestLine(line, ts.close + 1, end, event) : readAccessLine(line, ts, end, event);
  if (outcome) return outcome;

  event.event.category = ['web'];
  event.event.type = ['access'];
  const status = event.http?.response?.status_code;
  if (status !== undefined) event.event.outcome = status < 400 ? 'success' : 'failure';
  addRelated(event, 'ip', event.source?.ip, event.destination?.ip);
  addRelated(event, 'user', event.user?.name);
  addRelated(event, 'hosts', event.source?.domain, event.destination?.domain);
  return { ok: true, event };
}

/** The common, combined and vhost forms; a reason when the line is not one, else undefined. */
function readAccessLine(line: string, ts: Timestamp, end: number, event: LogEvent): Reject | undefined {
  const prefix = readPrefix(line, ts.open - 1);
  if (typeof prefix === 'string') return reject(prefix);
  if (prefix.vhost) setVhost(event, prefix.vhost);
  setClient(event, prefix.clients);
  setField(event, 'user.name', placeholder(prefix.user));

  // ` "request" status bytes`
  let i = ts.close + 1;
  if (line.charCodeAt(i) !== SPACE || line.charCodeAt(i + 1) !== QUOTE) return reject('no quoted request after the timestamp');
  const requestEnd = closingQuote(line, i + 2, end, followedByStatus);
  if (requestEnd < 0) return reject('no status code after the request');
  readRequest(event, unescapeQuoted(line.slice(i + 2, requestEnd)));
  i = requestEnd + 2;
  setField(event, 'http.response.status_code', Number(line.slice(i, i + 3)));
  i += 3;
  if (i < end) {
    if (line.charCodeAt(i) !== SPACE) return reject('no response size after the status code');
    const bytesEnd = tokenEnd(line, i + 1, end);
    const bytes = line.slice(i + 1, bytesEnd);
    if (bytes !== '-' && !isDigits(bytes)) return reject('the response size is not a number');
    if (bytes !== '-') setField(event, 'http.response.body.bytes', Number(bytes));
    i = bytesEnd;
  }

  // ` "referrer" "user-agent"` (combined), then whatever nginx's format adds: left in log.original.
  const referrer = quotedField(line, i, end);
  if (!referrer) return undefined;
  setField(event, 'http.request.referrer', placeholder(referrer.value));
  const agent = quotedField(line, referrer.next, end);
  if (agent) setField(event, 'user_agent.original', placeholder(agent.value));
  return undefined;
}

/** Apache's `ssl_request_log`: `[time] client protocol cipher "request" bytes`. */
function readSslRequestLine(line: string, from: number, end: number, event: LogEvent): Reject | undefined {
  const fields: string[] = [];
  let i = from;
  while (fields.length < 3) {
    if (line.charCodeAt(i) !== SPACE) return reject('not an SSL request line: client, protocol and cipher expected');
    const next = tokenEnd(line, i + 1, end);
    fields.push(line.slice(i + 1, next));
    i = next;
  }
  const [client = '', protocol = '', cipher = ''] = fields;
  if (!isClientAddress(client)) return reject('no client address after the timestamp');
  if (line.charCodeAt(i) !== SPACE || line.charCodeAt(i + 1) !== QUOTE) return reject('no quoted request after the cipher');
  const requestEnd = closingQuote(line, i + 2, end, followedByToken);
  if (requestEnd < 0) return reject('the quoted request is not closed');
  setClient(event, [client]);
  readRequest(event, unescapeQuoted(line.slice(i + 2, requestEnd)));
  const bytes = line.slice(requestEnd + 2, tokenEnd(line, requestEnd + 2, end));
  if (isDigits(bytes)) setField(event, 'http.response.body.bytes', Number(bytes));
  setField(event, 'tls.cipher', placeholder(cipher));
  // `TLSv1.2` → tls 1.2, `SSLv3` → ssl 3.0, as Elastic's pipeline splits it.
  const parts = protocol.toLowerCase().split('v');
  if (parts.length === 2 && parts[0] && parts[1]) {
    setField(event, 'tls.version_protocol', parts[0]);
    setField(event, 'tls.version', parts[1].includes('.') ? parts[1] : `${parts[1]}.0`);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Timestamp

interface HttpDate {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  /** Minutes east of UTC, when the line gives it. */
  offset: number | undefined;
  /** Index just after the date. */
  end: number;
}

interface Timestamp {
  /** Index of `[` and of `]`. */
  open: number;
  close: number;
  date: HttpDate;
}

/** The first `[dd/Mon/yyyy:hh:mm:ss ±zzzz]` at the start of the line or after a space. */
function findTimestamp(line: string, end: number): Timestamp | undefined {
  let open = line.indexOf('[');
  while (open >= 0 && open < end) {
    if (open === 0 || line.charCodeAt(open - 1) === SPACE) {
      const date = readHttpDate(line, open + 1, end);
      if (date && line.charCodeAt(date.end) === CLOSE_BRACKET) return { open, close: date.end, date };
    }
    open = line.indexOf('[', open + 1);
  }
  return undefined;
}

/** `dd/Mon/yyyy:hh:mm:ss[.fff][ ±hhmm]` at `i`; each call reads at most 40 characters. */
function readHttpDate(s: string, i: number, end: number): HttpDate | undefined {
  if (i + 20 > end) return undefined;
  if (s.charCodeAt(i + 2) !== 0x2f || s.charCodeAt(i + 6) !== 0x2f || s.charCodeAt(i + 11) !== 0x3a) return undefined;
  if (s.charCodeAt(i + 14) !== 0x3a || s.charCodeAt(i + 17) !== 0x3a) return undefined;
  const name = s.slice(i + 3, i + 6);
  const month = /^[A-Za-z]{3}$/.test(name) ? monthIndex(name) : undefined;
  const day = digits(s, i, 2);
  const year = digits(s, i + 7, 4);
  const hour = digits(s, i + 12, 2);
  const minute = digits(s, i + 15, 2);
  const second = digits(s, i + 18, 2);
  if (month === undefined) return undefined;
  if (day < 1 || day > 31 || year < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
    return undefined;
  }
  let j = i + 20;
  let ms = 0;
  if (s.charCodeAt(j) === 0x2e || s.charCodeAt(j) === 0x2c) {
    let k = j + 1;
    while (k < end && k < j + 10 && isDigit(s.charCodeAt(k))) k++;
    if (k === j + 1) return undefined;
    ms = Number(s.slice(j + 1, Math.min(k, j + 4)).padEnd(3, '0'));
    j = k;
  }
  let offset: number | undefined;
  const sign = s.charCodeAt(j + 1);
  if (s.charCodeAt(j) === SPACE && (sign === 0x2b || sign === DASH)) {
    const colon = s.charCodeAt(j + 4) === 0x3a ? 1 : 0;
    const hh = digits(s, j + 2, 2);
    const mm = digits(s, j + 4 + colon, 2);
    if (hh < 0 || mm < 0 || hh > 23 || mm > 59) return undefined;
    offset = (sign === DASH ? -1 : 1) * (hh * 60 + mm);
    j += 6 + colon;
  }
  // 31/Feb is not a date: Date.UTC would roll it into March.
  if (new Date(Date.UTC(year, month, day)).getUTCDate() !== day) return undefined;
  return { year, month, day, hour, minute, second, ms, offset, end: j };
}

function toUtc(date: HttpDate, zone: string | undefined): number {
  if (date.offset !== undefined) {
    return Date.UTC(date.year, date.month, date.day, date.hour, date.minute, date.second, date.ms) - date.offset * 60_000;
  }
  try {
    return wallClockToUtc(date, zone);
  } catch {
    return Number.NaN; // an unknown zone in the source's settings
  }
}

// ---------------------------------------------------------------------------------------------
// Before the timestamp: vhost, client addresses, ident, user

interface Prefix {
  vhost: string | undefined;
  clients: string[];
  user: string;
}

/**
 * `[vhost[:port]] client[, proxy…] ident user ` up to `limit` (the space before `[`). The last two
 * tokens are ident and user; before them, a first token that is not part of a list (no comma, no
 * quote) and is followed by more is the vhost, as Elastic's nginx pattern reads it
 * (`(%{NGINX_HOST} )?`); the rest is the client address list, entries separated by commas,
 * spaces and quotes (`"10.5.102.222, 199.96.1.1" 10.2.1.185`). Read by index, each entry checked
 * by its characters: a 64 KB line of 30,000 tokens costs a few milliseconds.
 */
function readPrefix(line: string, limit: number): Prefix | string {
  const user = lastToken(line, limit);
  const ident = lastToken(line, user.start);
  if (user.start === user.end || ident.start === ident.end) return 'no client, ident and user before the timestamp';
  let from = 0;
  while (isBlank(line.charCodeAt(from))) from++;
  const firstEnd = tokenEnd(line, from, ident.start);
  const first = line.slice(from, firstEnd);
  let vhost: string | undefined;
  if (!first.includes(',') && line.charCodeAt(from) !== QUOTE && lastToken(line, ident.start).start > from) {
    if (!isVhost(first)) return `"${first.slice(0, 64)}" is not a virtual host`;
    vhost = first;
    from = firstEnd;
  }
  const clients: string[] = [];
  for (let i = from; i < ident.start; ) {
    while (i < ident.start && isSeparator(line.charCodeAt(i))) i++;
    let j = i;
    while (j < ident.start && !isSeparator(line.charCodeAt(j))) j++;
    if (j === i) break;
    const entry = line.slice(i, j);
    if (!isClientAddress(entry)) return `"${entry.slice(0, 64)}" is not a client address`;
    clients.push(entry);
    i = j;
  }
  if (clients.length === 0) return 'no client address before the timestamp';
  return { vhost, clients, user: line.slice(user.start, user.end) };
}

/** The last space-separated token before `limit`. */
function lastToken(line: string, limit: number): { start: number; end: number } {
  let end = limit;
  while (end > 0 && isBlank(line.charCodeAt(end - 1))) end--;
  let start = end;
  while (start > 0 && !isBlank(line.charCodeAt(start - 1))) start--;
  return { start, end };
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

/** What separates the entries of an address list: `, `, spaces, the quotes around `$http_x_forwarded_for`. */
function isSeparator(c: number): boolean {
  return c === SPACE || c === TAB || c === 0x2c || c === QUOTE;
}

/** `host`, `host:port`, `1.2.3.4[:port]`, `[v6]:port` or a bare IPv6 address. */
function splitHostPort(token: string): { host: string; port: number | undefined } {
  if (isIP(token)) return { host: token, port: undefined };
  if (token.charCodeAt(0) === OPEN_BRACKET) {
    const close = token.indexOf(']');
    const port = token.slice(close + 2);
    return { host: token.slice(1, close), port: token.charCodeAt(close + 1) === 0x3a && isDigits(port) ? Number(port) : undefined };
  }
  const colon = token.lastIndexOf(':');
  const port = token.slice(colon + 1);
  if (colon > 0 && isDigits(port) && port.length <= 5) return { host: token.slice(0, colon), port: Number(port) };
  return { host: token, port: undefined };
}

function isVhost(token: string): boolean {
  const { host } = splitHostPort(token);
  // nginx's catch-all server name `_` included; Elastic's pattern takes any run without , : or space.
  return host !== '' && (isIP(host) !== 0 || /^[A-Za-z0-9._-]+$/.test(host));
}

function setVhost(event: LogEvent, token: string): void {
  const { host, port } = splitHostPort(token);
  if (isIP(host)) setField(event, 'destination.ip', host);
  else {
    setField(event, 'destination.domain', host);
    setField(event, 'url.domain', host);
  }
  setField(event, 'destination.port', port);
}

/**
 * An entry of the client list: an address, a host name (`unknown` and `-` included), nginx's
 * `unix:` for a socket peer. Checked by its characters, and by `net.isIP` only when it holds a
 * colon: `22:14:15`, a syslog time, is no client.
 */
function isClientAddress(entry: string): boolean {
  if (entry === 'unix:') return true;
  let colon = false;
  for (let i = 0; i < entry.length; i++) {
    const c = entry.charCodeAt(i);
    if (c === 0x3a) colon = true;
    else if (!(isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2e || c === DASH || c === 0x5f || c === 0x25))
      return false;
  }
  return colon ? isIP(entry) !== 0 : true;
}

function isHostname(text: string): boolean {
  return (
    text.length <= 253 &&
    /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/.test(text)
  );
}

/**
 * The client of an address list (nginx logging `$http_x_forwarded_for $remote_addr`), as Elastic's
 * pipeline picks it: the leftmost address that is not internal, else the leftmost entry. Behind a
 * CDN that is the visitor (`"10.5.102.222, 199.96.1.1, 204.246.1.1" 10.2.1.185` → 199.96.1.1,
 * where the rightmost public address is the CDN's edge), but the left end is whatever the client
 * put in its X-Forwarded-For header: a rule that must not be fooled by it reads the whole list in
 * `nginx.access.remote_ip_list` (kept as Elastic keeps it), whose right end our proxies wrote.
 * Unlike Elastic's, only IP addresses are candidates (`unknown, 1.2.3.4` → 1.2.3.4, Elastic:
 * `unknown`) and internal also means link-local, CGNAT and IPv6 loopback, ULA and link-local.
 */
function setClient(event: LogEvent, clients: string[]): void {
  let chosen = clients[0];
  if (clients.length > 1) {
    setField(event, 'nginx.access.remote_ip_list', clients);
    chosen =
      clients.find((entry) => (isDigit(entry.charCodeAt(0)) || entry.includes(':')) && isIP(entry) && !isInternalIp(entry)) ?? chosen;
  }
  if (!chosen || chosen === '-') return;
  setField(event, 'source.address', chosen);
  if (isIP(chosen)) setField(event, 'source.ip', chosen);
  else if (isHostname(chosen)) setField(event, 'source.domain', chosen);
}

/** RFC 1918, loopback, link-local, CGNAT (100.64/10); IPv6 loopback, ULA (fc00::/7), link-local. */
function isInternalIp(ip: string): boolean {
  if (isIP(ip) === 4) {
    const [a = 0, b = 0] = ip.split('.').map(Number);
    return (
      a === 10 ||
      a === 127 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  const lower = ip.toLowerCase();
  return lower === '::1' || /^f[cd][0-9a-f]{0,2}:/.test(lower) || /^fe[89ab][0-9a-f]?:/.test(lower);
}

// ---------------------------------------------------------------------------------------------
// The request line and its URL

/**
 * `METHOD target HTTP/x.y`. Anything else (`-`, an empty request, `hello`, the `\x16\x03…` of a
 * TLS handshake sent to a plain-HTTP port) leaves the request fields unset; the line still parses,
 * since its client and status say who probed the server and how it answered.
 */
function readRequest(event: LogEvent, request: string): void {
  const first = request.indexOf(' ');
  const last = request.lastIndexOf(' ');
  if (first <= 0 || last === first) return;
  const method = request.slice(0, first);
  const protocol = request.slice(last + 1);
  const target = request.slice(first + 1, last);
  if (!/^\w+$/.test(method) || !/^HTTP\/[0-9][0-9.]*$/.test(protocol) || target === '') return;
  // The method keeps its case, as ECS 8 asks; Elastic's nginx pipeline (ECS 1.12) lowercases it.
  setField(event, 'http.request.method', method);
  setField(event, 'http.version', protocol.slice(5));
  setUrl(event, target);
}

/**
 * `url.*` from a request target, as Elastic's `uri_parts` splits it: path and query
 * percent-decoded, extension from the last path segment. Where `uri_parts` gives up (a target
 * that is not a valid URI: a raw space, `%zz`, a `{`) Elastic sets no `url` field at all; here
 * `url.original` is always kept and a sequence that does not decode stays as written, because a
 * malformed target is exactly what an attack looks like.
 */
function setUrl(event: LogEvent, target: string): void {
  setField(event, 'url.original', target);
  let rest = target;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(target);
  if (scheme) {
    // absolute-form (a proxy request): the authority, without any user:password@ in it.
    const from = (scheme[0] as string).length;
    let to = from;
    while (to < target.length && !'/?#'.includes(target.charAt(to))) to++;
    const authority = target.slice(from, to);
    const { host, port } = splitHostPort(authority.slice(authority.lastIndexOf('@') + 1));
    setField(event, 'url.scheme', (scheme[1] as string).toLowerCase());
    setField(event, 'url.domain', host);
    setField(event, 'url.port', port);
    rest = target.slice(to);
  } else if (target.charCodeAt(0) !== 0x2f) {
    // authority-form (`CONNECT host:443`) or `*`.
    const { host, port } = splitHostPort(target);
    if (port !== undefined && /^[A-Za-z0-9.-]+$|^[0-9a-fA-F:.]+$/.test(host)) {
      setField(event, 'url.domain', host);
      setField(event, 'url.port', port);
    }
    return;
  }
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const question = rest.indexOf('?');
  const path = decode(question >= 0 ? rest.slice(0, question) : rest);
  setField(event, 'url.path', path);
  if (question >= 0) setField(event, 'url.query', decode(rest.slice(question + 1)));
  const segment = path.slice(path.lastIndexOf('/') + 1);
  const dot = segment.lastIndexOf('.');
  if (dot >= 0) setField(event, 'url.extension', segment.slice(dot + 1));
}

/**
 * Percent-decoding as UTF-8, where an escape that is not part of a valid UTF-8 sequence (`%zz`, a
 * lone `%e0`) stays as written rather than failing the whole text as decodeURIComponent does.
 * One pass, no exceptions: a 64 KB target of broken escapes costs what a clean one does.
 */
function decode(text: string): string {
  if (!text.includes('%')) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const percent = text.indexOf('%', i);
    if (percent < 0) break;
    out += text.slice(i, percent);
    // The run of %XX escapes from here, as bytes.
    const bytes: number[] = [];
    let j = percent;
    while (text.charCodeAt(j) === 0x25 && isHex(text.charCodeAt(j + 1)) && isHex(text.charCodeAt(j + 2))) {
      bytes.push(Number.parseInt(text.slice(j + 1, j + 3), 16));
      j += 3;
    }
    if (bytes.length === 0) {
      out += '%';
      i = percent + 1;
      continue;
    }
    out += decodeUtf8(bytes, text.slice(percent, j));
    i = j;
  }
  return out + text.slice(i);
}

/** Bytes to text; a byte that does not start a valid sequence is given back as its escape. */
function decodeUtf8(bytes: number[], escaped: string): string {
  let out = '';
  for (let k = 0; k < bytes.length; ) {
    const b = bytes[k] as number;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let cp = length === 1 ? b : length === 2 ? b & 0x1f : length === 3 ? b & 0x0f : b & 0x07;
    let valid = length > 0 && k + length <= bytes.length;
    for (let n = 1; valid && n < length; n++) {
      const next = bytes[k + n] as number;
      if ((next & 0xc0) !== 0x80) valid = false;
      else cp = (cp << 6) | (next & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8 either.
    const min = length === 3 ? 0x800 : length === 4 ? 0x10000 : 0;
    if (valid && cp >= min && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) {
      out += String.fromCodePoint(cp);
      k += length;
    } else {
      out += escaped.slice(k * 3, k * 3 + 3);
      k++;
    }
  }
  return out;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

// ---------------------------------------------------------------------------------------------
// Scanning helpers

/** The line without a trailing CR or LF. */
function lineEnd(line: string): number {
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === 0x0a || line.charCodeAt(end - 1) === 0x0d)) end--;
  return end;
}

function tokenEnd(line: string, from: number, limit: number): number {
  let i = from;
  while (i < limit && line.charCodeAt(i) !== SPACE) i++;
  return i;
}

/**
 * The first unescaped `"` from `from` after which `accept` holds, or -1. A backslash escapes the
 * next character (Apache writes `\"` and `\\`); a quote that `accept` refuses is taken as part of
 * the value, as with nginx's `escape=none`. One pass over the line.
 */
function closingQuote(line: string, from: number, end: number, accept: (line: string, quote: number, end: number) => boolean): number {
  for (let i = from; i < end; i++) {
    const c = line.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE && accept(line, i, end)) return i;
  }
  return -1;
}

/** `" ddd` then a space or the end: the status after the request. */
function followedByStatus(line: string, quote: number, end: number): boolean {
  return (
    line.charCodeAt(quote + 1) === SPACE &&
    isDigit(line.charCodeAt(quote + 2)) &&
    isDigit(line.charCodeAt(quote + 3)) &&
    isDigit(line.charCodeAt(quote + 4)) &&
    (quote + 5 === end || line.charCodeAt(quote + 5) === SPACE)
  );
}

/** `"` then a space and a token, or the end of the line. */
function followedByToken(line: string, quote: number, end: number): boolean {
  return quote + 1 === end || (line.charCodeAt(quote + 1) === SPACE && quote + 2 < end && line.charCodeAt(quote + 2) !== SPACE);
}

/** `"` then a space or the end of the line. */
function followedBySpaceOrEnd(line: string, quote: number, end: number): boolean {
  return quote + 1 === end || line.charCodeAt(quote + 1) === SPACE;
}

/** ` "value"` at `i`: the value unescaped and the index after the closing quote. */
function quotedField(line: string, i: number, end: number): { value: string; next: number } | undefined {
  if (line.charCodeAt(i) !== SPACE || line.charCodeAt(i + 1) !== QUOTE) return undefined;
  const close = closingQuote(line, i + 2, end, followedBySpaceOrEnd);
  if (close < 0) return undefined;
  return { value: unescapeQuoted(line.slice(i + 2, close)), next: close + 1 };
}

/** Apache's `\"` and `\\` back to `"` and `\`; `\xhh` and `\n` stay as logged (they may not be text). */
function unescapeQuoted(text: string): string {
  return text.includes('\\') ? text.replace(/\\(["\\])/g, '$1') : text;
}

/** `-` is how both servers write "no value". */
function placeholder(value: string): string | undefined {
  return value === '-' ? undefined : value;
}

/** 4 or 6 for an IP address, else 0; long text is no address and never reaches `net.isIP`'s regex. */
function isIP(text: string): number {
  return text.length <= 64 ? netIsIP(text) : 0;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isDigits(text: string): boolean {
  if (text === '') return false;
  for (let i = 0; i < text.length; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

/** The number written by `count` digits at `i`, or -1. */
function digits(s: string, i: number, count: number): number {
  let n = 0;
  for (let k = i; k < i + count; k++) {
    const c = s.charCodeAt(k);
    if (!isDigit(c)) return -1;
    n = n * 10 + (c - 0x30);
  }
  return n;
}
