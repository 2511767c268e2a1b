import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CORPUS, corpusAvailable } from '../../_lib/corpus.js';
import { ValidationError } from '../../errors/secai-error.js';
import { fastestMs } from '../_test/timing.js';
import { agreement } from '../agreement.js';
import { getField, type LogEvent, type ParseContext } from '../event.js';
import type { LineParser } from '../parser.js';
import { type CustomRule, compileCustomParser } from './custom.js';

const corpusTest = corpusAvailable ? test : test.skip;
const ctx: ParseContext = { receivedAt: new Date('2020-04-28T11:07:58.223Z') };

function parsed(parser: LineParser, line: string, context: ParseContext = ctx): LogEvent {
  const outcome = parser.parse(line, context);
  if (!outcome.ok) throw new Error(`refused: ${outcome.reason}\n${line}`);
  return outcome.event;
}

/** Apache's error log, 2.2 and 2.4 forms: `[time] [module:level] [pid n:tid n] [client ip:port] message`. */
const APACHE_ERROR: CustomRule = {
  name: 'apache-error',
  kind: 'grok',
  pattern:
    '\\[%{HTTPDERROR_DATE:@timestamp}\\] \\[(?:%{WORD:apache.error.module}:)?%{WORD:log.level}\\] ' +
    '(?:\\[pid %{POSINT:process.pid:int}(?::tid %{INT:process.thread.id:int})?\\] )?' +
    '(?:\\[client %{IP:source.ip}(?::%{POSINT:source.port:int})?\\] )?%{GREEDYDATA:message}',
  fields: { 'event.category': 'web', 'event.type': 'error' },
};

/** nginx's error log: `yyyy/MM/dd HH:mm:ss [level] pid#tid: *connection message`, continued lines included. */
const NGINX_ERROR: CustomRule = {
  name: 'nginx-error',
  kind: 'regex',
  pattern:
    '^(?<timestamp>\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}) \\[(?<log__level>\\w+)\\] (?<process__pid>\\d+)#(?<process__thread__id>\\d+): ' +
    '(?:\\*(?<nginx__error__connection_id>\\d+) )?(?<message>[\\s\\S]*)$',
  timestampFormat: 'yyyy/MM/dd HH:mm:ss',
};

// ---------------------------------------------------------------------------------------------
// Elastic's pipeline tests, read by custom rules

interface Pair {
  log: string;
  events: string[];
  expected: Record<string, unknown>[];
  /** The source zone the test config gives (`event.timezone`), as secai writes it. */
  timezone: string | undefined;
}

function corpusPairs(folder: string): Pair[] {
  const dir = join(CORPUS, 'parsers/elastic-package', folder);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.log'))
    .map((log) => {
      const own = join(dir, `${log}-config.yml`);
      const config = readFileSync(existsSync(own) ? own : join(dir, 'test-common-config.yml'), 'utf8');
      const firstLine = /first_line_pattern:\s*("(?:[^"\\]|\\.)*")/.exec(config)?.[1];
      const startsEvent = firstLine ? new RegExp(JSON.parse(firstLine) as string) : undefined;
      const lines = readFileSync(join(dir, log), 'utf8').split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      const events: string[] = [];
      for (const line of lines) {
        if (events.length > 0 && startsEvent && !startsEvent.test(line)) events[events.length - 1] += `\n${line}`;
        else events.push(line);
      }
      const expected = (JSON.parse(readFileSync(join(dir, `${log}-expected.json`), 'utf8')) as { expected: Record<string, unknown>[] })
        .expected;
      return { log, events, expected, timezone: jodaZone(/event\.timezone:\s*"([^"]*)"/.exec(config)?.[1]) };
    });
}

/** Elastic reads `GMT+2` the Joda way, two hours east of UTC (IANA's `Etc/GMT+2` is two hours west). */
function jodaZone(zone: string | undefined): string | undefined {
  const gmt = zone && /^GMT([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(zone);
  return gmt ? `${gmt[1]}${(gmt[2] as string).padStart(2, '0')}:${gmt[3] ?? '00'}` : zone;
}

const CORPUS_RULES: [folder: string, rule: CustomRule][] = [
  ['apache/error', APACHE_ERROR],
  ['nginx/error', NGINX_ERROR],
];

for (const [folder, rule] of CORPUS_RULES) {
  corpusTest(`a ${rule.kind} rule agrees with Elastic's ${folder} pipeline on the fields it captures`, () => {
    const parser = compileCustomParser(rule);
    const pairs = corpusPairs(folder);
    let events = 0;
    let compared = 0;
    let agreed = 0;
    const mismatches: string[] = [];
    for (const { log, events: lines, expected, timezone } of pairs) {
      assert.is(lines.length, expected.length, `${log}: events after the multiline rule`);
      lines.forEach((line, i) => {
        const theirs = expected[i] as Record<string, unknown>;
        const outcome = parser.parse(line, { ...ctx, ...(timezone && { timezone }) });
        events++;
        if (getField(theirs as never, 'error.message') !== undefined) {
          assert.is(outcome.ok, false, `${log}#${i} Elastic failed on it`);
          return;
        }
        if (!outcome.ok) throw new Error(`${log}#${i} ${outcome.reason}: ${line}`);
        assert.is(outcome.event.error, undefined, `${log}#${i}`);
        const result = agreement(outcome.event, theirs, parser.claims);
        compared += result.compared;
        agreed += result.agreed;
        mismatches.push(...result.mismatches.map((m) => `${log}#${i} ${m}`));
        for (const path of parser.claims) {
          if (getField(theirs as never, path) !== undefined && getField(outcome.event, path) === undefined)
            mismatches.push(`${log}#${i} ${path}: missing`);
        }
      });
    }
    const percent = compared === 0 ? 0 : (100 * agreed) / compared;
    console.log(
      `  ${folder} (${rule.kind} rule): ${pairs.length} pairs, ${events} events, ${compared} fields compared, ${agreed} agreed (${percent.toFixed(1)}%)`,
    );
    assert.equal(mismatches, []);
    assert.ok(compared > 0);
  });
}

// ---------------------------------------------------------------------------------------------
// Compiling

test('a compiled rule is named after the rule and claims the fields it captures', () => {
  const parser = compileCustomParser(APACHE_ERROR);
  assert.is(parser.format, 'custom:apache-error');
  assert.equal(parser.claims, [
    '@timestamp',
    'apache.error.module',
    'log.level',
    'process.pid',
    'process.thread.id',
    'source.ip',
    'source.port',
    'message',
  ]);
  assert.equal(compileCustomParser(NGINX_ERROR).claims, [
    '@timestamp',
    'log.level',
    'process.pid',
    'process.thread.id',
    'nginx.error.connection_id',
    'message',
  ]);
});

/** Rules refused when compiled, with the issue code the configuration error carries. */
const REFUSED: [what: string, rule: Partial<CustomRule> & Record<string, unknown>, issue: string][] = [
  ['no name', { name: ' ', kind: 'regex', pattern: 'a' }, 'invalid_rule'],
  ['an unknown kind', { kind: 'pcre' as 'regex', pattern: 'a' }, 'invalid_rule'],
  ['an empty pattern', { kind: 'regex', pattern: '' }, 'invalid_rule'],
  ['an unknown grok pattern', { kind: 'grok', pattern: '%{IP:source.ip} %{NOPE:x}' }, 'unknown_grok_pattern'],
  ['a grok pattern in the wrong case', { kind: 'grok', pattern: '%{ip:source.ip}' }, 'unknown_grok_pattern'],
  ['an unclosed group', { kind: 'regex', pattern: '(a' }, 'invalid_regex'],
  ['an unclosed class', { kind: 'regex', pattern: '[a-' }, 'invalid_regex'],
  ['a quantifier out of order', { kind: 'regex', pattern: 'a{3,1}' }, 'invalid_regex'],
  ['a group name JavaScript refuses', { kind: 'regex', pattern: '(?<source.ip>\\S+)' }, 'invalid_regex'],
  ['an unbalanced grok text', { kind: 'grok', pattern: '%{IP:source.ip} (' }, 'invalid_regex'],
  ['a stray ) in grok text', { kind: 'grok', pattern: '%{IP:source.ip})(' }, 'invalid_regex'],
  ['an unclosed %{', { kind: 'grok', pattern: '%{IP:source.ip} %{INT:x' }, 'invalid_regex'],
  ['a dash in a grok field', { kind: 'grok', pattern: '%{IP:source-ip}' }, 'invalid_field_path'],
  ['an empty path segment', { kind: 'grok', pattern: '%{IP:source..ip}' }, 'invalid_field_path'],
  ['a leading dot', { kind: 'grok', pattern: '%{IP:.ip}' }, 'invalid_field_path'],
  ['a path to the prototype', { kind: 'grok', pattern: '%{IP:__proto__.polluted}' }, 'invalid_field_path'],
  ['a path to constructor', { kind: 'grok', pattern: '%{IP:constructor.prototype.x}' }, 'invalid_field_path'],
  ['a capture over log.original', { kind: 'grok', pattern: '%{GREEDYDATA:log.original}' }, 'invalid_field_path'],
  ['a fourth part in a reference', { kind: 'grok', pattern: '%{INT:x:int:y}' }, 'invalid_field_path'],
  ['a group name starting with __', { kind: 'regex', pattern: '(?<__source>\\S+)' }, 'invalid_field_path'],
  ['a group name with an empty segment', { kind: 'regex', pattern: '(?<source____ip>\\S+)' }, 'invalid_field_path'],
  ['a group name with $', { kind: 'regex', pattern: '(?<$ip>\\S+)' }, 'invalid_field_path'],
  ['a raw group in grok with a bad name', { kind: 'grok', pattern: '(?<a__>a)' }, 'invalid_field_path'],
  ['a constant field path with a space', { kind: 'regex', pattern: 'a', fields: { 'event dataset': 'x' } }, 'invalid_field_path'],
  ['a constant @timestamp', { kind: 'regex', pattern: 'a', fields: { '@timestamp': 'now' } }, 'invalid_field_path'],
  ['a constant field under the prototype', { kind: 'regex', pattern: 'a', fields: { '__proto__.x': 'y' } }, 'invalid_field_path'],
  ['an unknown conversion', { kind: 'grok', pattern: '%{INT:x:integer}' }, 'unknown_conversion'],
  ['(a+)+', { kind: 'regex', pattern: '^(a+)+$' }, 'nested_quantifier'],
  ['(.*)*', { kind: 'regex', pattern: '(.*)*x' }, 'nested_quantifier'],
  ['a repeated word-and-space', { kind: 'regex', pattern: '(?:\\w+\\s?)*$' }, 'nested_quantifier'],
  ['a repeated bounded range', { kind: 'regex', pattern: '(a{1,3})+b' }, 'nested_quantifier'],
  ['a fixed count of an unbounded group', { kind: 'regex', pattern: '(\\w+){2}' }, 'nested_quantifier'],
  ['a repetition two groups deep', { kind: 'regex', pattern: '((a)+)+' }, 'nested_quantifier'],
  ['{n,} around +', { kind: 'regex', pattern: '(?:a+b?){2,}' }, 'nested_quantifier'],
  ['a repeated named group', { kind: 'regex', pattern: '(?<x>[a-z]+,)*' }, 'nested_quantifier'],
  ['a repeated grok reference that repeats', { kind: 'grok', pattern: '(?:%{NOTSPACE} )+' }, 'nested_quantifier'],
  ['a repeated DATA', { kind: 'grok', pattern: '(?:%{DATA},)*%{GREEDYDATA:message}' }, 'nested_quantifier'],
  ['a quantified GREEDYDATA', { kind: 'grok', pattern: '%{GREEDYDATA:message}+' }, 'nested_quantifier'],
  ['an unknown date letter', { kind: 'regex', pattern: '(?<timestamp>.+)', timestampFormat: 'yyyy-MM-dd Q' }, 'invalid_timestamp_format'],
  ['a date pattern without a day', { kind: 'regex', pattern: '(?<timestamp>.+)', timestampFormat: 'HH:mm:ss' }, 'invalid_timestamp_format'],
  [
    'an unclosed quote in a date pattern',
    { kind: 'regex', pattern: '(?<timestamp>.+)', timestampFormat: "yyyy-MM-dd'T" },
    'invalid_timestamp_format',
  ],
  ['h without a', { kind: 'regex', pattern: '(?<timestamp>.+)', timestampFormat: 'MM/dd hh:mm' }, 'invalid_timestamp_format'],
];

test('refuses a bad rule when it is compiled, as a validation error naming the problem', () => {
  for (const [what, partial, issue] of REFUSED) {
    try {
      compileCustomParser({ name: 'bad', ...partial } as CustomRule);
      assert.unreachable(`${what} was compiled`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      assert.is(err.code, 'VALIDATION_FAILED', what);
      assert.is(err.issues[0]?.code, issue, what);
    }
  }
});

test('compiles the repetitions that cannot backtrack catastrophically', () => {
  const accepted: [kind: CustomRule['kind'], pattern: string][] = [
    ['regex', '(\\d{1,3}\\.){3}\\d{1,3}'],
    ['regex', '(?:ab?)+'],
    ['regex', '(?:a|b)*c'],
    ['regex', '(?:x{2})+'],
    ['regex', '\\(a+\\)+'],
    ['regex', '[(+*)]+(?<=a+)'],
    ['regex', '(?:[a-z]+)?(?<n>\\d+)'],
    ['grok', '(?:%{IP}, )?%{IP:source.ip}'],
    ['grok', '(?:%{INT:a}|%{WORD:b})?'],
  ];
  for (const [kind, pattern] of accepted) compileCustomParser({ name: 'ok', kind, pattern });
});

test('every library pattern compiles on its own', () => {
  for (const name of ['WORD', 'NOTSPACE', 'DATA', 'GREEDYDATA', 'INT', 'NUMBER', 'POSINT', 'IP', 'IPV4', 'IPV6', 'HOSTNAME', 'IPORHOST']) {
    compileCustomParser({ name, kind: 'grok', pattern: `%{${name}:x}` });
  }
  for (const name of [
    'USERNAME',
    'USER',
    'UUID',
    'MAC',
    'PATH',
    'URIPATH',
    'URIPARAM',
    'QS',
    'QUOTEDSTRING',
    'HTTPDATE',
    'TIMESTAMP_ISO8601',
  ]) {
    compileCustomParser({ name, kind: 'grok', pattern: `%{${name}:x}` });
  }
  for (const name of [
    'SYSLOGTIMESTAMP',
    'LOGLEVEL',
    'SPACE',
    'HTTPDERROR_DATE',
    'EMAILADDRESS',
    'URI',
    'HOSTPORT',
    'BASE16NUM',
    'NONNEGINT',
  ]) {
    compileCustomParser({ name, kind: 'grok', pattern: `%{${name}:x}` });
  }
});

/** `[pattern, text, whether the whole text is one match]` for the library's patterns. */
const LIBRARY: [string, string, boolean][] = [
  ['IPV4', '192.0.2.255', true],
  ['IPV4', '256.1.1.1', false],
  ['IPV4', '1.2.3', false],
  ['IPV6', '::1', true],
  ['IPV6', '::', true],
  ['IPV6', '2001:db8::1', true],
  ['IPV6', '2001:db8:0:0:0:0:2:1', true],
  ['IPV6', '2001:db8::', true],
  ['IPV6', '::ffff:192.0.2.1', true],
  ['IPV6', '64:ff9b::192.0.2.1', true],
  ['IPV6', 'fe80::1%eth0', true],
  ['IPV6', '12:30:45', false],
  ['IP', '3fff::1', true],
  ['HOSTNAME', 'vhost1.domaine.fr', true],
  ['HOSTNAME', '-bad', false],
  ['IPORHOST', 'monitoring-server', true],
  ['USERNAME', 'j.doe-1_x', true],
  ['UUID', '123e4567-e89b-12d3-a456-426614174000', true],
  ['MAC', '00:1A:2b:3C:4d:5E', true],
  ['MAC', '001a.2b3c.4d5e', true],
  ['PATH', '/var/www/favicon.ico', true],
  ['PATH', 'C:\\Windows\\System32', true],
  ['URIPATH', '/a/b.php', true],
  ['URIPARAM', '?cmd=x&opts=%7B%7D', true],
  ['QS', '"say \\"hi\\""', true],
  ['QS', "'single'", true],
  ['QS', '"unclosed', false],
  ['NUMBER', '-3.25', true],
  ['POSINT', '0', false],
  ['HTTPDATE', '26/Dec/2016:16:16:29 +0200', true],
  ['TIMESTAMP_ISO8601', '2016-12-26T16:16:29.123+02:00', true],
  ['TIMESTAMP_ISO8601', '2016-12-26 16:16:29,123', true],
  ['SYSLOGTIMESTAMP', 'Dec  6 16:22:08', true],
  ['HTTPDERROR_DATE', 'Mon Dec 26 16:15:55.103786 2016', true],
  ['LOGLEVEL', 'WARNING', true],
  ['LOGLEVEL', 'verbose', false],
  ['EMAILADDRESS', 'a.b+c@example.com', true],
];

test('the library patterns match what their names say', () => {
  for (const [name, text, whole] of LIBRARY) {
    const parser = compileCustomParser({ name: name.toLowerCase(), kind: 'grok', pattern: `%{${name}:x}$` });
    const outcome = parser.parse(text, ctx);
    assert.is(outcome.ok && getField(outcome.event, 'x') === text, whole, `${name} ${text}`);
  }
});

// ---------------------------------------------------------------------------------------------
// Parsing

test('a line that does not match says which rule', () => {
  assert.equal(compileCustomParser(APACHE_ERROR).parse('2016/10/25 14:49:34 [error] 1#0: x', ctx), {
    ok: false,
    reason: 'does not match apache-error',
  });
  assert.not.ok(compileCustomParser(APACHE_ERROR).test('hello'));
});

test('a grok rule matches from the start of the line; a regex as written', () => {
  const grok = compileCustomParser({ name: 'g', kind: 'grok', pattern: '%{INT:event.code}' });
  assert.not.ok(grok.test('abc 12'));
  assert.is(parsed(grok, '12 abc').event.code, '12');
  const regex = compileCustomParser({ name: 'r', kind: 'regex', pattern: '(?<event__code>\\d+)' });
  assert.is(parsed(regex, 'abc 12').event.code, '12');
});

test('named groups spell ECS paths with __; constants are set and captures win over them', () => {
  const parser = compileCustomParser({
    name: 'app',
    kind: 'regex',
    pattern: '^(?<user__name>\\w+) from (?<source__ip>[\\d.]+):(?<source__port>\\d+)(?: as (?<event__category>\\w+))?',
    fields: { 'event.category': 'authentication', 'event.dataset': 'app.audit', tags: 'app' },
  });
  const event = parsed(parser, 'alice from 192.0.2.1:2222');
  assert.equal([event.user?.name, event.source?.ip, event.source?.port], ['alice', '192.0.2.1', 2222]);
  assert.equal(event.event.category, ['authentication']);
  assert.is(event.event.dataset, 'app.audit');
  assert.equal(event.tags, ['app']);
  assert.equal(parsed(parser, 'bob from 192.0.2.1:1 as iam').event.category, ['iam']);
});

test('grok conversions; a numeric ECS field is converted without one; a failed conversion is noted', () => {
  const parser = compileCustomParser({
    name: 'conv',
    kind: 'grok',
    pattern: '%{INT:a:int} %{NUMBER:b:float} %{WORD:c:boolean} %{NOTSPACE:source.port} %{NOTSPACE:d:long}',
  });
  const event = parsed(parser, '-5 2.5 true 8080 7');
  assert.equal(
    [getField(event, 'a'), getField(event, 'b'), getField(event, 'c'), event.source?.port, getField(event, 'd')],
    [-5, 2.5, true, 8080, 7],
  );
  const bad = parsed(parser, '1 1 maybe http x');
  assert.equal([getField(bad, 'c'), bad.source?.port, getField(bad, 'd')], [undefined, undefined, undefined]);
  assert.is(bad.error?.message?.split('; ').length, 3);
});

test('one field captured by two alternatives takes the one that matched', () => {
  const parser = compileCustomParser({ name: 'alt', kind: 'grok', pattern: '(?:%{IP:source.address}|%{HOSTNAME:source.address}) ok' });
  assert.is(parsed(parser, 'web-1 ok').source?.address, 'web-1');
  assert.is(parsed(parser, '::1 ok').source?.address, '::1');
});

const TIMESTAMPS: [text: string, format: string | undefined, iso: string, timezone?: string][] = [
  ['2016-12-26T16:16:29.123+02:00', undefined, '2016-12-26T14:16:29.123Z'],
  ['2016-12-26 16:16:29', undefined, '2016-12-26T15:16:29.000Z', 'Europe/Paris'],
  ['26/Dec/2016:16:16:29 -0500', undefined, '2016-12-26T21:16:29.000Z'],
  ['Mon Dec 26 16:15:55.103786 2016', undefined, '2016-12-26T15:15:55.103Z', 'Europe/Paris'],
  ['Dec 26 16:15:55', undefined, '2019-12-26T16:15:55.000Z', 'UTC'],
  ['Apr 28 11:00:00', undefined, '2020-04-28T11:00:00.000Z', 'UTC'],
  ['1482769328', undefined, '2016-12-26T16:22:08.000Z'],
  ['1482769328.5', undefined, '2016-12-26T16:22:08.500Z'],
  ['1482769328123', undefined, '2016-12-26T16:22:08.123Z'],
  ['1482769328123', 'UNIX_MS', '2016-12-26T16:22:08.123Z'],
  ['2016/12/26 16:22:08', 'yyyy/MM/dd HH:mm:ss', '2016-12-26T16:22:08.000Z'],
  ['2016-12-26T16:22:08.5+0100', "yyyy-MM-dd'T'HH:mm:ss.SZ", '2016-12-26T15:22:08.500Z'],
  ['26 December 16 04:22 PM', 'dd MMMM yy hh:mm a', '2016-12-26T16:22:00.000Z'],
  ['12/26 00:00', 'MM/dd HH:mm', '2019-12-26T00:00:00.000Z'],
];

test('a captured @timestamp is read in the named forms and in date patterns, in the source zone', () => {
  for (const [text, timestampFormat, iso, timezone] of TIMESTAMPS) {
    const parser = compileCustomParser({
      name: 't',
      kind: 'regex',
      pattern: '^(?<timestamp>.+)$',
      ...(timestampFormat && { timestampFormat }),
    });
    const event = parsed(parser, text, { ...ctx, ...(timezone && { timezone }) });
    assert.is(event['@timestamp'], iso, `${text} (${timestampFormat ?? 'any'})`);
    assert.is(event.error, undefined, text);
  }
  const zoneless = parsed(compileCustomParser({ name: 't', kind: 'regex', pattern: '^(?<timestamp>.+)$' }), '2016-12-26 16:16:29', {
    ...ctx,
    timezone: 'Europe/Paris',
  });
  assert.is(zoneless.event.timezone, 'Europe/Paris');
});

test('a timestamp that cannot be read keeps the time received and says why', () => {
  for (const [text, timestampFormat] of [
    ['2016-13-45 99:99:99', undefined],
    ['yesterday', undefined],
    ['2016/02/30 10:00:00', 'yyyy/MM/dd HH:mm:ss'],
    ['1482769328', 'ISO8601'],
  ] as const) {
    const parser = compileCustomParser({
      name: 't',
      kind: 'regex',
      pattern: '^(?<timestamp>.+)$',
      ...(timestampFormat && { timestampFormat }),
    });
    const event = parsed(parser, text, { ...ctx, timezone: 'Not/AZone' });
    assert.is(event['@timestamp'], ctx.receivedAt.toISOString(), text);
    assert.ok(event.error?.message?.startsWith('@timestamp'), text);
  }
});

// ---------------------------------------------------------------------------------------------
// Generated and hostile lines

const SAMPLES = [
  '[Mon Dec 26 16:22:08 2016] [error] [client 192.168.33.1] File does not exist: /var/www/favicon.ico',
  "[Fri Sep 09 10:42:29.902022 2011] [core:error] [pid 35708:tid 4328636416] [client 89.160.20.156:12345] AH01374: x '/y'",
  '[Mon Dec 26 16:17:53 2016] [notice] Apache/2.2.22 (Ubuntu) configured -- resuming normal operations',
];
const ALPHABET = [...' []:.0123456789aMonDecpidtclient\\\t\n\u00e9\u{1F600}\x00'];

const lines = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: fc.constantFrom(...ALPHABET, 'Mon Dec 26 ', '16:22:08 ', '2016] ', '[pid ', '[client ', '::1'), maxLength: 40 }),
  fc
    .tuple(
      fc.constantFrom(...SAMPLES),
      fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.constantFrom(...ALPHABET)), { minLength: 1, maxLength: 4 }),
    )
    .map(([sample, edits]) =>
      edits.reduce((line, [at, remove, insert]) => {
        const i = at % (line.length + 1);
        return line.slice(0, i) + insert + line.slice(i + remove);
      }, sample),
    ),
);

test('100,000 generated lines through a compiled grok rule parse or are refused, never throw', () => {
  const parser = compileCustomParser(APACHE_ERROR);
  fc.assert(
    fc.property(lines, (line) => {
      const outcome = parser.parse(line, ctx);
      if (outcome.ok) {
        assert.is(outcome.event.log.original, line);
        assert.ok(!Number.isNaN(Date.parse(outcome.event['@timestamp'])));
      } else assert.is(outcome.reason, 'does not match apache-error');
    }),
    { numRuns: 100_000 },
  );
});

const KB64 = 65_536;
const fill = (head: string, unit: string, tail = '') => {
  const body = unit.repeat(Math.ceil((KB64 - head.length - tail.length) / unit.length));
  return (head + body).slice(0, KB64 - tail.length) + tail;
};
const HEAD = '[Mon Dec 26 16:22:08 2016] ';

const HOSTILE: [name: string, line: string][] = [
  ['letters', fill('', 'a')],
  ['brackets', fill('', '[')],
  ['a long message', fill(`${HEAD}[error] [client 192.0.2.1] `, 'x')],
  ['a long level', fill(`${HEAD}[`, 'a')],
  ['a long module:level', fill(`${HEAD}[core:`, 'a', ']')],
  ['a long pid', fill(`${HEAD}[error] [pid `, '1')],
  ['a long client address', fill(`${HEAD}[error] [client `, '1:')],
  ['repeated headers', fill('', HEAD)],
  ['almost dates', fill('[', 'Mon Dec 26 16:22:08 ')],
  ['newlines', fill(HEAD, '\n')],
];

test('a hostile 64 KB line is parsed or refused in under 10 ms by the compiled rules', () => {
  for (const rule of [APACHE_ERROR, NGINX_ERROR]) {
    const parser = compileCustomParser(rule);
    const times: string[] = [];
    for (const [name, line] of [...HOSTILE, ['an nginx header then digits', fill('2016/10/25 14:49:34 [error] ', '1#')] as const]) {
      assert.is(line.length, KB64, name);
      const ms = fastestMs(() => {
        parser.test(line);
        parser.parse(line, ctx);
      });
      times.push(`${name} ${ms.toFixed(2)}`);
      assert.ok(ms < 10, `${rule.name}, ${name}: ${ms.toFixed(1)} ms`);
    }
    console.log(`  ${rule.name}, 64 KB lines (ms): ${times.join(', ')}`);
  }
});

test.run();
