/**
 * JSON lines: one JSON object per line, sent to the mapper of its shape (Windows event records,
 * Suricata EVE, Zeek), kept as it is when it is already ECS, or else read for the keys most JSON
 * loggers share (a time, a message, a level, a host), the rest kept under `json.<key>`.
 *
 * Untrusted input throughout: a line nested deeper than `MAX_DEPTH` is refused (the walks over the
 * event, here and in the stores, recurse), keys are copied as own properties (a `__proto__` key
 * never reaches a prototype), and the `asset` and `secai` fields that enrichment and the collector
 * own cannot be set by a line.
 */
import { type LogEvent, type ParseContext, type ParseOutcome, setField } from '../event.js';
import { baseEvent, type LineParser } from '../parser.js';
import { parseIsoTimestamp } from '../time.js';
import { isSuricataEve, SURICATA_CLAIMS, suricataEvent } from './json-suricata.js';
import { WINDOWS_CLAIMS, windowsEvent, windowsShape } from './json-windows.js';
import { ZEEK_CLAIMS, zeekEvent, zeekRecord } from './json-zeek.js';

/** What the generic mapping fills, from the keys JSON loggers share. */
export const GENERIC_CLAIMS = ['@timestamp', 'message', 'log.level', 'host.name'] as const;

/**
 * The deepest nesting a line may have. Real records stop well short (evtx_dump's attributes are 5
 * levels down); recursive walks over a 64 KB line of `[` would overflow the stack.
 */
export const MAX_DEPTH = 64;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Sets `obj[key]`, as an own property even when the key is `__proto__` (plain assignment would set the prototype). */
function put(obj: Json, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/**
 * JSON object lines to events.
 *
 * @example
 * jsonLines.parse('{"time":"2024-05-01T10:00:00Z","level":"warn","msg":"disk full","hostname":"web-1","disk":"/var"}', ctx)
 * // event: @timestamp '2024-05-01T10:00:00.000Z', message 'disk full', log.level 'warn', host.name 'web-1', json.disk '/var'
 */
export const jsonLines: LineParser = {
  format: 'json',
  claims: [...new Set<string>([...GENERIC_CLAIMS, ...WINDOWS_CLAIMS, ...SURICATA_CLAIMS, ...ZEEK_CLAIMS])],
  test: (line) => line.charCodeAt(firstNonSpace(line)) === OPEN_BRACE,
  parse: parseJson,
};

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function firstNonSpace(line: string): number {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t' || line[i] === '\r' || line[i] === '\n' || line[i] === '\ufeff')) i++;
  return i;
}

function parseJson(line: string, ctx: ParseContext): ParseOutcome {
  const start = firstNonSpace(line);
  if (start === line.length) return { ok: false, reason: 'an empty line' };
  if (line.charCodeAt(start) !== OPEN_BRACE) return { ok: false, reason: 'not a JSON object: the line does not start with {' };
  if (deeperThan(line, start, MAX_DEPTH)) return { ok: false, reason: `JSON nested deeper than ${MAX_DEPTH} levels` };
  let doc: unknown;
  try {
    doc = JSON.parse(start === 0 ? line : line.slice(start));
  } catch (err) {
    return { ok: false, reason: syntaxReason(err, start, line.length) };
  }
  if (!isObject(doc)) return { ok: false, reason: 'not a JSON object' };

  const windows = windowsShape(doc);
  if (windows) {
    const event = windows === 'winlogbeat' ? ecsEvent(doc, line, ctx) : baseEvent(line, ctx);
    return { ok: true, event: windowsEvent(doc, windows, event, ctx) };
  }
  if (isSuricataEve(doc)) return suricataEvent(doc, baseEvent(line, ctx), line, ctx);
  const zeek = zeekRecord(doc);
  if (zeek) return zeekEvent(zeek.log, zeek.record, baseEvent(line, ctx));
  if (Object.hasOwn(doc, '@timestamp') || isObject(doc.event) || isObject(doc.host)) return { ok: true, event: ecsEvent(doc, line, ctx) };
  return { ok: true, event: genericEvent(doc, line, ctx) };
}

/** True when brackets outside strings nest deeper than `limit` (one pass, no parse). */
function deeperThan(line: string, start: number, limit: number): boolean {
  let depth = 0;
  for (let i = start; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === QUOTE) {
      // Skip the string, escapes included; an unterminated one ends the scan (JSON.parse says why).
      for (i++; i < line.length && line.charCodeAt(i) !== QUOTE; i++) if (line.charCodeAt(i) === BACKSLASH) i++;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
}

/** `invalid JSON at position N: <what V8 says>`, the position in the line as received. */
function syntaxReason(err: unknown, offset: number, length: number): string {
  const message = err instanceof Error ? err.message : String(err);
  const at = /at position (\d+)/.exec(message);
  const position = at ? Number(at[1]) + offset : length;
  const what = message.replace(/ in JSON at position \d+.*$/s, '').replace(/ JSON input$/, ' line');
  return `invalid JSON at position ${position}: ${what}`;
}

/** Top-level ECS fields that are objects; a line giving one as anything else keeps it under `json`. */
const ECS_OBJECTS = new Set([
  'agent',
  'client',
  'cloud',
  'container',
  'destination',
  'dll',
  'dns',
  'ecs',
  'error',
  'event',
  'file',
  'group',
  'host',
  'http',
  'labels',
  'log',
  'network',
  'observer',
  'orchestrator',
  'process',
  'registry',
  'related',
  'rule',
  'server',
  'service',
  'source',
  'threat',
  'tls',
  'url',
  'user',
  'user_agent',
  'winlog',
]);
/** Set by secai itself (enrichment, the collector), never by a line. */
const RESERVED = new Set(['asset', 'secai', 'json']);
const KINDS = new Set(['event', 'alert', 'metric', 'state', 'pipeline_error']);

/**
 * A document already in ECS shape, kept as it is on the base event: `log.original` stays the
 * line, `@timestamp` is normalized (or left at the time received when it is not a time), and a
 * value of the wrong JSON type for its ECS field (`related` lists included), or a reserved one,
 * moves under `json.<key>`.
 */
function ecsEvent(doc: Json, line: string, ctx: ParseContext): LogEvent {
  const event = baseEvent(line, ctx);
  const aside: Json = {};
  for (const [key, value] of Object.entries(doc)) {
    if (key === '@timestamp') {
      const ts = timestamp(value, ctx);
      if (ts) event['@timestamp'] = ts;
      else put(aside, key, value);
    } else if (key === 'log' && isObject(value)) {
      event.log = { ...value, original: line };
    } else if (key === 'event' && isObject(value)) {
      const kind = value.kind;
      event.event = { ...value, kind: typeof kind === 'string' && KINDS.has(kind) ? (kind as LogEvent['event']['kind']) : 'event' };
    } else if (
      RESERVED.has(key) ||
      (ECS_OBJECTS.has(key) && !isObject(value)) ||
      (key === 'message' && typeof value !== 'string') ||
      (key === 'tags' && !Array.isArray(value)) ||
      (key === 'related' && isObject(value) && !Object.values(value).every(Array.isArray))
    ) {
      put(aside, key, value);
    } else {
      put(event, key, value);
    }
  }
  if (Object.keys(aside).length > 0) event.json = aside;
  return event;
}

const TIME_KEYS = ['timestamp', 'time', 'ts', 'date'];
const MESSAGE_KEYS = ['message', 'msg', 'log'];
const LEVEL_KEYS = ['level', 'severity', 'lvl'];
const HOST_KEYS = ['host', 'hostname'];

/** Any other JSON object: the shared keys read, the rest under `json.<key>`. */
function genericEvent(doc: Json, line: string, ctx: ParseContext): LogEvent {
  const event = baseEvent(line, ctx);
  const used = new Set<string>();
  const first = <T>(keys: string[], read: (value: unknown) => T | undefined): T | undefined => {
    for (const key of keys) {
      if (!Object.hasOwn(doc, key)) continue;
      const value = read(doc[key]);
      if (value === undefined) continue;
      used.add(key);
      return value;
    }
    return undefined;
  };
  const ts = first(TIME_KEYS, (value) => timestamp(value, ctx));
  if (ts) event['@timestamp'] = ts;
  setField(
    event,
    'message',
    first(MESSAGE_KEYS, (value) => (typeof value === 'string' ? value : undefined)),
  );
  setField(
    event,
    'log.level',
    first(LEVEL_KEYS, (value) =>
      typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined,
    ),
  );
  setField(
    event,
    'host.name',
    first(HOST_KEYS, (value) => (typeof value === 'string' && value !== '' ? value : undefined)),
  );
  const rest: Json = {};
  for (const [key, value] of Object.entries(doc)) if (!used.has(key)) put(rest, key, value);
  if (Object.keys(rest).length > 0) event.json = rest;
  return event;
}

/**
 * A time as JSON loggers write one: ISO 8601 (a date alone is its midnight; without an offset,
 * in the source's time zone), or epoch seconds, milliseconds, microseconds or nanoseconds, told
 * apart by size (seconds below 1e11, i.e. until the year 5138), as a number or a string of digits.
 */
function timestamp(value: unknown, ctx: ParseContext): string | undefined {
  if (typeof value === 'string') {
    const s = value.trim();
    if (/^-?\d+(?:\.\d+)?$/.test(s)) return epoch(Number(s));
    return parseIsoTimestamp(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00` : s, ctx.timezone);
  }
  return typeof value === 'number' ? epoch(value) : undefined;
}

function epoch(n: number): string | undefined {
  if (!Number.isFinite(n)) return undefined;
  const abs = Math.abs(n);
  const ms = abs < 1e11 ? n * 1000 : abs < 1e14 ? n : abs < 1e17 ? n / 1000 : n / 1e6;
  return Math.abs(ms) <= 8.64e15 ? new Date(Math.round(ms)).toISOString() : undefined;
}
