import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ValidationError } from '../../errors/secai-error.js';
import type { QueryNode } from './ast.js';
import { DATE_FIELDS, formatQuery, parseQuery, upperCaseOperatorWords } from './parse.js';

const now = new Date('2026-12-01T12:00:00Z');
const parse = (q: string) => parseQuery(q, { now });
const match = (field: string, value: string, wildcard = false): QueryNode => ({ kind: 'match', field, value, wildcard });
const text = (...words: string[]): QueryNode => ({ kind: 'text', words, phrase: false });
const phrase = (...words: string[]): QueryNode => ({ kind: 'text', words, phrase: true });

/** The error parseQuery throws for `q`: QUERY_INVALID with its position in the details. */
function failure(q: string): { message: string; position: number } {
  try {
    parse(q);
  } catch (err) {
    assert.instance(err, ValidationError);
    const e = err as ValidationError;
    assert.is(e.code, 'QUERY_INVALID');
    assert.is(e.status, 400);
    assert.is(e.issues.length, 1);
    const position = e.details?.position as number;
    assert.is(e.issues[0]?.message, e.message);
    assert.ok(e.message.includes(`at position ${position}`), e.message);
    return { message: e.message, position };
  }
  assert.unreachable(`${q} parsed`);
  throw new Error('unreachable');
}

test('an empty or blank query is every event', () => {
  assert.equal(parse(''), { kind: 'all' });
  assert.equal(parse('  \t\n'), { kind: 'all' });
});

test('field:value, quoted values with escapes, and values with IP, path and time characters', () => {
  assert.equal(parse('user.name:root'), match('user.name', 'root'));
  assert.equal(parse('user.name:"John Smith"'), match('user.name', 'John Smith'));
  assert.equal(parse('process.command_line:"say \\"hi\\" \\\\ bye"'), match('process.command_line', 'say "hi" \\ bye'));
  assert.equal(parse('file.path:/var/log/auth.log'), match('file.path', '/var/log/auth.log'));
  assert.equal(parse('user.email:a-b@example.com'), match('user.email', 'a-b@example.com'));
  assert.equal(parse('event.code:2026-12-01T10:00:00Z'), match('event.code', '2026-12-01T10:00:00Z'));
  assert.equal(parse('url.original:http://x/a?b=c'), match('url.original', 'http://x/a?b=c', true));
  assert.equal(parse('@timestamp:x'), match('@timestamp', 'x'));
  assert.equal(parse('winlog.event_data.Target-User_Name:bob'), match('winlog.event_data.Target-User_Name', 'bob'));
});

test('wildcards in unquoted values; quoted values and \\* are literal; field:* is exists', () => {
  assert.equal(parse('source.ip:10.0.0.*'), match('source.ip', '10.0.0.*', true));
  assert.equal(parse('user.name:ad?in'), match('user.name', 'ad?in', true));
  assert.equal(parse('user.name:"adm*"'), match('user.name', 'adm*'));
  assert.equal(parse('file.name:\\*'), match('file.name', '*'));
  assert.equal(parse('file.name:a\\*b*'), match('file.name', 'a\\*b*', true));
  assert.equal(parse('file.path:C:\\\\Windows\\\\*'), match('file.path', 'C:\\\\Windows\\\\*', true));
  assert.equal(parse('file.name:my\\ file'), match('file.name', 'my file'));
  assert.equal(parse('user.name:*'), { kind: 'exists', field: 'user.name' });
  assert.equal(parse('user.name:"*"'), match('user.name', '*'));
});

test('a value ends at whitespace or ")"', () => {
  assert.equal(parse('(user.name:root)'), match('user.name', 'root'));
  assert.equal(parse('(a:1 OR b:2) c:3'), {
    kind: 'and',
    nodes: [{ kind: 'or', nodes: [match('a', '1'), match('b', '2')] }, match('c', '3')],
  });
});

test('precedence: NOT over AND over OR; implicit AND between terms', () => {
  assert.equal(parse('a:1 OR b:2 c:3'), {
    kind: 'or',
    nodes: [match('a', '1'), { kind: 'and', nodes: [match('b', '2'), match('c', '3')] }],
  });
  assert.equal(parse('a:1 AND b:2 OR c:3'), {
    kind: 'or',
    nodes: [{ kind: 'and', nodes: [match('a', '1'), match('b', '2')] }, match('c', '3')],
  });
  assert.equal(parse('NOT a:1 AND b:2'), { kind: 'and', nodes: [{ kind: 'not', node: match('a', '1') }, match('b', '2')] });
  assert.equal(parse('NOT (a:1 OR b:2)'), { kind: 'not', node: { kind: 'or', nodes: [match('a', '1'), match('b', '2')] } });
  assert.equal(parse('(a:1 OR b:2) AND c:3'), {
    kind: 'and',
    nodes: [{ kind: 'or', nodes: [match('a', '1'), match('b', '2')] }, match('c', '3')],
  });
});

test('-term is NOT, and NOT NOT cancels', () => {
  assert.equal(parse('-user.name:root'), { kind: 'not', node: match('user.name', 'root') });
  assert.equal(parse('a:1 -(b:2 OR c:3)'), {
    kind: 'and',
    nodes: [match('a', '1'), { kind: 'not', node: { kind: 'or', nodes: [match('b', '2'), match('c', '3')] } }],
  });
  assert.equal(parse('NOT NOT a:1'), match('a', '1'));
  assert.equal(parse('NOT (NOT a:1)'), match('a', '1'));
  assert.equal(parse('--a:1'), match('a', '1'));
  assert.equal(parse('error-code'), phrase('error', 'code'));
});

test('lower-case and, or, not are words', () => {
  assert.equal(parse('cats and dogs'), text('cats', 'and', 'dogs'));
  assert.equal(parse('not found'), text('not', 'found'));
});

test('lower-case and, or, not between terms are written as operators for a hint; elsewhere they stay words', () => {
  const cases: [query: string, meant: string | undefined][] = [
    ['failed and root', 'failed AND root'],
    ['user.name:root or user.name:bob', 'user.name:root OR user.name:bob'],
    ['failed not user.name:root', 'failed NOT user.name:root'],
    ['failed and not (user.name:root)', 'failed AND NOT (user.name:root)'],
    ['"failed password" AND not root', '"failed password" AND NOT root'],
    ['(a or b) and -c', '(a OR b) AND -c'],
    ['  a   or  b ', '  a   OR  b '],
    ['failed AND root', undefined],
    ['and', undefined],
    ['not found', undefined],
    ['cats and', undefined],
    ['"cats and dogs"', undefined],
    ['message:and or x', 'message:and OR x'],
    ['And Or', undefined],
    ['a and or b', undefined],
    ['a:(', undefined],
  ];
  for (const [query, meant] of cases) assert.is(upperCaseOperatorWords(query), meant, query);
});

test('nested and/or are flattened', () => {
  assert.equal(parse('a:1 (b:2 c:3) AND (d:4)'), {
    kind: 'and',
    nodes: [match('a', '1'), match('b', '2'), match('c', '3'), match('d', '4')],
  });
  assert.equal(parse('a:1 OR (b:2 OR (c:3))'), { kind: 'or', nodes: [match('a', '1'), match('b', '2'), match('c', '3')] });
});

test('free text: bare words are one text node, lower-cased; quotes make a phrase', () => {
  assert.equal(parse('Failed password'), text('failed', 'password'));
  assert.equal(parse('failed user.name:root password'), { kind: 'and', nodes: [text('failed', 'password'), match('user.name', 'root')] });
  assert.equal(parse('"Failed password"'), phrase('failed', 'password'));
  assert.equal(parse('"failed"'), text('failed'));
  assert.equal(parse('failed OR denied'), { kind: 'or', nodes: [text('failed'), text('denied')] });
  assert.equal(parse('10.0.0.9'), phrase('10', '0', '0', '9'));
  assert.equal(parse('sshd 10.0.0.9:22'), { kind: 'and', nodes: [text('sshd'), phrase('10', '0', '0', '9', '22')] });
  assert.equal(parse('password,'), text('password'));
  assert.equal(parse('Überprüfung fehlgeschlagen'), text('überprüfung', 'fehlgeschlagen'));
});

test('comparisons on numbers', () => {
  assert.equal(parse('http.response.status_code>=500'), {
    kind: 'range',
    field: 'http.response.status_code',
    op: '>=',
    value: 500,
    time: false,
  });
  assert.equal(parse('event.severity<3'), { kind: 'range', field: 'event.severity', op: '<', value: 3, time: false });
  assert.equal(parse('event.duration<=1.5e3'), { kind: 'range', field: 'event.duration', op: '<=', value: 1500, time: false });
  assert.equal(parse('x>-2'), { kind: 'range', field: 'x', op: '>', value: -2, time: false });
});

test('times: now, now-N<unit> with the given now, ISO dates and date-times', () => {
  const at = (q: string) => {
    const node = parse(q);
    assert.is(node.kind, 'range');
    return node.kind === 'range' && node.time ? node.value : Number.NaN;
  };
  assert.is(at('@timestamp>now'), now.getTime());
  assert.is(at('@timestamp>now-1h'), now.getTime() - 3_600_000);
  assert.is(at('@timestamp>now-30s'), now.getTime() - 30_000);
  assert.is(at('@timestamp>now-15m'), now.getTime() - 900_000);
  assert.is(at('@timestamp>now-7d'), now.getTime() - 7 * 86_400_000);
  assert.is(at('@timestamp>now-2w'), now.getTime() - 14 * 86_400_000);
  assert.is(at('@timestamp<2026-12-01'), Date.UTC(2026, 11, 1));
  assert.is(at('@timestamp<2026-12-01T10:00:00Z'), Date.UTC(2026, 11, 1, 10));
  assert.is(at('@timestamp<2026-12-01T10:00:00.123+02:00'), Date.UTC(2026, 11, 1, 8, 0, 0, 123));
  assert.is(at('@timestamp<2026-12-01T10:00-0530'), Date.UTC(2026, 11, 1, 15, 30));
  assert.is(at('@timestamp<2026-12-01T10:00:00'), Date.UTC(2026, 11, 1, 10));
  assert.is(at('@timestamp<"2024-02-29"'), Date.UTC(2024, 1, 29));
  for (const field of DATE_FIELDS)
    assert.equal(parse(`${field}>=now`), { kind: 'range', field, op: '>=', value: now.getTime(), time: true });
});

test('the server resolves API time bounds through @timestamp>=', () => {
  const bound = (value: string) => parseQuery(`@timestamp>=${value}`, { now });
  assert.equal(bound('now-1h'), { kind: 'range', field: '@timestamp', op: '>=', value: now.getTime() - 3_600_000, time: true });
  assert.equal(bound('2026-12-01T10:00:00Z'), {
    kind: 'range',
    field: '@timestamp',
    op: '>=',
    value: Date.UTC(2026, 11, 1, 10),
    time: true,
  });
});

test('errors name the problem and the 1-based position', () => {
  const cases: [string, number, RegExp][] = [
    ['user.name:root AND)', 19, /^Unexpected "\)" at position 19: AND needs a term after it$/],
    ['user.name:root)', 15, /^Unexpected "\)" at position 15$/],
    ['(a:1 OR b:2', 1, /Missing "\)"/],
    ['a:1 AND', 5, /AND at position 5 needs a term after it, but the query ends/],
    ['a:1 OR OR b:2', 8, /Unexpected "OR" at position 8: OR needs a term after it/],
    ['AND a:1', 1, /Unexpected "AND"/],
    ['a:1 ()', 5, /Empty parentheses/],
    ['user.name:"root', 11, /Unterminated quote/],
    ['"root"x', 7, /after the closing quote/],
    ['user.name: root', 11, /Expected a value after "user.name:"/],
    ['user.name:(a OR b)', 11, /list of values/],
    ['http.response.status_code:[500 TO 599]', 27, /range in brackets/],
    ['pass*', 1, /"pass\*" at position 1 is free text.*message:pass\*/],
    ['failed pass?', 8, /wildcards work only in a field's value/],
    ['a:1 ...', 5, /"..." at position 5 has no letters or digits/],
    ['a:1 ""', 5, /quoted text at position 5 has no letters/],
    ['@timestamp>1700000000000', 12, /date field: give a time/],
    ['@timestamp>yesterday', 12, /is not a time/],
    ['@timestamp>now-1y', 12, /is not a time/],
    ['@timestamp>2026-02-30', 12, /not a real date/],
    ['@timestamp>2026-12-01T24:00:00Z', 12, /not a real date/],
    ['@timestamp>now-99999999999w', 12, /out of range/],
    ['http.response.status_code>now-1h', 27, /is a time, but http.response.status_code is not a date field/],
    ['http.response.status_code>=2026-12-01', 28, /is a time/],
    ['http.response.status_code>=abc', 28, /takes a number/],
    ['x>1e999', 3, /too large/],
    ['a:b\\', 4, /Nothing to escape/],
    ['NOT', 1, /NOT at position 1 needs a term after it/],
    ['-AND', 2, /Unexpected "AND" at position 2: "-" needs a term/],
  ];
  for (const [q, position, pattern] of cases) {
    const e = failure(q);
    assert.is(e.position, position, q);
    assert.match(e.message, pattern, q);
  }
});

test('limits: length, nesting depth and terms, refused quickly without a stack overflow', () => {
  const long = failure(`a:${'x'.repeat(4095)}`);
  assert.is(long.position, 4097);
  assert.match(long.message, /longer than 4,096 characters/);
  parse(`a:${'x'.repeat(4094)}`);

  assert.equal(parse(`${'('.repeat(32)}a:1${')'.repeat(32)}`), match('a', '1'));
  const started = performance.now();
  const deep = failure(`${'('.repeat(2000)}a:1${')'.repeat(2000)}`);
  assert.ok(performance.now() - started < 100);
  assert.is(deep.position, 33);
  assert.match(deep.message, /deeper than 32/);
  assert.match(failure(`${'NOT '.repeat(40)}a:1`).message, /deeper than 32/);
  assert.match(failure(`${'-'.repeat(40)}a:1`).message, /deeper than 32/);

  const terms = (n: number) => Array.from({ length: n }, (_, i) => `f:${i}`).join(' ');
  assert.is((parse(terms(256)) as { nodes: unknown[] }).nodes.length, 256);
  const many = failure(terms(257));
  assert.match(many.message, /Too many terms/);
  assert.is(many.position, terms(256).length + 2);
});

test('formatQuery prints a query that parses to the same node', () => {
  const queries = [
    'user.name:root AND NOT source.ip:10.0.0.*',
    '(a:1 OR b:2) c:3 -d:*',
    'failed password OR "invalid user" 10.0.0.9',
    'NOT (failed password)',
    '(cats "failed pw") dogs',
    'NOT (a:1 b:2) OR NOT (c:3 OR d:4)',
    'x:"a \\"b\\" (c)" y:"" z:\\* w:a\\ b* v:"x*y" u:a\\(b*',
    '@timestamp>=now-1h @timestamp<2026-12-01T10:00:00.123+02:00 event.duration>1e21 x<=-0.5',
  ];
  for (const q of queries) {
    const node = parse(q);
    assert.equal(parse(formatQuery(node)), node, `${q} → ${formatQuery(node)}`);
  }
  assert.is(formatQuery({ kind: 'all' }), '');
  assert.is(formatQuery(parse('user.name:root AND NOT (a:1 OR b:2)')), 'user.name:root AND NOT (a:1 OR b:2)');
});

// Pieces SIEM users type, and pieces that break queries, glued at random.
const pieces = fc.constantFrom(
  ' ',
  ' ',
  '(',
  ')',
  '"',
  '\\',
  '*',
  '?',
  '-',
  ':',
  '>',
  '>=',
  '<',
  'AND',
  'OR',
  'NOT',
  'and',
  'a',
  'Root',
  '10.0.0.9',
  'user.name:',
  'source.ip:10.0.0.*',
  'status>=',
  '500',
  '@timestamp>',
  'now-1h',
  '2026-12-01',
  'T10:00:00Z',
  '"failed pw"',
  'x:"a\\"b"',
  'ü',
  '😀',
);
const queries = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.array(pieces, { maxLength: 25 }).map((p) => p.join('')),
);

test('property: any string parses or throws a ValidationError, and what parses round-trips', () => {
  fc.assert(
    fc.property(queries, (q) => {
      let node: QueryNode;
      try {
        node = parse(q);
      } catch (err) {
        if (!(err instanceof ValidationError) || err.code !== 'QUERY_INVALID') throw err;
        return;
      }
      assert.equal(parse(formatQuery(node)), node);
    }),
    { numRuns: 3000 },
  );
});

test.run();
