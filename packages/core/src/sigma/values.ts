// One `field|modifier|…: values` item of a Sigma detection, compiled into a test of a field's
// value. The semantics are the Sigma specification's (sigma-specification, "Value modifiers"):
// strings match case-insensitively unless `cased`, `*` and `?` are wildcards unless escaped
// with `\`, a list of values is any of them unless `all`. Written here: this is the engine's own
// matching, and it runs on every event.
import ipaddr from 'ipaddr.js';
import { RuleRefused } from './errors.js';

/** A field's value as an event holds it. */
export type FieldValue = unknown;
/**
 * Tests one field value (undefined when the event lacks the field). `anchors`, when set, are
 * lower-case strings one of which the value must contain for the test to hold: a rule set tries
 * a rule only on events where one is found (rule-set.ts).
 */
export interface ValueTest {
  (value: FieldValue, other: (field: string) => FieldValue): boolean;
  anchors?: readonly string[] | null;
}
/** An ASCII anchor shorter than this is found nearly everywhere: the test goes without (`🔥` is rare enough). */
const MIN_ANCHOR = 3;
const worthAnchoring = (s: string): boolean => s.length >= MIN_ANCHOR || [...s].some((c) => c.charCodeAt(0) > 127);

const TRANSFORMS = new Set(['base64', 'base64offset', 'utf16le', 'utf16be', 'utf16', 'wide', 'windash', 'expand']);
const MATCHERS = new Set(['contains', 'startswith', 'endswith', 're', 'cidr', 'exists', 'fieldref', 'gt', 'gte', 'lt', 'lte']);
const FLAGS = new Set(['all', 'cased', 'i', 'ignorecase', 'm', 'multiline', 's', 'dotall']);

export interface ValueOptions {
  /** Values of `%name%` placeholders, for `expand`. */
  placeholders?: Readonly<Record<string, readonly string[]>>;
}

/** Compiles the values of one detection item under its modifiers. */
export function compileValues(modifiers: readonly string[], raw: unknown, options: ValueOptions = {}): ValueTest {
  for (const m of modifiers) {
    if (!TRANSFORMS.has(m) && !MATCHERS.has(m) && !FLAGS.has(m)) throw new RuleRefused(`unknown value modifier "${m}"`);
  }
  const matchers = modifiers.filter((m) => MATCHERS.has(m));
  const matcher = matchers.find((m) => m !== 'fieldref') ?? matchers[0];
  if (
    matchers.length > 1 &&
    !(matchers.length === 2 && matchers.includes('fieldref') && ['contains', 'startswith', 'endswith'].includes(matcher as string))
  )
    throw new RuleRefused(`the modifiers ${matchers.join(' and ')} cannot be combined`);
  const all = modifiers.includes('all');
  const values = (Array.isArray(raw) ? raw : [raw]) as unknown[];
  if (values.length === 0) throw new RuleRefused('an empty list of values');

  if (matcher === 'exists') {
    if (values.length !== 1 || typeof values[0] !== 'boolean') throw new RuleRefused('exists takes true or false');
    const want = values[0];
    // Present, be it empty or null (the specification's words).
    return (v) => (v !== undefined) === want;
  }
  // A value a transform expands (windash, base64offset) holds when any of its spellings does;
  // `all` asks that of every value.
  const perValue = values.map((value) => {
    const tests = testsOf(value, modifiers, matcher, options);
    if (tests.length === 1) return tests[0] as ValueTest;
    return anchored(
      (v: FieldValue, other: (field: string) => FieldValue) => tests.some((t) => t(v, other)),
      anyOf(tests.map((t) => t.anchors ?? null)),
    );
  });
  const anchors = perValue.map((t) => t.anchors ?? null);
  if (all) return anchored((v, other) => perValue.every((t) => t(v, other)), bestOf(anchors));
  if (perValue.length === 1) return perValue[0] as ValueTest;
  return anchored((v, other) => perValue.some((t) => t(v, other)), anyOf(anchors));
}

export function anchored<T extends (...args: never[]) => boolean>(
  test: T,
  anchors: readonly string[] | null,
): T & { anchors: readonly string[] | null } {
  return Object.assign(test, { anchors });
}

/** Anchors of tests that must all hold: any one test's are enough; the fewest, longest are best. */
export function bestOf(sets: readonly (readonly string[] | null)[]): readonly string[] | null {
  let best: readonly string[] | null = null;
  const score = (a: readonly string[]) => Math.min(...a.map((s) => s.length)) / a.length;
  for (const set of sets) if (set && (!best || score(set) > score(best))) best = set;
  return best;
}

/** Anchors of tests one of which must hold: all of theirs, and none if one test has none. */
export function anyOf(sets: readonly (readonly string[] | null)[]): readonly string[] | null {
  if (sets.some((s) => s === null)) return null;
  return [...new Set(sets.flat() as string[])];
}

/** The test of one value; a value some transform expands into several is any of them. */
function testsOf(value: unknown, modifiers: readonly string[], matcher: string | undefined, options: ValueOptions): ValueTest[] {
  if (value === null) {
    if (matcher) throw new RuleRefused(`null cannot be used with ${matcher}`);
    return [(v) => v === undefined || v === null];
  }
  if (typeof value === 'object') throw new RuleRefused('a value is a map or a list inside a list');
  if (matcher === 'gt' || matcher === 'gte' || matcher === 'lt' || matcher === 'lte') return [numericTest(matcher, value)];
  if (modifiers.includes('fieldref')) return [fieldRefTest(String(value), matcher, modifiers.includes('cased'))];
  if (matcher === 'cidr') return [cidrTest(String(value))];
  if (matcher === 're') return [regexTest(String(value), modifiers)];
  const cased = modifiers.includes('cased');
  let patterns: string[] = [typeof value === 'string' ? value : String(value)];
  const transformed = modifiers.some((m) => ENCODINGS.has(m));
  if (transformed) {
    // Encoded, a value is bytes spelled out: a wildcard cannot be, and escapes are the text's own.
    const parts = splitWildcards(patterns[0] as string);
    if (parts.some((p) => typeof p !== 'string')) throw new RuleRefused(`a wildcard cannot be encoded (${modifiers.join('|')})`);
    patterns = [parts.join('')];
  }
  let bytes = false;
  for (const m of modifiers) {
    patterns = patterns.flatMap((p) => transform(m, p, options, bytes));
    if (m === 'wide' || m.startsWith('utf16')) bytes = true;
  }
  return patterns.map((p) => stringTest(transformed ? escapeWildcards(p) : p, matcher, cased));
}

/** Modifiers that turn a value into bytes (or their base64 text). */
const ENCODINGS = new Set(['base64', 'base64offset', 'utf16le', 'utf16be', 'utf16', 'wide']);

/** `bytes`: the pattern already holds bytes (one per character) from a UTF-16 modifier; else it is text, encoded as UTF-8. */
function transform(modifier: string, pattern: string, options: ValueOptions, bytes: boolean): string[] {
  switch (modifier) {
    case 'wide':
    case 'utf16le':
      return [[...pattern].map((c) => utf16(c, 'le')).join('')];
    case 'utf16be':
      return [[...pattern].map((c) => utf16(c, 'be')).join('')];
    case 'utf16':
      return [`\xff\xfe${[...pattern].map((c) => utf16(c, 'le')).join('')}`];
    case 'base64':
      return [Buffer.from(pattern, bytes ? 'latin1' : 'utf8').toString('base64')];
    case 'base64offset':
      return base64Offsets(Buffer.from(pattern, bytes ? 'latin1' : 'utf8'));
    case 'windash':
      return windash(pattern);
    case 'expand':
      return expand(pattern, options);
    default:
      return [pattern];
  }
}

/** A character as two bytes (latin1 chars in a string); characters past U+FFFF are refused upstream as rare. */
function utf16(c: string, order: 'le' | 'be'): string {
  const code = c.charCodeAt(0);
  const lo = String.fromCharCode(code & 0xff);
  const hi = String.fromCharCode(code >> 8);
  return order === 'le' ? lo + hi : hi + lo;
}

/**
 * The three spellings a value has inside base64 text, whatever its offset: each is the value
 * encoded after 0, 1 or 2 filler bytes, without the characters the filler or what follows the
 * value decide (as pySigma does, so rules behave as their authors tested them).
 */
function base64Offsets(value: Buffer): string[] {
  const starts = [0, 2, 3];
  const ends = [0, -3, -2];
  return [0, 1, 2].map((i) => {
    const encoded = Buffer.concat([Buffer.alloc(i, ' '), value]).toString('base64');
    const end = ends[(value.length + i) % 3] as number;
    return encoded.slice(starts[i], end === 0 ? undefined : end);
  });
}

/** Command-line flags as Windows programs take them: `-x`, `/x`, and the dashes Unicode has. */
const DASHES = ['-', '/', '\u2013', '\u2014', '\u2015'];
function windash(pattern: string): string[] {
  // A dash or slash that starts a word after a non-word character (pySigma's \B[-/]\b).
  const at: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if ((c === '-' || c === '/') && !isWord(pattern[i - 1]) && isWord(pattern[i + 1])) at.push(i);
  }
  if (at.length > 4) throw new RuleRefused('windash on a value with more than 4 flags');
  let out = [pattern];
  for (const i of at) out = out.flatMap((p) => DASHES.map((d) => p.slice(0, i) + d + p.slice(i + 1)));
  return out;
}
const isWord = (c: string | undefined): boolean => c !== undefined && /\w/.test(c);

function expand(pattern: string, options: ValueOptions): string[] {
  let out = [pattern];
  for (const [, name] of pattern.matchAll(/%(\w+)%/g)) {
    const values = options.placeholders?.[name as string];
    if (!values) throw new RuleRefused(`placeholder %${name}% has no values configured`);
    out = out.flatMap((p) => values.map((v) => p.split(`%${name}%`).join(v)));
  }
  return out;
}

const escapeWildcards = (s: string): string => s.replace(/[\\*?]/g, '\\$&');

/**
 * A string (or number) value as a test: the pattern is split into literal runs and wildcards;
 * literal runs with `*` only at their ends are string comparisons, anything else one RegExp.
 */
function stringTest(pattern: string, matcher: string | undefined, cased: boolean): ValueTest {
  // The wildcards contains, startswith and endswith add are parts, not text: a value ending in a
  // backslash (`\\Custom\\`) must not escape them.
  const value = splitWildcards(pattern);
  const before: Part[] = matcher === 'contains' || matcher === 'endswith' ? [STAR] : [];
  const after: Part[] = matcher === 'contains' || matcher === 'startswith' ? [STAR] : [];
  const parts = [...before, ...value, ...after].filter((p, i, all) => !(p === STAR && all[i - 1] === STAR));
  const fold = (s: string) => (cased ? s : s.toLowerCase());
  const literal = (p: Part) => (typeof p === 'string' ? fold(p) : undefined);
  let test: (s: string) => boolean;
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (parts.length === 1 && typeof first === 'string') {
    const want = fold(first);
    test = (s) => s === want;
  } else if (parts.length === 2 && typeof first === 'string' && last === STAR) {
    const want = fold(first);
    test = (s) => s.startsWith(want);
  } else if (parts.length === 2 && first === STAR && typeof last === 'string') {
    const want = fold(last);
    test = (s) => s.endsWith(want);
  } else if (parts.length === 3 && first === STAR && last === STAR && typeof parts[1] === 'string') {
    const want = fold(parts[1]);
    test = (s) => s.includes(want);
  } else if (parts.length === 1 && first === STAR) {
    test = () => true;
  } else {
    const source = parts.map((p) => (p === STAR ? '.*' : p === ONE ? '.' : escapeRegExp(literal(p) as string))).join('');
    const re = new RegExp(`^${source}$`, cased ? 's' : 'is');
    test = (s) => re.test(s);
  }
  const matchOne = (v: unknown): boolean => {
    if (typeof v === 'string') return test(cased ? v : lower(v));
    if (typeof v === 'number' || typeof v === 'boolean') return test(String(v).toLowerCase());
    return false;
  };
  const longest = parts.reduce<string>((a, p) => (typeof p === 'string' && p.length > a.length ? p : a), '');
  return anchored(
    (v: FieldValue) => (Array.isArray(v) ? v.some(matchOne) : matchOne(v)),
    worthAnchoring(longest) ? [longest.toLowerCase()] : null,
  );
}

/**
 * A string lower-cased, remembered: the rules an event tries read the same few fields hundreds of
 * times, and V8 keeps a string's hash with it, so the look-up costs far less than the folding.
 */
export function lower(s: string): string {
  let folded = FOLDED.get(s);
  if (folded === undefined) {
    folded = s.toLowerCase();
    if (FOLDED.size >= MAX_FOLDED) FOLDED.clear();
    FOLDED.set(s, folded);
  }
  return folded;
}
const FOLDED = new Map<string, string>();
const MAX_FOLDED = 4_096;

const STAR = Symbol('*');
const ONE = Symbol('?');
type Part = string | typeof STAR | typeof ONE;

/** `a*b\*c?` → ['a', STAR, 'b*c', ONE]; a backslash escapes `*`, `?` and itself, and is kept before anything else. */
export function splitWildcards(pattern: string): Part[] {
  const parts: Part[] = [];
  let run = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    const next = pattern[i + 1];
    if (c === '\\' && (next === '*' || next === '?' || next === '\\')) {
      run += next;
      i++;
    } else if (c === '*' || c === '?') {
      if (run) parts.push(run);
      run = '';
      if (c === '?' || parts[parts.length - 1] !== STAR) parts.push(c === '*' ? STAR : ONE);
    } else run += c;
  }
  if (run) parts.push(run);
  return parts;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

function regexTest(source: string, modifiers: readonly string[]): ValueTest {
  let flags = '';
  let body = source;
  // A leading inline flag group, as PCRE and Python write it (JavaScript has flags instead).
  const inline = /^\(\?([ims]+)\)/.exec(body);
  if (inline) {
    flags += inline[1];
    body = body.slice(inline[0].length);
  }
  if (modifiers.includes('i') || modifiers.includes('ignorecase')) flags += 'i';
  if (modifiers.includes('m') || modifiers.includes('multiline')) flags += 'm';
  if (modifiers.includes('s') || modifiers.includes('dotall')) flags += 's';
  let re: RegExp;
  try {
    re = new RegExp(body, [...new Set(flags)].join(''));
  } catch (err) {
    throw new RuleRefused(`regular expression /${source}/ is not supported: ${(err as Error).message}`);
  }
  const one = (v: unknown) => (typeof v === 'string' || typeof v === 'number') && re.test(String(v));
  return (v) => (Array.isArray(v) ? v.some(one) : one(v));
}

function numericTest(op: 'gt' | 'gte' | 'lt' | 'lte', value: unknown): ValueTest {
  const bound = Number(value);
  if (!Number.isFinite(bound)) throw new RuleRefused(`${op} needs a number, not ${JSON.stringify(value)}`);
  const cmp = {
    gt: (n: number) => n > bound,
    gte: (n: number) => n >= bound,
    lt: (n: number) => n < bound,
    lte: (n: number) => n <= bound,
  }[op];
  const one = (v: unknown) => {
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
    return Number.isFinite(n) && cmp(n);
  };
  return (v) => (Array.isArray(v) ? v.some(one) : one(v));
}

/** Equal to another field of the event, or containing it, starting or ending with it. */
function fieldRefTest(field: string, matcher: string | undefined, cased: boolean): ValueTest {
  const fold = (v: unknown) =>
    typeof v === 'string' ? (cased ? v : v.toLowerCase()) : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  const compare =
    matcher === 'contains'
      ? (a: string, b: string) => a.includes(b)
      : matcher === 'startswith'
        ? (a: string, b: string) => a.startsWith(b)
        : matcher === 'endswith'
          ? (a: string, b: string) => a.endsWith(b)
          : (a: string, b: string) => a === b;
  return (v, other) => {
    const a = fold(v);
    const b = fold(other(field));
    return a !== undefined && b !== undefined && compare(a, b);
  };
}

function cidrTest(range: string): ValueTest {
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(range);
  } catch {
    throw new RuleRefused(`"${range}" is not a CIDR range`);
  }
  const [net, bits] = parsed;
  const one = (v: unknown) => {
    if (typeof v !== 'string' || !ipaddr.isValid(v)) return false;
    let ip = ipaddr.parse(v);
    if (ip.kind() === 'ipv6' && net.kind() === 'ipv4' && (ip as ipaddr.IPv6).isIPv4MappedAddress())
      ip = (ip as ipaddr.IPv6).toIPv4Address();
    return ip.kind() === net.kind() && ip.match(net, bits);
  };
  return (v) => (Array.isArray(v) ? v.some(one) : one(v));
}
