// A hand-written tokenizer and recursive-descent parser rather than a parser generator or a
// Lucene-syntax package: every error can name the exact 1-based position of what is wrong, the
// limits (length, nesting, terms) are checked where they happen so no input can overflow the
// stack, and core keeps no runtime dependency for it.
import { ValidationError } from '../../errors/secai-error.js';
import type { QueryNode, RangeOp } from './ast.js';
import { textTokens } from './match.js';

/** The fields a comparison takes a time on (`@timestamp>now-1h`); every other field takes a number. */
export const DATE_FIELDS: readonly string[] = ['@timestamp', 'event.created', 'event.ingested', 'event.start', 'event.end'];

export const QUERY_MAX_LENGTH = 4096;
export const QUERY_MAX_DEPTH = 32;
export const QUERY_MAX_TERMS = 256;

export interface ParseQueryOptions {
  /** What `now` means in `now-1h`; the current time when not given. */
  now?: Date;
}

type Token =
  | { type: '(' | ')' | 'AND' | 'OR' | 'NOT' | '-' | 'end'; pos: number }
  /** `field:value`, `field:"value"`, `field>=value`: `value` unescaped, `glob` keeps wildcards. */
  | { type: 'field'; pos: number; field: string; op: ':' | RangeOp; value: string; glob: string; wildcard: boolean; quoted: boolean }
  /** A bare word, escapes resolved; `wildcard` when it has an unescaped `*` or `?`. */
  | { type: 'word'; pos: number; text: string; raw: string; wildcard: boolean }
  /** Quoted free text. */
  | { type: 'phrase'; pos: number; text: string };

const FIELD = /[A-Za-z_@][A-Za-z0-9_.@-]*(?=[:<>])/y;
const SPACE = /\s/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const RELATIVE = /^now(?:-(\d+)([smhdw]))?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
/** 0000-01-01 and 9999-12-31T23:59:59.999Z: what `formatQuery` can print back as ISO. */
const MIN_TIME = -62_167_219_200_000;
const MAX_TIME = 253_402_300_799_999;

/** A QUERY_INVALID error; `@@` in `message` marks where "at position N" goes (else at the end). */
function invalid(message: string, position: number): ValidationError {
  const at = `at position ${position}`;
  const full = message.includes('@@') ? message.replace('@@', at) : `${message} ${at}`;
  const error = new ValidationError(full, [{ code: 'invalid_query', path: ['query'], message: full }], 'QUERY_INVALID');
  Object.assign(error.details ?? {}, { position });
  return error;
}

function show(token: Token): string {
  switch (token.type) {
    case 'end':
      return 'end of query';
    case 'field':
      return `"${token.field}${token.op}"`;
    case 'word':
      return `"${token.raw}"`;
    case 'phrase':
      return 'quoted text';
    default:
      return `"${token.type}"`;
  }
}

class Lexer {
  private i = 0;
  terms = 0;
  constructor(private readonly q: string) {}

  next(): Token {
    const q = this.q;
    while (this.i < q.length && SPACE.test(q[this.i] as string)) this.i++;
    const start = this.i;
    const pos = start + 1;
    if (start >= q.length) return { type: 'end', pos };
    const c = q[start] as string;
    if (c === '(' || c === ')') {
      this.i++;
      return { type: c, pos };
    }
    if (c === '-' && start + 1 < q.length && !SPACE.test(q[start + 1] as string) && q[start + 1] !== ')') {
      this.i++;
      return { type: '-', pos };
    }
    if (c === '"') {
      this.countTerm(pos);
      return { type: 'phrase', pos, text: this.quoted() };
    }
    FIELD.lastIndex = start;
    const field = FIELD.exec(q)?.[0];
    if (field !== undefined) {
      this.countTerm(pos);
      this.i = start + field.length;
      return this.fieldTerm(field, pos);
    }
    const word = this.unquoted((ch) => SPACE.test(ch) || ch === '(' || ch === ')' || ch === '"');
    const raw = q.slice(start, this.i);
    if (raw === 'AND' || raw === 'OR' || raw === 'NOT') return { type: raw, pos };
    this.countTerm(pos);
    return { type: 'word', pos, text: word.literal, raw, wildcard: word.wildcard };
  }

  private countTerm(pos: number): void {
    if (++this.terms > QUERY_MAX_TERMS) throw invalid(`Too many terms (the limit is ${QUERY_MAX_TERMS}): term ${this.terms} is`, pos);
  }

  private fieldTerm(field: string, pos: number): Token {
    const q = this.q;
    let op: ':' | RangeOp;
    if (q[this.i] === ':') op = ':';
    else op = q[this.i + 1] === '=' ? (`${q[this.i]}=` as RangeOp) : (q[this.i] as RangeOp);
    this.i += op.length;
    const valuePos = this.i + 1;
    if (q[this.i] === '"') {
      const value = this.quoted();
      return { type: 'field', pos, field, op, value, glob: value, wildcard: false, quoted: true };
    }
    if (this.i >= q.length || SPACE.test(q[this.i] as string) || q[this.i] === ')')
      throw invalid(`Expected a value after "${field}${op}"`, valuePos);
    if (q[this.i] === '(') {
      throw invalid(
        `A list of values after a field (@@) is not supported: write (${field}:a OR ${field}:b), or quote a value that starts with "("`,
        valuePos,
      );
    }
    if (op === ':' && (q[this.i] === '[' || q[this.i] === '{')) {
      throw invalid(
        `A range in brackets is not supported: write ${field}>=a AND ${field}<=b, or quote a value that starts with "${q[this.i]}"`,
        valuePos,
      );
    }
    const v = this.unquoted((ch) => SPACE.test(ch) || ch === ')');
    return { type: 'field', pos, field, op, value: v.literal, glob: v.glob, wildcard: v.wildcard, quoted: false };
  }

  /** An unquoted run up to `stop`; a backslash makes the next character literal. */
  private unquoted(stop: (ch: string) => boolean): { literal: string; glob: string; wildcard: boolean } {
    const q = this.q;
    let literal = '';
    let glob = '';
    let wildcard = false;
    while (this.i < q.length && !stop(q[this.i] as string)) {
      let ch = q[this.i] as string;
      if (ch === '\\') {
        if (this.i + 1 >= q.length) throw invalid('Nothing to escape after "\\"', this.i + 1);
        const cp = q.codePointAt(this.i + 1) as number;
        ch = String.fromCodePoint(cp);
        this.i += 1 + ch.length;
        literal += ch;
        glob += ch === '*' || ch === '?' || ch === '\\' ? `\\${ch}` : ch;
        continue;
      }
      this.i++;
      if (ch === '*' || ch === '?') wildcard = true;
      literal += ch;
      glob += ch;
    }
    return { literal, glob, wildcard };
  }

  /** A double-quoted string at `this.i`; `\"` and `\\` (any `\x`: x) inside. */
  private quoted(): string {
    const q = this.q;
    const open = this.i + 1;
    this.i++;
    let out = '';
    for (;;) {
      if (this.i >= q.length) throw invalid('Unterminated quote: the one opened', open);
      const ch = q[this.i] as string;
      if (ch === '"') break;
      if (ch === '\\' && this.i + 1 < q.length) {
        out += q[this.i + 1];
        this.i += 2;
        continue;
      }
      out += ch;
      this.i++;
    }
    this.i++;
    if (this.i < q.length && !SPACE.test(q[this.i] as string) && q[this.i] !== ')') {
      throw invalid('Expected a space or ")" after the closing quote', this.i + 1);
    }
    return out;
  }
}

class Parser {
  private token: Token;
  private readonly lexer: Lexer;
  constructor(
    q: string,
    private readonly now: number,
  ) {
    this.lexer = new Lexer(q);
    this.token = this.lexer.next();
  }

  parse(): QueryNode {
    if (this.peek().type === 'end') return { kind: 'all' };
    const node = this.or(0);
    if (this.peek().type !== 'end') throw this.unexpected();
    return node;
  }

  /** The current token (a method, so TypeScript does not narrow it across `advance`). */
  private peek(): Token {
    return this.token;
  }

  private advance(): Token {
    const t = this.token;
    this.token = this.lexer.next();
    return t;
  }

  private unexpected(): ValidationError {
    const t = this.token;
    if (t.type === 'end') return invalid('Unexpected end of query', t.pos);
    return invalid(`Unexpected ${show(t)}`, t.pos);
  }

  private startsTerm(): boolean {
    const type = this.peek().type;
    return type === '(' || type === 'NOT' || type === '-' || type === 'field' || type === 'word' || type === 'phrase';
  }

  private or(depth: number): QueryNode {
    const nodes = [this.and(depth)];
    while (this.peek().type === 'OR') {
      const op = this.advance();
      if (!this.startsTerm()) throw this.expectedAfter('OR', op.pos);
      nodes.push(this.and(depth));
    }
    return combine('or', nodes);
  }

  private and(depth: number): QueryNode {
    const nodes = [this.unary(depth)];
    for (;;) {
      if (this.peek().type === 'AND') {
        const op = this.advance();
        if (!this.startsTerm()) throw this.expectedAfter('AND', op.pos);
      } else if (!this.startsTerm()) break;
      nodes.push(this.unary(depth));
    }
    return combine('and', nodes);
  }

  private expectedAfter(what: string, pos: number): ValidationError {
    const t = this.token;
    if (t.type === 'end') return invalid(`${what} @@ needs a term after it, but the query ends`, pos);
    return invalid(`Unexpected ${show(t)} @@: ${what} needs a term after it`, t.pos);
  }

  private unary(depth: number): QueryNode {
    if (this.peek().type === 'NOT' || this.peek().type === '-') {
      const op = this.advance();
      if (depth + 1 > QUERY_MAX_DEPTH) throw invalid(`Nested deeper than ${QUERY_MAX_DEPTH} levels (parentheses and NOT)`, op.pos);
      if (!this.startsTerm()) throw this.expectedAfter(op.type === 'NOT' ? 'NOT' : '"-"', op.pos);
      const inner = this.unary(depth + 1);
      return inner.kind === 'not' ? inner.node : { kind: 'not', node: inner };
    }
    return this.primary(depth);
  }

  private primary(depth: number): QueryNode {
    const t = this.token;
    switch (t.type) {
      case '(': {
        if (depth + 1 > QUERY_MAX_DEPTH) throw invalid(`Nested deeper than ${QUERY_MAX_DEPTH} levels (parentheses and NOT)`, t.pos);
        this.advance();
        if (this.peek().type === ')') throw invalid('Empty parentheses', t.pos);
        const inner = this.or(depth + 1);
        if (this.peek().type !== ')') {
          if (this.peek().type === 'end') throw invalid('Missing ")" for the "(" opened', t.pos);
          throw this.unexpected();
        }
        this.advance();
        return inner;
      }
      case 'field':
        this.advance();
        return this.fieldNode(t);
      case 'word':
        this.advance();
        if (t.wildcard) {
          throw invalid(
            `${show(t)} @@ is free text, which matches whole words: wildcards work only in a field's value (message:pass*, user.name:adm*)`,
            t.pos,
          );
        }
        return textNode(t.text, t.pos, show(t));
      case 'phrase':
        this.advance();
        return textNode(t.text, t.pos, 'The quoted text');
      default:
        throw this.unexpected();
    }
  }

  private fieldNode(t: Extract<Token, { type: 'field' }>): QueryNode {
    const { field, op } = t;
    if (op === ':') {
      if (!t.quoted && t.glob === '*') return { kind: 'exists', field };
      return t.wildcard
        ? { kind: 'match', field, value: t.glob, wildcard: true }
        : { kind: 'match', field, value: t.value, wildcard: false };
    }
    const valuePos = t.pos + field.length + op.length;
    const raw = t.value;
    if (DATE_FIELDS.includes(field)) {
      if (NUMBER.test(raw)) {
        throw invalid(
          `${field} is a date field: give a time (now-1h, 2026-12-01, 2026-12-01T10:00:00Z), not the number "${raw}" @@`,
          valuePos,
        );
      }
      const time = parseTime(raw, this.now);
      if (time === undefined) {
        throw invalid(
          `"${raw}" @@ is not a time; ${field} takes now, now-15m (s, m, h, d, w), 2026-12-01 or 2026-12-01T10:00:00Z`,
          valuePos,
        );
      }
      if (Number.isNaN(time)) throw invalid(`"${raw}" @@ is not a real date or time, or is out of range`, valuePos);
      return { kind: 'range', field, op, value: time, time: true };
    }
    if (NUMBER.test(raw)) {
      const value = Number(raw);
      if (!Number.isFinite(value)) throw invalid(`"${raw}" @@ is too large a number`, valuePos);
      return { kind: 'range', field, op, value, time: false };
    }
    if (parseTime(raw, this.now) !== undefined) {
      throw invalid(
        `"${raw}" @@ is a time, but ${field} is not a date field (${DATE_FIELDS.join(', ')}); compare it with a number`,
        valuePos,
      );
    }
    throw invalid(`${field}${op} takes a number, not "${raw}" @@`, valuePos);
  }
}

/**
 * A time as milliseconds since the epoch: `now`, `now-<N><s|m|h|d|w>`, or an ISO 8601 date
 * (midnight UTC) or date-time (UTC when it names no offset). `undefined` when `raw` has none of
 * these forms, NaN when it has one but names no real time (2026-02-30, 25:00) or one out of range.
 */
function parseTime(raw: string, now: number): number | undefined {
  const rel = RELATIVE.exec(raw);
  if (rel) {
    const ms = rel[1] === undefined ? now : now - Number(rel[1]) * UNIT_MS[rel[2] as keyof typeof UNIT_MS];
    return inRange(ms);
  }
  const m = ISO.exec(raw);
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (days === undefined || day < 1 || day > days || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return Number.NaN;
  let offset = 0;
  if (zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || '0');
    if (oh > 23 || om > 59) return Number.NaN;
    offset = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}.${frac.padEnd(3, '0').slice(0, 3)}Z`) - offset;
  return inRange(ms);
}

function inRange(ms: number): number {
  return Number.isFinite(ms) && ms >= MIN_TIME && ms <= MAX_TIME ? ms : Number.NaN;
}

function textNode(text: string, pos: number, what: string): QueryNode {
  const words = textTokens(text);
  if (words.length === 0) throw invalid(`${what} @@ has no letters or digits to search for`, pos);
  return { kind: 'text', words, phrase: words.length > 1 };
}

/**
 * One `and`/`or` of `nodes`: nested ones of the same kind flattened, and (in an `and`) the plain
 * words of all free-text terms gathered into one `text` node where the first stood.
 */
function combine(kind: 'and' | 'or', nodes: QueryNode[]): QueryNode {
  const flat: QueryNode[] = [];
  let words: string[] | undefined;
  for (const node of nodes.flatMap((n) => (n.kind === kind ? n.nodes : [n]))) {
    if (kind === 'and' && node.kind === 'text' && !node.phrase) {
      if (words) words.push(...node.words);
      else {
        words = [...node.words];
        flat.push({ kind: 'text', words, phrase: false });
      }
    } else flat.push(node);
  }
  return flat.length === 1 ? (flat[0] as QueryNode) : { kind, nodes: flat };
}

/**
 * Parses a log query (Lucene/Kibana-like; docs/query.md) into a `QueryNode`. Comparisons on date
 * fields are resolved to epoch milliseconds here, `now` from `options.now`. Throws a
 * `ValidationError` with code `QUERY_INVALID` whose message names the problem and its 1-based
 * position (`details.position`).
 */
export function parseQuery(q: string, options: ParseQueryOptions = {}): QueryNode {
  if (q.length > QUERY_MAX_LENGTH) {
    throw invalid(
      `The query is longer than ${QUERY_MAX_LENGTH.toLocaleString('en-US')} characters (${q.length.toLocaleString('en-US')}): it passes the limit`,
      QUERY_MAX_LENGTH + 1,
    );
  }
  const now = (options.now ?? new Date()).getTime();
  return new Parser(q, now).parse();
}

/** The words that are operators only in upper case (docs/query.md). */
const OPERATOR_WORDS = new Set(['and', 'or', 'not']);
const TERM_ENDS = new Set<Token['type']>(['word', 'phrase', 'field', ')']);
const TERM_STARTS = new Set<Token['type']>(['word', 'phrase', 'field', '(', '-', 'NOT']);

/**
 * The query with each lower-case `and`, `or` and `not` that stands between terms written as the
 * operator (`AND`, `OR`, `NOT`): what a search that found nothing may have meant, for a hint.
 * Undefined when there is no such word, or when the query so written would not parse.
 *
 * @example upperCaseOperatorWords('failed and not user.name:root') // 'failed AND NOT user.name:root'
 */
export function upperCaseOperatorWords(q: string): string | undefined {
  const tokens: Token[] = [];
  try {
    const lexer = new Lexer(q);
    for (let t = lexer.next(); t.type !== 'end'; t = lexer.next()) tokens.push(t);
  } catch {
    return undefined;
  }
  const isWord = (t: Token | undefined) => t?.type === 'word' && OPERATOR_WORDS.has(t.raw);
  // Neighbours are looked for past other such words: in `a and not b` both stand between a and b.
  const neighbour = (from: number, step: 1 | -1) => {
    let i = from + step;
    while (isWord(tokens[i])) i += step;
    return tokens[i];
  };
  const endsTerm = (t: Token | undefined) => t !== undefined && TERM_ENDS.has(t.type);
  const startsTerm = (t: Token | undefined) => t !== undefined && TERM_STARTS.has(t.type);
  let out = q;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i] as Token;
    if (t.type !== 'word' || !isWord(t)) continue;
    const before = neighbour(i, -1);
    const after = neighbour(i, 1);
    const afterOperator = t.raw === 'not' && (before?.type === 'AND' || before?.type === 'OR');
    if (!(endsTerm(before) || afterOperator) || !startsTerm(after)) continue;
    out = `${out.slice(0, t.pos - 1)}${t.raw.toUpperCase()}${out.slice(t.pos - 1 + t.raw.length)}`;
  }
  if (out === q) return undefined;
  try {
    parseQuery(out);
  } catch {
    return undefined;
  }
  return out;
}

/**
 * Prints a node as a query that `parseQuery` turns back into the same node (for any node
 * `parseQuery` can make; `all` prints as the empty query). Times print as ISO 8601 in UTC.
 */
export function formatQuery(node: QueryNode): string {
  return format(node, 'top');
}

function format(node: QueryNode, parent: 'top' | 'or' | 'and' | 'not'): string {
  switch (node.kind) {
    case 'all':
      return '';
    case 'or': {
      const s = node.nodes.map((n) => format(n, 'or')).join(' OR ');
      return parent === 'and' || parent === 'not' ? `(${s})` : s;
    }
    case 'and': {
      const s = node.nodes.map((n) => format(n, 'and')).join(' AND ');
      return parent === 'not' ? `(${s})` : s;
    }
    case 'not':
      return `NOT ${format(node.node, 'not')}`;
    case 'exists':
      return `${node.field}:*`;
    case 'match':
      return `${node.field}:${node.wildcard ? escapeGlob(node.value) : formatValue(node.value)}`;
    case 'range':
      return `${node.field}${node.op}${node.time ? new Date(node.value).toISOString() : String(node.value)}`;
    case 'text': {
      if (node.phrase) return quote(node.words.join(' '));
      const s = node.words.join(' ');
      return parent === 'not' && node.words.length > 1 ? `(${s})` : s;
    }
  }
}

function quote(s: string): string {
  return `"${s.replace(/["\\]/g, '\\$&')}"`;
}

function formatValue(value: string): string {
  return /^[^\s()"\\*?]+$/.test(value) ? value : quote(value);
}

/** A wildcard value unquoted: its own `\x` escapes kept, spaces, parentheses and quotes escaped. */
function escapeGlob(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '\\') {
      out += c + (glob[i + 1] ?? '\\');
      i++;
    } else out += SPACE.test(c) || c === '(' || c === ')' || c === '"' ? `\\${c}` : c;
  }
  return out;
}
