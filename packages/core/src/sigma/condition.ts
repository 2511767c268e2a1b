// A Sigma condition (`selection and not 1 of filter_*`) parsed into a tree and compiled over the
// rule's named searches. Precedence, loosest first: or, and, not; parentheses group.
import { RuleRefused } from './errors.js';

export type Condition =
  | { kind: 'search'; name: string }
  | { kind: 'not'; of: Condition }
  | { kind: 'and' | 'or'; of: Condition[] }
  /** `1 of x*`, `all of them`: `count` is how many must match (Infinity for all). */
  | { kind: 'of'; count: number; names: string[] };

const TOKEN = /\s*(\(|\)|[^\s()]+)/y;

/** Parses a condition against the names the detection defines; an unknown name or a pipe is refused. */
export function parseCondition(text: string, searches: readonly string[]): Condition {
  if (text.includes('|')) throw new RuleRefused(`aggregation in the condition ("${text}"): write it as a correlation rule`);
  const tokens: string[] = [];
  let read = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    tokens.push(m[1] as string);
    read = TOKEN.lastIndex;
  }
  if (text.slice(read).trim() !== '') throw new RuleRefused(`condition "${text}" cannot be read`);
  let at = 0;
  const peek = () => tokens[at]?.toLowerCase();
  const fail = (why: string): never => {
    throw new RuleRefused(`condition "${text}": ${why}`);
  };

  /** `next (kind next)*`: and binds tighter than or. */
  const joined = (kind: 'and' | 'or', next: () => Condition) => (): Condition => {
    const of = [next()];
    while (peek() === kind) {
      at++;
      of.push(next());
    }
    return of.length === 1 ? (of[0] as Condition) : { kind, of };
  };
  const and = joined('and', () => not());
  const or = joined('or', and);
  const not = (): Condition => {
    if (peek() === 'not') {
      at++;
      return { kind: 'not', of: not() };
    }
    return primary();
  };
  const primary = (): Condition => {
    const token = tokens[at++];
    if (token === undefined) return fail('ends too soon');
    if (token === '(') {
      const inner = or();
      if (tokens[at++] !== ')') fail('a parenthesis is not closed');
      return inner;
    }
    if (tokens[at]?.toLowerCase() === 'of') {
      at++;
      const target = tokens[at++];
      if (target === undefined) return fail('"of" names nothing');
      const count = token.toLowerCase() === 'all' ? Number.POSITIVE_INFINITY : Number(token);
      if (!(count === Number.POSITIVE_INFINITY || (Number.isInteger(count) && count >= 1))) fail(`"${token} of" is not a count`);
      const names = target.toLowerCase() === 'them' ? searches.filter((s) => !s.startsWith('_')) : searches.filter(globTest(target));
      if (names.length === 0) fail(`no search matches "${target}"`);
      return { kind: 'of', count, names };
    }
    if (!searches.includes(token)) fail(`"${token}" is not a search of the detection`);
    return { kind: 'search', name: token };
  };

  const tree = or();
  if (at < tokens.length) fail(`"${tokens[at]}" is not expected here`);
  return tree;
}

/** `selection_*` as a test of names (`*` any run, `?` one character). */
function globTest(glob: string): (name: string) => boolean {
  const re = new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return (name) => re.test(name);
}

/** The condition as one test, given each search's test. */
export function compileCondition<E>(condition: Condition, search: (name: string) => (event: E) => boolean): (event: E) => boolean {
  switch (condition.kind) {
    case 'search':
      return search(condition.name);
    case 'not': {
      const of = compileCondition(condition.of, search);
      return (e) => !of(e);
    }
    case 'and': {
      const of = condition.of.map((c) => compileCondition(c, search));
      return (e) => of.every((t) => t(e));
    }
    case 'or': {
      const of = condition.of.map((c) => compileCondition(c, search));
      return (e) => of.some((t) => t(e));
    }
    case 'of': {
      const of = condition.names.map(search);
      const need = Math.min(condition.count, of.length);
      if (need === of.length) return (e) => of.every((t) => t(e));
      if (need === 1) return (e) => of.some((t) => t(e));
      return (e) => {
        let n = 0;
        for (const t of of) if (t(e) && ++n >= need) return true;
        return false;
      };
    }
  }
}
