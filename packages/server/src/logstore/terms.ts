// What the SQL stores index, computed in one place so SQLite and PostgreSQL agree with each other
// and with core's `matchesQuery` (the semantics are in core's query/ast.ts).
import type { LogEvent } from '@secai/core/events';

/** Runs of letters and digits, lower-cased: the free-text tokens (`10.0.0.9` → 10 0 0 9). */
export function textTokens(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}
const TOKEN = /[\p{L}\p{N}]+/gu;

/**
 * A leaf value as the part of a field term after its path: strings lower-cased, numbers marked
 * with `#` so that the string "404.0" never equals the number 404 (numbers compare by value).
 */
function leafRest(value: unknown): string | undefined {
  if (typeof value === 'string') return boundRest(`=${value.toLowerCase()}`);
  if (typeof value === 'number') return Number.isFinite(value) ? `=#${value}` : undefined;
  if (typeof value === 'boolean') return `=${value}`;
  return undefined;
}

/**
 * Long values (a whole line kept as a field) would bloat the index and overflow PostgreSQL's GIN
 * entry limit (~2.7 kB): past this length a term is its path and a 64-bit hash of the value.
 */
const MAX_TERM_VALUE = 128;
const boundRest = (rest: string): string => (rest.length <= MAX_TERM_VALUE ? rest : `=~${hash64(rest)}`);

/** Every `field=value` term of an event; an array gives one term per element. */
export function fieldTerms(event: LogEvent): string[] {
  const out: string[] = [];
  forEachLeaf(event as unknown as Record<string, unknown>, '', (path, value) => {
    const rest = leafRest(value);
    if (rest !== undefined) out.push(path + rest);
  });
  return out;
}

/**
 * `fieldTerms(event).map(termToken).join(' ')`, made without the terms: each path's token head
 * is made once and found by walking a tree of the paths met, so a leaf costs its value's token
 * and no path string. This runs on every event the SQLite store writes (a tenth of its time).
 */
export function fieldTokens(event: LogEvent): string {
  return tokensUnder(event as unknown as Record<string, unknown>, PATHS, '');
}

/** A field path met in events, with its token head up to and including `=` (null: not indexed). */
interface PathNode {
  path: string;
  head: string | null;
  children?: Map<string, PathNode>;
}
const PATHS: PathNode = { path: '', head: null };
/** Paths remembered, at most: events with endless distinct keys must not grow the tree forever. */
const MAX_PATHS = 10_000;
let pathsMet = 0;
const EQUALS = termToken('=');
const HASHED = termToken('~');
const NUMBER = termToken('#');

function pathNode(parent: PathNode, key: string): PathNode {
  const known = parent.children?.get(key);
  if (known) return known;
  const path = parent.path ? `${parent.path}.${key}` : key;
  const node: PathNode = { path, head: UNINDEXED_FIELDS.has(path) ? null : termToken(path) + EQUALS };
  if (pathsMet < MAX_PATHS) {
    pathsMet++;
    parent.children ??= new Map();
    parent.children.set(key, node);
  }
  return node;
}

function tokensUnder(obj: Record<string, unknown>, parent: PathNode, out: string): string {
  let tokens = out;
  for (const key in obj) {
    const value = obj[key];
    if (value === undefined || value === null) continue;
    const node = pathNode(parent, key);
    if (node.head === null) continue;
    if (Array.isArray(value)) for (const v of value) tokens = withToken(tokens, node.head, v);
    else if (typeof value === 'object') tokens = tokensUnder(value as Record<string, unknown>, node, tokens);
    else tokens = withToken(tokens, node.head, value);
  }
  return tokens;
}

/** `out` and the token of `head` and a leaf value, as leafRest and termToken make it. */
function withToken(out: string, head: string, value: unknown): string {
  let token: string;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    token = lower.length < MAX_TERM_VALUE ? head + termToken(lower) : `${head}${HASHED}${hash64(`=${lower}`)}`;
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) return out;
    token = head + NUMBER + termToken(String(value));
  } else if (typeof value === 'boolean') token = head + String(value);
  else return out;
  return out ? `${out} ${token}` : token;
}

/**
 * Fields kept out of the term index: a value nearly every event has its own of (ids, times) only
 * bloats an inverted index, and the text is searched as free text. A `field:value` on them is
 * answered by reading the stored events in the time range (sql-query.ts).
 */
export const UNINDEXED_FIELDS: ReadonlySet<string> = new Set([
  '@timestamp',
  'event.id',
  'event.ingested',
  'event.created',
  'event.start',
  'event.end',
  'log.original',
  'message',
  'error.message',
]);

/**
 * The leaves flattenEvent gives, array elements one by one, without building the pairs: this
 * runs on every stored event, and the pairs were a fifth of SQLite's write time.
 */
function forEachLeaf(obj: Record<string, unknown>, prefix: string, fn: (path: string, value: unknown) => void): void {
  for (const key in obj) {
    const value = obj[key];
    if (value === undefined || value === null) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (UNINDEXED_FIELDS.has(path)) continue;
    if (Array.isArray(value)) for (const v of value) fn(path, v);
    else if (typeof value === 'object') forEachLeaf(value as Record<string, unknown>, path, fn);
    else fn(path, value);
  }
}

/** The terms any one of which satisfies `field:value` (not a wildcard). */
export function matchTerms(field: string, value: string): string[] {
  const terms = [field + boundRest(`=${value.toLowerCase()}`)];
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (Number.isFinite(n)) terms.push(`${field}=#${n}`);
  return terms;
}

/**
 * 64 bits of cyrb53's two lanes as 14 base-36 characters: letters and digits only, so a term
 * hash is one FTS5 token. Collisions (≈ n²/2⁶⁵) would only add false hits, never lose events.
 */
export function hash64(s: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 >>> 0).toString(36).padStart(7, '0') + (h2 >>> 0).toString(36).padStart(7, '0');
}

/**
 * A term as the one FTS5 token the SQLite store indexes it under. FTS5's `ascii` tokenizer keeps
 * ASCII letters, digits and every non-ASCII character in a token, so each other ASCII character
 * becomes a private-use character (U+E000 + its code). A value holding those very characters
 * could collide, which would only add a false hit. Hashing instead cost three times as much.
 */
export function termToken(term: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < term.length; i++) {
    const c = term.charCodeAt(i);
    if (c < 128 && !((c >= 48 && c <= 57) || (c >= 97 && c <= 122))) {
      out += term.slice(start, i) + String.fromCharCode(0xe000 + c);
      start = i + 1;
    }
  }
  return start === 0 ? term : out + term.slice(start);
}

/** The UTC day (`YYYY-MM-DD`) of a time in ms: the partition an event lives in. */
export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** `@timestamp` in ms since the epoch; the stores order and partition on it. */
export function eventTime(event: LogEvent): number {
  const ms = Date.parse(event['@timestamp']);
  if (!Number.isFinite(ms)) throw new TypeError(`event ${event.event.id} has no valid @timestamp`);
  return ms;
}

export const DAY_MS = 86_400_000;
