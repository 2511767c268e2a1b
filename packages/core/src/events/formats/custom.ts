/**
 * Parsers that users configure without writing code: a JavaScript regex whose named groups name
 * ECS fields, or a grok pattern over a built-in library of the common grok patterns. Every check
 * runs when the rule is compiled, so a bad rule is a configuration error the user sees at once,
 * never a parser that fails or hangs on the thousandth line.
 */
import { ValidationError } from '../../errors/secai-error.js';
import { type LogEvent, type ParseContext, type ParseOutcome, setField } from '../event.js';
import { baseEvent, type LineParser } from '../parser.js';
import { inferYear, monthIndex, parseIsoTimestamp, wallClockToUtc } from '../time.js';
import { parseHttpDate } from './access.js';

export interface CustomRule {
  /** Names the parser: its format is `custom:<name>`, and a line that does not match says so. */
  name: string;
  /**
   * `regex`: a JavaScript regular expression; each named group sets the ECS field its name spells
   * with `__` for the dots group names cannot hold (`(?<source__ip>\S+)` sets `source.ip`; the
   * group `timestamp` sets `@timestamp`). `grok`: `%{PATTERN}`, `%{PATTERN:ecs.path}` or
   * `%{PATTERN:ecs.path:int}` between regex text, matched from the start of the line.
   */
  pattern: string;
  kind: 'regex' | 'grok';
  /**
   * How the captured `@timestamp` is written: `ISO8601`, `HTTPDATE`, `SYSLOG`, `CTIME`, `UNIX`,
   * `UNIX_MS`, or a pattern such as `yyyy/MM/dd HH:mm:ss.SSS` (y M d H h m s S E a Z, text in
   * quotes). Without it each of the named forms is tried. A time without a zone is in the
   * source's zone (the parse context's), a date without a year in the most recent such year.
   */
  timestampFormat?: string;
  /** Fields set on every event, ECS path to value (`event.dataset: myapp.audit`). */
  fields?: Record<string, string>;
}

/**
 * Compiles a custom rule into a line parser; throws a ValidationError naming the rule and the
 * problem (issue codes `invalid_rule`, `unknown_grok_pattern`, `invalid_regex`,
 * `invalid_field_path`, `unknown_conversion`, `nested_quantifier`, `invalid_timestamp_format`).
 *
 * @example
 * const parser = compileCustomParser({
 *   name: 'apache-error',
 *   kind: 'grok',
 *   pattern: '\\[%{HTTPDERROR_DATE:@timestamp}\\] \\[(?:%{WORD:apache.error.module}:)?%{WORD:log.level}\\] %{GREEDYDATA:message}',
 * });
 * parser.parse('[Mon Dec 26 16:17:53 2016] [notice] Apache/2.2.22 (Ubuntu) configured', ctx)
 * // event: log.level 'notice', message 'Apache/2.2.22 (Ubuntu) configured', @timestamp '2016-12-26T16:17:53.000Z'
 */
export function compileCustomParser(rule: CustomRule): LineParser {
  const name = typeof rule?.name === 'string' ? rule.name.trim() : '';
  const fail = (code: string, path: (string | number)[], message: string): never => {
    throw new ValidationError(`custom parser ${JSON.stringify(name || '?')}: ${message}`, [{ code, path, message }]);
  };
  if (!name) fail('invalid_rule', ['name'], 'a custom parser needs a name');
  if (typeof rule.pattern !== 'string' || rule.pattern === '') fail('invalid_rule', ['pattern'], 'the pattern is empty');
  if (rule.kind !== 'regex' && rule.kind !== 'grok')
    fail('invalid_rule', ['kind'], `kind must be "regex" or "grok", not ${JSON.stringify(rule.kind)}`);

  const compiled = rule.kind === 'grok' ? compileGrok(rule.pattern, fail) : compileRegex(rule.pattern, fail);
  const readTimestamp = compileTimestampFormat(rule.timestampFormat, fail);
  const constants: [string, string][] = [];
  for (const [path, value] of Object.entries(rule.fields ?? {})) {
    if (!isFieldPath(path) || path === '@timestamp')
      fail('invalid_field_path', ['fields', path], `${JSON.stringify(path)} is not a dotted field path a constant can set`);
    if (typeof value !== 'string') fail('invalid_rule', ['fields', path], `the value of ${path} is not a string`);
    constants.push([path, value]);
  }
  const claims = [...new Set(compiled.captures.map((c) => c.path))];
  const notMatched = `does not match ${name}`;

  return {
    format: `custom:${name}`,
    claims,
    test: (line) => compiled.regex.test(line),
    parse(line: string, ctx: ParseContext): ParseOutcome {
      const match = compiled.regex.exec(line);
      if (!match) return { ok: false, reason: notMatched };
      const event = baseEvent(line, ctx);
      const problems: string[] = [];
      for (const [path, value] of constants) setValue(event, path, value);
      const seen = new Set<string>();
      for (const capture of compiled.captures) {
        const text = match.groups?.[capture.group];
        // Alternatives can capture one field twice (`%{IP:source.ip}|%{HOSTNAME:source.ip}`): the first that matched wins.
        if (text === undefined || text === '' || seen.has(capture.path)) continue;
        seen.add(capture.path);
        if (capture.path === '@timestamp') {
          const instant = safely(() => readTimestamp(text, ctx));
          if (instant) {
            event['@timestamp'] = instant.iso;
            if (!instant.zoned && ctx.timezone) event.event.timezone = ctx.timezone;
          } else problems.push(`@timestamp ${JSON.stringify(text.slice(0, 64))} is not a ${rule.timestampFormat ?? 'known'} timestamp`);
          continue;
        }
        const value = convert(text, capture.type ?? (NUMERIC_FIELDS.has(capture.path) ? 'long' : undefined));
        if (value === undefined) problems.push(`${capture.path} ${JSON.stringify(text.slice(0, 64))} is not a ${capture.type ?? 'number'}`);
        else setValue(event, capture.path, value);
      }
      // Like an ingest pipeline's on_failure: the event is kept, with what could not be read.
      if (problems.length > 0) setField(event, 'error.message', problems.join('; '));
      return { ok: true, event };
    },
  };
}

/** A timestamp reader's answer, undefined where it throws (an unknown zone in the source's settings). */
function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

type Fail = (code: string, path: (string | number)[], message: string) => never;
type Conversion = 'int' | 'long' | 'float' | 'double' | 'boolean';

interface Capture {
  /** The regex group that holds it. */
  group: string;
  path: string;
  type: Conversion | undefined;
}

interface Compiled {
  regex: RegExp;
  captures: Capture[];
}

const CONVERSIONS = new Set<string>(['int', 'long', 'float', 'double', 'boolean']);

/**
 * A dotted path of word characters, or `@timestamp`; never one that reaches a prototype
 * (`__proto__.x` would set a field of every object in the process) or replaces `log.original`,
 * the line as received.
 */
function isFieldPath(path: string): boolean {
  if (path === '@timestamp') return true;
  if (path === 'log.original' || path.startsWith('log.original.')) return false;
  return (
    /^\w+(?:\.\w+)*$/.test(path) && !path.split('.').some((part) => part === '__proto__' || part === 'constructor' || part === 'prototype')
  );
}

/** A named group's name to its field: `source__ip` → `source.ip`, `timestamp` → `@timestamp`. */
function groupPath(name: string): string {
  return name === 'timestamp' ? '@timestamp' : name.split('__').join('.');
}

function compileRegex(pattern: string, fail: Fail): Compiled {
  const regex = newRegExp(pattern, fail);
  const shape = analyze(pattern, undefined);
  refuseNested(shape, fail);
  const captures = shape.names.map((group) => {
    const path = groupPath(group);
    if (!/^\w+$/.test(group) || !isFieldPath(path)) {
      fail('invalid_field_path', ['pattern'], `the group name ${group} is not a field path (write source__ip for source.ip)`);
    }
    return { group, path, type: undefined };
  });
  return { regex, captures };
}

// ---------------------------------------------------------------------------------------------
// Grok

/**
 * The grok patterns secai knows, in JavaScript regex syntax. Written so that none can backtrack
 * catastrophically on its own: every repetition is of a single character class or of a group
 * that begins with a separator the repeated part cannot match (`(?:\.[0-9a-z]+)*`). Logstash's
 * QUOTEDSTRING relies on atomic groups, which JavaScript lacks; this one repeats single
 * characters or escapes, which cannot overlap.
 */
const GROK: Record<string, string> = {
  USERNAME: '[a-zA-Z0-9._-]+',
  USER: '%{USERNAME}',
  EMAILLOCALPART: "[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]{1,64}(?:\\.[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]{1,62}){0,63}",
  EMAILADDRESS: '%{EMAILLOCALPART}@%{HOSTNAME}',
  INT: '[+-]?[0-9]+',
  BASE10NUM: '[+-]?(?:[0-9]+(?:\\.[0-9]+)?|\\.[0-9]+)',
  NUMBER: '%{BASE10NUM}',
  BASE16NUM: '[+-]?(?:0x)?[0-9A-Fa-f]+',
  POSINT: '\\b[1-9][0-9]*\\b',
  NONNEGINT: '\\b[0-9]+\\b',
  WORD: '\\b\\w+\\b',
  NOTSPACE: '\\S+',
  SPACE: '\\s*',
  DATA: '.*?',
  GREEDYDATA: '.*',
  QUOTEDSTRING: '"(?:[^"\\\\]|\\\\.)*"|\'(?:[^\'\\\\]|\\\\.)*\'|`(?:[^`\\\\]|\\\\.)*`',
  QS: '%{QUOTEDSTRING}',
  UUID: '[A-Fa-f0-9]{8}-(?:[A-Fa-f0-9]{4}-){3}[A-Fa-f0-9]{12}',
  CISCOMAC: '(?:[A-Fa-f0-9]{4}\\.){2}[A-Fa-f0-9]{4}',
  WINDOWSMAC: '(?:[A-Fa-f0-9]{2}-){5}[A-Fa-f0-9]{2}',
  COMMONMAC: '(?:[A-Fa-f0-9]{2}:){5}[A-Fa-f0-9]{2}',
  MAC: '%{CISCOMAC}|%{WINDOWSMAC}|%{COMMONMAC}',
  IPV4OCTET: '25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]',
  IPV4: '(?<![0-9])(?:%{IPV4OCTET})(?:\\.(?:%{IPV4OCTET})){3}(?![0-9])',
  // RFC 4291 text forms, longest first so that a following pattern sees the whole address.
  IPV6: [
    '(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}',
    '(?:[0-9A-Fa-f]{1,4}:){6}%{IPV4}',
    '(?:[0-9A-Fa-f]{1,4}:){1,5}(?::[0-9A-Fa-f]{1,4}){0,4}:%{IPV4}',
    '::(?:[Ff]{4}(?::0{1,4})?:)?%{IPV4}',
    '(?:[0-9A-Fa-f]{1,4}:){1,6}(?::[0-9A-Fa-f]{1,4}){1,6}',
    '(?:[0-9A-Fa-f]{1,4}:){1,7}:',
    '::(?:[0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{1,4}',
    '::',
  ]
    .map((form) => `(?:${form})`)
    .join('|')
    .replace(/^.*$/, '(?:$&)(?:%[0-9A-Za-z]+)?'),
  IP: '%{IPV6}|%{IPV4}',
  HOSTNAME: '\\b[0-9A-Za-z][0-9A-Za-z-]{0,62}(?:\\.[0-9A-Za-z][0-9A-Za-z-]{0,62})*\\.?',
  IPORHOST: '%{IP}|%{HOSTNAME}',
  HOSTPORT: '%{IPORHOST}:%{POSINT}',
  UNIXPATH: "(?:/[\\w%!$@:.,+~'-]*)+",
  WINPATH: '(?:[A-Za-z]+:|\\\\)(?:\\\\[^\\\\?*]*)+',
  PATH: '%{UNIXPATH}|%{WINPATH}',
  URIPROTO: '[A-Za-z][A-Za-z0-9+.-]*',
  URIHOST: '%{IPORHOST}(?::%{POSINT})?',
  URIPATH: "(?:/[A-Za-z0-9$.+!*'(){},~:;=@#%&_-]*)+",
  URIPARAM: "\\?[A-Za-z0-9$.+!*'|(){},~@#%&/=:;_?\\[\\]<>-]*",
  URIPATHPARAM: '%{URIPATH}(?:%{URIPARAM})?',
  URI: '%{URIPROTO}://(?:%{USER}(?::[^@]*)?@)?(?:%{URIHOST})?(?:%{URIPATHPARAM})?',
  MONTH:
    '\\b(?:[Jj]an(?:uary)?|[Ff]eb(?:ruary)?|[Mm]ar(?:ch)?|[Aa]pr(?:il)?|[Mm]ay|[Jj]une?|[Jj]uly?|[Aa]ug(?:ust)?|[Ss]ep(?:tember)?|[Oo]ct(?:ober)?|[Nn]ov(?:ember)?|[Dd]ec(?:ember)?)\\b',
  MONTHNUM: '0?[1-9]|1[0-2]',
  MONTHDAY: '0[1-9]|[12][0-9]|3[01]|[1-9]',
  DAY: 'Mon(?:day)?|Tue(?:sday)?|Wed(?:nesday)?|Thu(?:rsday)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?',
  YEAR: '[0-9]{4}|[0-9]{2}',
  HOUR: '2[0-3]|[01]?[0-9]',
  MINUTE: '[0-5][0-9]',
  SECOND: '(?:[0-5]?[0-9]|60)(?:[.,:][0-9]+)?',
  TIME: '(?<![0-9])(?:%{HOUR}):(?:%{MINUTE})(?::(?:%{SECOND}))(?![0-9])',
  ISO8601_TIMEZONE: 'Z|[+-](?:%{HOUR})(?::?(?:%{MINUTE}))',
  TIMESTAMP_ISO8601:
    '(?:%{YEAR})-(?:%{MONTHNUM})-(?:%{MONTHDAY})[T ](?:%{HOUR}):?(?:%{MINUTE})(?::?(?:%{SECOND}))?(?:%{ISO8601_TIMEZONE})?',
  HTTPDATE: '(?:%{MONTHDAY})/(?:%{MONTH})/(?:%{YEAR}):(?:%{TIME}) (?:%{INT})',
  SYSLOGTIMESTAMP: '(?:%{MONTH}) +(?:%{MONTHDAY}) (?:%{TIME})',
  HTTPDERROR_DATE: '(?:%{DAY}) (?:%{MONTH}) (?:%{MONTHDAY}) (?:%{TIME}) (?:%{YEAR})',
  LOGLEVEL:
    '[Aa]lert|ALERT|[Tt]race|TRACE|[Dd]ebug|DEBUG|[Nn]otice|NOTICE|[Ii]nfo(?:rmation)?|INFO(?:RMATION)?|[Ww]arn(?:ing)?|WARN(?:ING)?|[Ee]rr(?:or)?|ERR(?:OR)?|[Cc]rit(?:ical)?|CRIT(?:ICAL)?|[Ff]atal|FATAL|[Ss]evere|SEVERE|EMERG(?:ENCY)?|[Ee]merg(?:ency)?',
};

/** The names grok patterns may use, for the message that refuses an unknown one. */
const GROK_PATTERNS: readonly string[] = Object.keys(GROK).sort();

const expandedGrok = new Map<string, string>();

/** A library pattern with its references expanded, each in a non-capturing group. */
function expandGrok(name: string): string {
  const cached = expandedGrok.get(name);
  if (cached !== undefined) return cached;
  const body = (GROK[name] as string).replace(/%\{(\w+)\}/g, (_, inner: string) => `(?:${expandGrok(inner)})`);
  expandedGrok.set(name, body);
  return body;
}

/** Whether a library pattern repeats without bound (`\S+`, `.*?`): what a group around it must not repeat. */
function grokIsUnbounded(name: string): boolean {
  return analyze(expandGrok(name), undefined).top.unbounded;
}

function compileGrok(pattern: string, fail: Fail): Compiled {
  let source = '';
  let userText = '';
  const captures: Capture[] = [];
  let last = 0;
  for (const ref of pattern.matchAll(/%\{([^{}]*)\}/g)) {
    const between = pattern.slice(last, ref.index);
    source += between;
    userText += between;
    last = ref.index + ref[0].length;
    const [patternName = '', path, type, ...extra] = (ref[1] as string).split(':');
    if (!Object.hasOwn(GROK, patternName)) {
      fail('unknown_grok_pattern', ['pattern'], `unknown grok pattern ${ref[0]}; known: ${GROK_PATTERNS.join(', ')}`);
    }
    if (path !== undefined && !isFieldPath(path))
      fail('invalid_field_path', ['pattern'], `${ref[0]}: ${JSON.stringify(path)} is not a dotted field path`);
    if (type !== undefined && !CONVERSIONS.has(type))
      fail('unknown_conversion', ['pattern'], `${ref[0]}: convert to int, long, float, double or boolean, not ${type}`);
    if (extra.length > 0) fail('invalid_field_path', ['pattern'], `${ref[0]}: write %{PATTERN:field} or %{PATTERN:field:type}`);
    const body = expandGrok(patternName);
    if (path === undefined) source += `(?:${body})`;
    else {
      const group = `$g${captures.length}`;
      captures.push({ group, path, type: type as Conversion | undefined });
      source += `(?<${group}>${body})`;
    }
    // The user's own text is checked with each reference as one atom that matches something.
    userText += 'x';
  }
  const rest = pattern.slice(last);
  source += rest;
  userText += rest;
  if (userText.includes('%{')) fail('invalid_regex', ['pattern'], 'a %{ is not closed by }');
  newRegExp(userText, fail);
  const shape = analyze(pattern, (at) => {
    // In the pattern as written, a reference is one atom; it repeats without bound when its pattern does.
    if (!pattern.startsWith('%{', at)) return undefined;
    const close = pattern.indexOf('}', at);
    return { end: close, unbounded: grokIsUnbounded(pattern.slice(at + 2, close).split(':')[0] as string) };
  });
  refuseNested(shape, fail);
  for (const group of shape.names) {
    const path = groupPath(group);
    if (!/^\w+$/.test(group) || !isFieldPath(path)) fail('invalid_field_path', ['pattern'], `the group name ${group} is not a field path`);
    captures.push({ group, path, type: undefined });
  }
  // Anchored at the start: an unanchored regex is retried from every position of a line that
  // does not match, which turns a linear pattern quadratic on a long line.
  return { regex: newRegExp(`^(?:${source})`, fail), captures };
}

function newRegExp(source: string, fail: Fail): RegExp {
  try {
    return new RegExp(source);
  } catch (err) {
    return fail('invalid_regex', ['pattern'], `not a valid regular expression: ${(err as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The nested-quantifier check

interface Group {
  start: number;
  /** Holds a `*`, `+` or `{n,}` at any depth. */
  unbounded: boolean;
  /** Holds a quantifier that can repeat a varying number of times, more than once (`{1,3}`, `+`). */
  varying: boolean;
}

interface Shape {
  top: Group;
  names: string[];
  /** The first repeated group that holds a repetition, as written. */
  nested: string | undefined;
}

/**
 * Refuses a pattern that repeats a group holding a repetition: `(a+)+`, `(.*)*`, `(\w+\s?)*`,
 * `(?:%{NOTSPACE} )+`, `(a{1,3})+`, `(a+){2}`. On a line that almost matches, the regex engine
 * (a backtracking one, as V8's is) tries every way of splitting the text between the inner and
 * the outer repetition before it gives up: 2^n ways for n characters, seconds for a 30-character
 * line, forever for a 64 KB one. The check is on the pattern's shape, so it also refuses some
 * safe patterns (`\d+(?:\.\d+)*`, where the dot separates the repetitions): write those with one
 * repetition (`[\d.]+`) or a library pattern. It does not catch a repeated alternation whose
 * branches overlap (`(a|ab)+`), nor the polynomial cost of many `DATA` in a row on a line that
 * almost matches; the start anchor and the tests' 64 KB budget cover the usual patterns.
 * A repeated group is refused when it repeats more than once and holds an unbounded quantifier,
 * or repeats without bound and holds a quantifier that varies (`?`, which adds at most one,
 * excepted: `(?:ab?)+` is fine). A fixed count around a bounded one (`(\d{1,3}\.){3}`) is fine.
 */
function analyze(source: string, atomAt: ((at: number) => { end: number; unbounded: boolean } | undefined) | undefined): Shape {
  const top: Group = { start: 0, unbounded: false, varying: false };
  const stack: Group[] = [top];
  const names: string[] = [];
  let nested: string | undefined;
  // What the next quantifier applies to: a group, another atom, or nothing (after `(` or `|`).
  let previous: Group | 'atom' | undefined;
  for (let i = 0; i < source.length; i++) {
    const c = source.charAt(i);
    const current = stack[stack.length - 1] as Group;
    const atom = atomAt?.(i);
    if (atom) {
      previous = { start: i, unbounded: atom.unbounded, varying: atom.unbounded };
      current.unbounded ||= atom.unbounded;
      current.varying ||= atom.unbounded;
      i = atom.end;
      continue;
    }
    if (c === '\\') {
      previous = 'atom';
      i++;
    } else if (c === '[') {
      let j = i + 1;
      while (j < source.length && source.charAt(j) !== ']') j += source.charAt(j) === '\\' ? 2 : 1;
      previous = 'atom';
      i = j;
    } else if (c === '(') {
      stack.push({ start: i, unbounded: false, varying: false });
      const named = /^\(\?<([^=!>][^>]*)>/.exec(source.slice(i, i + 260));
      if (named) names.push(named[1] as string);
      const prefix = named ? named[0].length : (/^\(\?(?::|=|!|<=|<!)/.exec(source.slice(i, i + 4))?.[0].length ?? 1);
      i += prefix - 1;
      previous = undefined;
    } else if (c === ')') {
      const closed = stack.length > 1 ? (stack.pop() as Group) : top;
      const parent = stack[stack.length - 1] as Group;
      parent.unbounded ||= closed.unbounded;
      parent.varying ||= closed.varying;
      previous = closed;
    } else if (c === '|') {
      previous = undefined;
    } else {
      const quantifier = readQuantifier(source, i);
      if (!quantifier) {
        previous = 'atom';
        continue;
      }
      const { min, max, end } = quantifier;
      if (typeof previous === 'object' && nested === undefined) {
        if ((max > 1 && previous.unbounded) || (max === Number.POSITIVE_INFINITY && previous.varying))
          nested = source.slice(previous.start, end + 1);
      }
      if (max === Number.POSITIVE_INFINITY) current.unbounded = true;
      if (max > 1 && min !== max) current.varying = true;
      previous = undefined;
      i = source.charAt(end + 1) === '?' ? end + 1 : end;
    }
  }
  return { top, names, nested };
}

/** `*`, `+`, `?`, `{n}`, `{n,}` or `{n,m}` at `i` (a `{` that is none of these is a literal). */
function readQuantifier(source: string, i: number): { min: number; max: number; end: number } | undefined {
  const c = source.charAt(i);
  if (c === '*') return { min: 0, max: Number.POSITIVE_INFINITY, end: i };
  if (c === '+') return { min: 1, max: Number.POSITIVE_INFINITY, end: i };
  if (c === '?') return { min: 0, max: 1, end: i };
  if (c !== '{') return undefined;
  const braces = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i, i + 24));
  if (!braces) return undefined;
  const min = Number(braces[1]);
  const max = braces[2] === undefined ? min : braces[3] ? Number(braces[3]) : Number.POSITIVE_INFINITY;
  return { min, max, end: i + braces[0].length - 1 };
}

function refuseNested(shape: Shape, fail: Fail): void {
  if (shape.nested === undefined) return;
  fail(
    'nested_quantifier',
    ['pattern'],
    `${shape.nested} repeats a group that holds a repetition, which can backtrack for ever on a long line; repeat one thing (write [\\w.]+ rather than (?:\\w+\\.?)+)`,
  );
}

// ---------------------------------------------------------------------------------------------
// Values

/** ECS fields of a numeric type: a capture into them is converted without `:int`. */
const NUMERIC_FIELDS = new Set([
  'source.port',
  'destination.port',
  'client.port',
  'server.port',
  'source.nat.port',
  'destination.nat.port',
  'source.bytes',
  'destination.bytes',
  'source.packets',
  'destination.packets',
  'network.bytes',
  'network.packets',
  'process.pid',
  'process.parent.pid',
  'process.thread.id',
  'http.request.bytes',
  'http.response.bytes',
  'http.response.body.bytes',
  'http.response.status_code',
  'url.port',
  'event.severity',
  'event.duration',
  'log.syslog.priority',
  'log.syslog.facility.code',
  'log.syslog.severity.code',
]);

/** ECS fields that hold lists: a value set there becomes a one-element list. */
const LIST_FIELDS = new Set(['event.category', 'event.type', 'tags', 'related.ip', 'related.user', 'related.hosts', 'related.hash']);

function setValue(event: LogEvent, path: string, value: unknown): void {
  setField(event, path, LIST_FIELDS.has(path) && !Array.isArray(value) ? [value] : value);
}

function convert(text: string, type: Conversion | undefined): unknown {
  switch (type) {
    case undefined:
      return text;
    case 'int':
    case 'long':
      return /^[+-]?\d{1,16}$/.test(text) ? Number(text) : undefined;
    case 'float':
    case 'double':
      return /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text) && text.length <= 64 ? Number(text) : undefined;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Timestamps

interface Instant {
  iso: string;
  /** The text carried its own zone or offset. */
  zoned: boolean;
}

type TimestampReader = (text: string, ctx: ParseContext) => Instant | undefined;

interface Wall {
  year: number | undefined;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  offset: string | undefined;
}

const NAMED_FORMATS: Record<string, TimestampReader> = {
  ISO8601: (text, ctx) => zoned(parseIsoTimestamp(text, ctx.timezone), /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text)),
  HTTPDATE: (text, ctx) => zoned(parseHttpDate(text, ctx.timezone), /\s[+-]\d{2}:?\d{2}$/.test(text)),
  CTIME: (text, ctx) => fromWall(readCtime(text), ctx),
  SYSLOG: (text, ctx) => fromWall(readSyslog(text), ctx),
  UNIX: (text) => fromEpoch(text, 1000),
  UNIX_MS: (text) => fromEpoch(text, 1),
};

/** Each named form in turn, for a rule without `timestampFormat`; epochs by their digit count. */
const readAnyTimestamp: TimestampReader = (text, ctx) => {
  for (const format of ['ISO8601', 'HTTPDATE', 'CTIME', 'SYSLOG'] as const) {
    const instant = (NAMED_FORMATS[format] as TimestampReader)(text, ctx);
    if (instant) return instant;
  }
  if (/^\d{9,10}(?:\.\d+)?$/.test(text)) return fromEpoch(text, 1000);
  if (/^\d{12,13}$/.test(text)) return fromEpoch(text, 1);
  return undefined;
};

function compileTimestampFormat(format: string | undefined, fail: Fail): TimestampReader {
  if (format === undefined || format === '') return readAnyTimestamp;
  const named = NAMED_FORMATS[format === 'SYSLOGTIMESTAMP' ? 'SYSLOG' : format === 'HTTPDERROR_DATE' ? 'CTIME' : format];
  if (named) return named;
  return compileDatePattern(format, fail);
}

function zoned(iso: string | undefined, hasZone: boolean): Instant | undefined {
  return iso === undefined ? undefined : { iso, zoned: hasZone };
}

function fromEpoch(text: string, unitMs: number): Instant | undefined {
  if (!/^\d{1,16}(?:\.\d+)?$/.test(text)) return undefined;
  const ms = Math.floor(Number(text) * unitMs);
  return Number.isFinite(ms) && ms <= 8.64e15 ? { iso: new Date(ms).toISOString(), zoned: true } : undefined;
}

function fromWall(wall: Wall | undefined, ctx: ParseContext): Instant | undefined {
  if (!wall) return undefined;
  const { month, day, hour, minute, second, ms, offset } = wall;
  if (month < 0 || month > 11 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const zone = offset === undefined ? ctx.timezone : offset === 'Z' || offset === 'z' ? 'UTC' : offset;
  try {
    const year = wall.year ?? inferYear(month, day, ctx.receivedAt, zone);
    if (new Date(Date.UTC(year, month, day)).getUTCDate() !== day) return undefined;
    const utc = wallClockToUtc({ year, month, day, hour, minute, second, ms }, zone);
    return Number.isNaN(utc) ? undefined : { iso: new Date(utc).toISOString(), zoned: offset !== undefined };
  } catch {
    return undefined; // an unknown zone in the source's settings
  }
}

const fraction = (digits: string | undefined): number => (digits ? Number(digits.slice(0, 3).padEnd(3, '0')) : 0);

/** `Mon Dec 26 16:22:08 2016`, `Mon Dec 26 16:15:55.103786 2016` (ctime, Apache's error log). */
function readCtime(text: string): Wall | undefined {
  const m = /^(?:[A-Za-z]{3,9},? )?([A-Za-z]{3,9}) +(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))? (\d{4})$/.exec(text);
  if (!m) return undefined;
  const month = monthIndex(m[1] as string);
  if (month === undefined) return undefined;
  return {
    year: Number(m[7]),
    month,
    day: Number(m[2]),
    hour: Number(m[3]),
    minute: Number(m[4]),
    second: Number(m[5]),
    ms: fraction(m[6]),
    offset: undefined,
  };
}

/** `Dec 26 16:22:08`, `Dec  6 16:22:08.123` (RFC 3164: no year, no zone). */
function readSyslog(text: string): Wall | undefined {
  const m = /^([A-Za-z]{3}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?$/.exec(text);
  if (!m) return undefined;
  const month = monthIndex(m[1] as string);
  if (month === undefined) return undefined;
  return {
    year: undefined,
    month,
    day: Number(m[2]),
    hour: Number(m[3]),
    minute: Number(m[4]),
    second: Number(m[5]),
    ms: fraction(m[6]),
    offset: undefined,
  };
}

type DateToken =
  | 'year'
  | 'year2'
  | 'month'
  | 'monthName'
  | 'day'
  | 'hour'
  | 'hour12'
  | 'minute'
  | 'second'
  | 'fraction'
  | 'ampm'
  | 'zone'
  | 'skip';

/**
 * A date pattern in the letters of Java's DateTimeFormatter, which Elastic's date processor and
 * Logstash use (`yyyy-MM-dd HH:mm:ss.SSS Z`), compiled to an anchored regex of fixed-width or
 * single-class fields, so that it cannot backtrack.
 */
function compileDatePattern(format: string, fail: Fail): TimestampReader {
  const refuse = (message: string): never => fail('invalid_timestamp_format', ['timestampFormat'], `${JSON.stringify(format)}: ${message}`);
  let source = '';
  const tokens: DateToken[] = [];
  const field = (token: DateToken, regex: string) => {
    tokens.push(token);
    source += `(${regex})`;
  };
  for (let i = 0; i < format.length; ) {
    const c = format.charAt(i);
    if (c === "'") {
      const close = format.indexOf("'", i + 1);
      if (close < 0) refuse('a quote is not closed');
      source += escapeRegex(format.slice(i + 1, close) || "'");
      i = close + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(c)) {
      source += escapeRegex(c);
      i++;
      continue;
    }
    let n = 1;
    while (format.charAt(i + n) === c) n++;
    i += n;
    if (c === 'y' || c === 'u') field(n === 2 ? 'year2' : 'year', n === 2 ? '\\d{2}' : '\\d{4}');
    else if (c === 'M' || c === 'L')
      field(n >= 3 ? 'monthName' : 'month', n >= 4 ? '[A-Za-z]{3,9}' : n === 3 ? '[A-Za-z]{3}' : n === 2 ? '\\d{2}' : '\\d{1,2}');
    else if (c === 'd') field('day', n === 2 ? '\\d{2}' : '\\d{1,2}');
    else if (c === 'H') field('hour', n === 2 ? '\\d{2}' : '\\d{1,2}');
    else if (c === 'h') field('hour12', n === 2 ? '\\d{2}' : '\\d{1,2}');
    else if (c === 'm') field('minute', n === 2 ? '\\d{2}' : '\\d{1,2}');
    else if (c === 's') field('second', n === 2 ? '\\d{2}' : '\\d{1,2}');
    else if (c === 'S') field('fraction', `\\d{${n}}`);
    else if (c === 'a') field('ampm', '[AaPp][Mm]');
    else if (c === 'E') field('skip', '[A-Za-z]{2,9}');
    else if (c === 'Z' || c === 'X' || c === 'x') field('zone', 'Z|z|[+-]\\d{2}(?::?\\d{2})?');
    else refuse(`the letter ${c} is not a date field here (y M d H h m s S E a Z; put text in quotes)`);
  }
  const has = (token: DateToken) => tokens.includes(token);
  if (!(has('month') || has('monthName')) || !has('day')) refuse('a date pattern needs the month (M) and the day (d)');
  if (has('hour12') !== has('ampm')) refuse('h (1-12) needs a (AM/PM), and a needs h');
  const regex = new RegExp(`^${source}$`);
  return (text, ctx) => {
    const m = regex.exec(text);
    if (!m) return undefined;
    const wall: Wall = { year: undefined, month: -1, day: 0, hour: 0, minute: 0, second: 0, ms: 0, offset: undefined };
    let pm = false;
    tokens.forEach((token, k) => {
      const value = m[k + 1] as string;
      if (token === 'year') wall.year = Number(value);
      else if (token === 'year2') wall.year = 2000 + Number(value);
      else if (token === 'month') wall.month = Number(value) - 1;
      else if (token === 'monthName') wall.month = monthIndex(value) ?? -1;
      else if (token === 'day') wall.day = Number(value);
      else if (token === 'hour' || token === 'hour12') wall.hour = Number(value);
      else if (token === 'minute') wall.minute = Number(value);
      else if (token === 'second') wall.second = Number(value);
      else if (token === 'fraction') wall.ms = fraction(value);
      else if (token === 'ampm') pm = value.toLowerCase() === 'pm';
      else if (token === 'zone') wall.offset = value;
    });
    if (has('hour12')) {
      if (wall.hour < 1 || wall.hour > 12) return undefined;
      wall.hour = (wall.hour % 12) + (pm ? 12 : 0);
    }
    return fromWall(wall, ctx);
  };
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
