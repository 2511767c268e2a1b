// A query AST (core's query/ast.ts) as a WHERE fragment with `?` parameters, for the SQLite and
// the PostgreSQL log store. Field matches and words go through the stores' indexes (FTS5 tables
// on SQLite, GIN on PostgreSQL); wildcards, `exists` and ranges on fields other than
// `@timestamp` test the stored JSON row by row, within the time range the rest narrowed to.
import type { QueryNode, RangeOp } from '@secai/core/events';
import { matchTerms, termToken, textTokens, UNINDEXED_FIELDS } from './terms.js';

export type Dialect = 'sqlite' | 'postgresql';

/**
 * Columns the fragments name, on the events table aliased `e`: `ts`, `doc` (and `rowid`, `terms`,
 * `tsv`). SQLite's also name `$lo` and `$hi`, the rowids of the time range searched (sqlite-day.ts).
 */
export interface SqlFragment {
  sql: string;
  params: SqlValue[];
  /** SQLite: the fragment is one FTS5 table's MATCH alone, which a count can ask that table for. */
  fts?: { table: 'fields' | 'text'; match: string };
}
export type SqlValue = string | number | string[];

const TRUE: SqlFragment = { sql: '1=1', params: [] };
const FALSE: SqlFragment = { sql: '1=0', params: [] };
const OPS: Record<RangeOp, string> = { '>': '>', '>=': '>=', '<': '<', '<=': '<=' };

export function compileQuery(node: QueryNode, dialect: Dialect): SqlFragment {
  const d = dialect === 'sqlite' ? sqlite : postgres;
  switch (node.kind) {
    case 'all':
      return TRUE;
    case 'and':
    case 'or': {
      if (node.nodes.length === 0) return node.kind === 'and' ? TRUE : FALSE;
      const parts = node.nodes.map((n) => compileQuery(n, dialect));
      const joiner = node.kind === 'and' ? ' AND ' : ' OR ';
      return { sql: `(${parts.map((p) => p.sql).join(joiner)})`, params: parts.flatMap((p) => p.params) };
    }
    case 'not': {
      // Every fragment is true or false, never NULL, so NOT of a field match also holds for events
      // without the field, as core's matchesQuery has it.
      const inner = compileQuery(node.node, dialect);
      return { sql: `NOT (${inner.sql})`, params: inner.params };
    }
    case 'match': {
      const like = node.wildcard ? globToLike(node.value) : null;
      if (like !== null) return d.like(node.field, like);
      const value = unescapeGlob(node.value, node.wildcard);
      // Not in the term index: the same comparison, made on the stored event (a LIKE without wildcards).
      return UNINDEXED_FIELDS.has(node.field)
        ? d.like(node.field, value.toLowerCase().replace(/[\\%_]/g, '\\$&'))
        : d.match(node.field, value);
    }
    case 'exists':
      return d.exists(node.field);
    case 'range':
      if (node.field === '@timestamp') return d.tsRange(OPS[node.op], node.value);
      return node.time ? d.timeRange(node.field, OPS[node.op], node.value) : d.numberRange(node.field, OPS[node.op], node.value);
    case 'text': {
      // A word of several tokens (`10.0.0.9`) is itself a phrase; a word with none constrains nothing.
      const groups = node.phrase ? [node.words.flatMap(textTokens)] : node.words.map(textTokens);
      const phrases = groups.filter((g) => g.length > 0);
      return phrases.length === 0 ? TRUE : d.text(phrases);
    }
  }
}

/**
 * A glob (`*` any run, `?` one character, `\x` a literal x) as a LIKE pattern escaped with `\`,
 * lower-cased; null when it has no wildcard left (then an exact, indexed match does).
 */
export function globToLike(glob: string): string | null {
  let out = '';
  let wild = false;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '\\' && i + 1 < glob.length) {
      out += escapeLike(glob[++i] as string);
    } else if (c === '*') {
      out += '%';
      wild = true;
    } else if (c === '?') {
      out += '_';
      wild = true;
    } else out += escapeLike(c);
  }
  return wild ? out.toLowerCase() : null;
}

const escapeLike = (c: string) => (c === '%' || c === '_' || c === '\\' ? `\\${c}` : c);

/** The literal value of a wildcard match that has no wildcard (`a\*b` is `a*b`). */
function unescapeGlob(value: string, wildcard: boolean): string {
  return wildcard ? value.replace(/\\(.)/g, '$1') : value;
}

interface DialectSql {
  match(field: string, value: string): SqlFragment;
  like(field: string, pattern: string): SqlFragment;
  exists(field: string): SqlFragment;
  tsRange(op: string, ms: number): SqlFragment;
  numberRange(field: string, op: string, value: number): SqlFragment;
  timeRange(field: string, op: string, ms: number): SqlFragment;
  text(phrases: string[][]): SqlFragment;
}

/** `$."a"."b"`: each key quoted, so `@timestamp` and odd keys are safe. */
export const jsonPath = (field: string): string =>
  `$${field
    .split('.')
    .map((k) => `."${k.replace(/["\\]/g, '\\$&')}"`)
    .join('')}`;

/** SQLite's json_each yields an array's elements, or a scalar itself, or nothing when missing. */
const SQLITE_LEAF = `CASE j.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE lower(j.value) END`;

const sqlite: DialectSql = {
  match: (field, value) => ftsMatch('fields', matchTerms(field, value).map(termToken).join(' OR ')),
  like: (field, pattern) => ({
    sql: `EXISTS (SELECT 1 FROM json_each(e.doc, ?) j WHERE j.type NOT IN ('object', 'array', 'null') AND ${SQLITE_LEAF} LIKE ? ESCAPE '\\')`,
    params: [jsonPath(field), pattern],
  }),
  exists: (field) => ({ sql: `coalesce(json_type(e.doc, ?), 'null') <> 'null'`, params: [jsonPath(field)] }),
  tsRange: (op, ms) => ({ sql: `e.ts ${op} ?`, params: [ms] }),
  numberRange: (field, op, value) => ({
    sql: `EXISTS (SELECT 1 FROM json_each(e.doc, ?) j WHERE j.type IN ('integer', 'real') AND j.value ${op} ?)`,
    params: [jsonPath(field), value],
  }),
  timeRange: (field, op, ms) => ({
    sql: `EXISTS (SELECT 1 FROM json_each(e.doc, ?) j WHERE j.type = 'text' AND round(unixepoch(j.value, 'subsec') * 1000) ${op} ?)`,
    params: [jsonPath(field), ms],
  }),
  // Tokens are letters and digits only, so quoting each phrase is all FTS5 syntax needs.
  text: (phrases) => ftsMatch('text', phrases.map((p) => `"${p.join(' ')}"`).join(' AND ')),
};

function ftsMatch(table: 'fields' | 'text', match: string): SqlFragment {
  return {
    sql: `e.rowid IN (SELECT rowid FROM ${table} WHERE ${table} MATCH ? AND rowid >= $lo AND rowid < $hi)`,
    params: [match],
    fts: { table, match },
  };
}

const PG_MIN_MS = Date.parse('0001-01-01T00:00:00.000Z');
const PG_MAX_MS = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * A time as PostgreSQL takes it: it has no year 0 (a JavaScript Date does), so times are held
 * to years 1 to 9999, where a bound past them selects the same events.
 */
export const pgTimestamp = (ms: number): string => new Date(Math.min(PG_MAX_MS, Math.max(PG_MIN_MS, ms))).toISOString();

/** PostgreSQL: `lax $.a[*]` yields an array's elements or a scalar itself. */
export const pgPath = (field: string): string => `lax ${jsonPath(field)}[*]`;
const PG_LEAVES = `jsonb_path_query(e.doc, ?::jsonpath) j(v)`;

const postgres: DialectSql = {
  match: (field, value) => ({ sql: 'e.terms && ?::text[]', params: [matchTerms(field, value)] }),
  like: (field, pattern) => ({
    sql: `EXISTS (SELECT 1 FROM ${PG_LEAVES} WHERE jsonb_typeof(j.v) IN ('string', 'number', 'boolean') AND lower(j.v #>> '{}') LIKE ?)`,
    params: [pgPath(field), pattern],
  }),
  exists: (field) => ({ sql: `coalesce(jsonb_typeof(e.doc #> ?::text[]), 'null') <> 'null'`, params: [field.split('.')] }),
  tsRange: (op, ms) => ({ sql: `e.ts ${op} ?::timestamptz`, params: [pgTimestamp(ms)] }),
  numberRange: (field, op, value) => ({
    sql: `EXISTS (SELECT 1 FROM ${PG_LEAVES} WHERE CASE WHEN jsonb_typeof(j.v) = 'number' THEN (j.v)::numeric ${op} ? ELSE false END)`,
    params: [pgPath(field), value],
  }),
  timeRange: (field, op, ms) => ({
    // CASE, not AND: PostgreSQL does not promise to test the shape before the cast.
    sql: `EXISTS (SELECT 1 FROM ${PG_LEAVES} WHERE CASE WHEN jsonb_typeof(j.v) = 'string' AND (j.v #>> '{}') ~ '^\\d{4}-\\d\\d-\\d\\d' THEN (j.v #>> '{}')::timestamptz ${op} ?::timestamptz ELSE false END)`,
    params: [pgPath(field), pgTimestamp(ms)],
  }),
  text: (phrases) => ({
    sql: 'e.tsv @@ ?::tsquery',
    // A tsquery literal, not to_tsquery: PostgreSQL's parser must not re-split our tokens.
    params: [phrases.map((p) => `(${p.map((t) => `'${t}'`).join(' <-> ')})`).join(' & ')],
  }),
};
