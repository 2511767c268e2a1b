import { getField, type LogEvent } from '../event.js';
import type { QueryNode, RangeOp } from './ast.js';

const TOKEN = /[\p{L}\p{N}]+/gu;

/**
 * The words of a text as free text sees them: runs of letters and digits, lower-cased
 * (`Failed password for 10.0.0.9` → `failed password for 10 0 0 9`). The one tokenizer: the
 * parser makes `text` nodes with it and `matchesQuery` splits `log.original` with it. It lowers
 * before splitting, so tokenizing a token gives the token back.
 */
export function textTokens(s: string): string[] {
  return s.toLowerCase().match(TOKEN) ?? [];
}

/**
 * Whether one event matches a query: the reference evaluator. The log stores' contract tests
 * hold every store to it (the same query finds the same events), and `logs tail` can filter with
 * it. The semantics are those of `QueryNode` (ast.ts).
 */
export function matchesQuery(event: LogEvent, node: QueryNode): boolean {
  switch (node.kind) {
    case 'all':
      return true;
    case 'and':
      return node.nodes.every((n) => matchesQuery(event, n));
    case 'or':
      return node.nodes.some((n) => matchesQuery(event, n));
    case 'not':
      return !matchesQuery(event, node.node);
    case 'exists':
      return values(getField(event, node.field)).length > 0;
    case 'match': {
      const test = node.wildcard ? globTest(node.value) : equalsTest(node.value);
      return values(getField(event, node.field)).some(test);
    }
    case 'range':
      return values(getField(event, node.field)).some((v) => {
        const n = node.time ? timeOf(v) : typeof v === 'number' ? v : Number.NaN;
        return !Number.isNaN(n) && compare(n, node.op, node.value);
      });
    case 'text':
      return textMatches(getField(event, 'log.original'), node.words, node.phrase);
  }
}

/** The values a field holds: its elements when an array; null and undefined are no value. */
function values(value: unknown): unknown[] {
  const all = Array.isArray(value) ? value : [value];
  return all.filter((v) => v !== undefined && v !== null);
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function equalsTest(query: string): (v: unknown) => boolean {
  const lower = query.toLowerCase();
  const number = NUMBER.test(query.trim()) ? Number(query) : Number.NaN;
  return (v) => {
    if (typeof v === 'string') return v.toLowerCase() === lower;
    if (typeof v === 'number') return v === number;
    if (typeof v === 'boolean') return String(v) === lower;
    return false;
  };
}

/** `*` any run, `?` one character, `\x` the character x; case-insensitive. */
function globTest(glob: string): (v: unknown) => boolean {
  let source = '';
  const lower = glob.toLowerCase();
  for (let i = 0; i < lower.length; i++) {
    const c = lower[i] as string;
    if (c === '\\' && i + 1 < lower.length) source += escapeRegex(lower[++i] as string);
    else if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else source += escapeRegex(c);
  }
  const re = new RegExp(`^${source}$`, 'su');
  return (v) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? re.test(String(v).toLowerCase()) : false);
}

function escapeRegex(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

function timeOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return Date.parse(v);
  return Number.NaN;
}

function compare(a: number, op: RangeOp, b: number): boolean {
  switch (op) {
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
  }
}

function textMatches(original: unknown, words: string[], phrase: boolean): boolean {
  if (typeof original !== 'string') return words.length === 0;
  const tokens = textTokens(original);
  if (!phrase) {
    const set = new Set(tokens);
    return words.every((w) => set.has(w));
  }
  if (words.length === 0) return true;
  for (let i = 0; i + words.length <= tokens.length; i++) {
    if (words.every((w, j) => tokens[i + j] === w)) return true;
  }
  return false;
}
