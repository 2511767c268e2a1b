import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CORPUS, corpusAvailable } from '../../_lib/corpus.js';
import { fastestMs } from '../_test/timing.js';
import { agreement } from '../agreement.js';
import { flattenEvent, type LogEvent, type ParseContext, setField } from '../event.js';
import type { MessageParser } from '../parser.js';
import { formatOffset, inferYear, parseIsoTimestamp, wallClockToUtc, zoneOffsetMinutes } from '../time.js';
import { authMessages } from './auth.js';
import { createSyslogParser } from './syslog.js';

const corpusTest = corpusAvailable ? test : test.skip;
const SEED = Number(process.env.FC_SEED ?? 20260802);
const parser = createSyslogParser([authMessages]);
const UTC: ParseContext = { receivedAt: new Date('2023-06-15T12:00:00Z') };

function parse(line: string, ctx: ParseContext = UTC): LogEvent {
  const outcome = parser.parse(line, ctx);
  if (!outcome.ok) throw new Error(`${JSON.stringify(line)} did not parse: ${outcome.reason}`);
  return outcome.event;
}

/**
 * Fields the reference writes differently on purpose, left out of the comparison. Elastic copies
 * the configured `event.timezone` verbatim (`+0000`, Java's `GMT-0200`); secai writes the offset
 * in effect as ECS's `±hh:mm` (formatOffset). The offsets are compared as offsets instead, below.
 */
const NOT_COMPARED = new Set(['event.timezone']);

/** The parser's claims, a claimed object (`log.syslog.structured_data`) standing for its leaves. */
function claimsFor(expected: object): string[] {
  const claims = parser.claims.filter((claim) => !NOT_COMPARED.has(claim));
  const leaves = flattenEvent(expected).map(([path]) => path);
  return [...claims, ...leaves.filter((path) => claims.some((claim) => path.startsWith(`${claim}.`)))];
}

interface Tally {
  pairs: number;
  compared: number;
  agreed: number;
  /** Claimed fields the reference has and we left out. */
  missing: string[];
  mismatches: string[];
}

const tally = (): Tally => ({ pairs: 0, compared: 0, agreed: 0, missing: [], mismatches: [] });

function compare(t: Tally, ours: LogEvent, expected: object, where: string): void {
  const claims = claimsFor(expected);
  const result = agreement(ours, expected, claims);
  const mine = new Set(flattenEvent(ours).map(([path]) => path));
  t.pairs++;
  t.compared += result.compared;
  t.agreed += result.agreed;
  for (const m of result.mismatches) t.mismatches.push(`${where}: ${m}`);
  for (const [path] of flattenEvent(expected)) if (claims.includes(path) && !mine.has(path)) t.missing.push(`${where}: ${path}`);
}

function report(folder: string, t: Tally): void {
  const pct = t.compared === 0 ? 0 : (100 * t.agreed) / t.compared;
  console.log(`  ${folder}: ${t.pairs} pairs, ${t.compared} fields compared, ${t.agreed} agreed (${pct.toFixed(1)}%)`);
  assert.ok(t.compared > 0, `${folder}: nothing compared`);
  assert.equal(t.mismatches, [], `${folder} disagrees`);
  assert.equal(t.missing, [], `${folder}: claimed fields the reference has and we do not`);
}

// ---------------------------------------------------------------------------------------------
// Elastic's system/syslog and system/auth pipeline tests (elastic-package)

/**
 * Elastic's date processor gives a timestamp without a year the year of the test run; the expected
 * documents were made in 2023 (their `@timestamp`s: Feb to Dec 2023). Received on the last day of
 * 2023, every month in them infers to 2023, as inferYear picks the year that puts a line at most a
 * day after it was received.
 */
const ELASTIC_RUN = new Date('2023-12-31T12:00:00Z');

/** The config's `event.timezone` as Elastic (Java) reads it: `GMT-0200` is the offset `-02:00`. */
function javaZone(zone: string): string {
  const offset = zone.replace(/^(GMT|UTC)/, '');
  return offset === '' ? 'UTC' : offset;
}

interface ElasticPair {
  file: string;
  events: string[];
  expected: Record<string, unknown>[];
  timezone: string | undefined;
}

function elasticPairs(folder: string): ElasticPair[] {
  const dir = join(CORPUS, 'parsers/elastic-package/system', folder);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.log'))
    .sort()
    .map((file) => {
      // The configs are a few lines of YAML; the two keys used are read directly.
      const config = readFileSync(join(dir, `${file}-config.yml`), 'utf8');
      const zone = /timezone:\s*"([^"]*)"/.exec(config)?.[1];
      const firstLine = /first_line_pattern:\s*"((?:[^"\\]|\\.)*)"/.exec(config)?.[1]?.replace(/\\\\/g, '\\');
      const lines = readFileSync(join(dir, file), 'utf8').replace(/\n$/, '').split('\n');
      const events: string[] = [];
      // Filebeat's multiline: a line that does not start an event continues the one before.
      for (const line of lines) {
        if (firstLine && events.length > 0 && !new RegExp(firstLine).test(line)) events[events.length - 1] += `\n${line}`;
        else events.push(line);
      }
      const { expected } = JSON.parse(readFileSync(join(dir, `${file}-expected.json`), 'utf8')) as { expected: Record<string, unknown>[] };
      return { file, events, expected, timezone: zone === undefined ? undefined : javaZone(zone) };
    });
}

for (const folder of ['syslog', 'auth']) {
  corpusTest(`agrees with every Elastic system/${folder} expected document on the claimed fields`, () => {
    const t = tally();
    for (const { file, events, expected, timezone } of elasticPairs(folder)) {
      assert.is(events.length, expected.length, `${file}: events and expected documents`);
      const ctx: ParseContext = { receivedAt: ELASTIC_RUN, ...(timezone && { timezone }) };
      events.forEach((line, i) => {
        const ours = parse(line, ctx);
        compare(t, ours, expected[i] as object, `${file}#${i + 1}`);
        // event.timezone: the configured zone's offset, in ECS's form.
        if (ours.event.timezone && timezone) {
          const minutes = zoneOffsetMinutes(timezone, Date.parse(ours['@timestamp']));
          assert.is(zoneOffsetMinutes(ours.event.timezone, 0), minutes, `${file}#${i + 1}: event.timezone`);
        }
      });
    }
    report(`elastic-package/system/${folder}`, t);
  });
}

corpusTest('parses every line of the Elastic sample logs (RFC 5424 auth, syslog)', () => {
  const dir = join(CORPUS, 'parsers/elastic-package/system/sample_logs');
  for (const file of ['auth-sample.log', 'syslog.log']) {
    const lines = readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean);
    for (const line of lines) assert.ok(parse(line).process?.name, `${file}: ${line}`);
  }
});

// ---------------------------------------------------------------------------------------------
// rsyslog's fuzz seeds, with the RFC fields worked out by hand (PROVENANCE.md)

/** One expected document per file: the RFC 3164/5424 fields, as ECS. */
const RSYSLOG: Record<string, Record<string, unknown>> = {
  // RFC 3164 §5.4: PRI 34 = auth (4) × 8 + crit (2).
  'rfc3164-basic.txt': {
    '@timestamp': '2023-10-11T22:14:15.000Z',
    log: {
      syslog: {
        priority: 34,
        facility: { code: 4, name: 'auth' },
        severity: { code: 2, name: 'crit' },
        hostname: 'mymachine',
        appname: 'su',
      },
    },
    host: { hostname: 'mymachine' },
    process: { name: 'su' },
    message: "'su root' failed for lonvick on /dev/pts/8",
  },
  'rfc3164-no-pri.txt': {
    '@timestamp': '2023-10-11T22:14:15.000Z',
    log: { syslog: { hostname: 'host.example', appname: 'app', procid: '123' } },
    host: { hostname: 'host.example' },
    process: { name: 'app', pid: 123 },
    message: 'legacy message without PRI',
  },
  // PRI 13 = user (1) × 8 + notice (5); the RFC 3339 timestamp carries its offset.
  'rfc3164-rfc3339.txt': {
    '@timestamp': '2026-07-23T07:30:45.123Z',
    log: {
      syslog: {
        priority: 13,
        facility: { code: 1, name: 'user' },
        severity: { code: 5, name: 'notice' },
        hostname: 'host',
        appname: 'daemon',
      },
    },
    host: { hostname: 'host' },
    process: { name: 'daemon' },
    message: 'timestamp variant',
  },
  // `<0>x`: kern.emerg, no valid timestamp, so (RFC 3164 §4.3.2) all after the PRI is the MSG.
  'rfc3164-short.txt': {
    '@timestamp': '2023-12-31T12:00:00.000Z',
    log: { syslog: { priority: 0, facility: { code: 0, name: 'kern' }, severity: { code: 0, name: 'emerg' } } },
    message: 'x',
  },
  // RFC 5424 §6.5 example 3: PRI 165 = local4 (20) × 8 + notice (5); PROCID is NIL.
  'rfc5424-basic.txt': {
    '@timestamp': '2003-10-11T22:14:15.003Z',
    log: {
      syslog: {
        priority: 165,
        facility: { code: 20, name: 'local4' },
        severity: { code: 5, name: 'notice' },
        version: '1',
        hostname: 'mymachine.example.com',
        appname: 'evntslog',
        msgid: 'ID47',
        structured_data: { 'exampleSDID@32473': { iut: '3', eventSource: 'Application' } },
      },
    },
    host: { hostname: 'mymachine.example.com' },
    process: { name: 'evntslog' },
    message: 'An application event log entry',
  },
  'rfc5424-escaped-sd.txt': {
    '@timestamp': '2026-07-23T07:30:45.000Z',
    log: {
      syslog: {
        priority: 34,
        facility: { code: 4, name: 'auth' },
        severity: { code: 2, name: 'crit' },
        version: '1',
        hostname: 'host',
        appname: 'app',
        procid: '123',
        msgid: 'msg',
        structured_data: { 'meta@32473': { value: 'escaped]bracket', quote: '"' } },
      },
    },
    host: { hostname: 'host' },
    process: { name: 'app', pid: 123 },
    message: 'payload',
  },
  // All NILVALUEs: no timestamp (so the time received), host, app, procid, msgid or SD.
  'rfc5424-nil.txt': {
    '@timestamp': '2023-12-31T12:00:00.000Z',
    log: { syslog: { priority: 13, facility: { code: 1, name: 'user' }, severity: { code: 5, name: 'notice' }, version: '1' } },
    message: 'minimal',
  },
};

corpusTest('agrees with the hand-derived RFC fields of every rsyslog edge case', () => {
  const dir = join(CORPUS, 'parsers/rsyslog-syslog-edge-cases');
  const files = readdirSync(dir).filter((file) => file.endsWith('.txt'));
  assert.equal(files.sort(), Object.keys(RSYSLOG).sort());
  const t = tally();
  for (const file of files) {
    const ours = parse(readFileSync(join(dir, file), 'utf8'), { receivedAt: ELASTIC_RUN });
    compare(t, ours, RSYSLOG[file] as object, file);
    // Nothing beyond the RFC fields either: NIL stays absent.
    const extra = flattenEvent(ours.log.syslog ?? {}).filter(
      ([path]) => !flattenEvent(RSYSLOG[file] as object).some(([p]) => p === `log.syslog.${path}`),
    );
    assert.equal(extra, [], `${file}: fields the message does not have`);
  }
  report('rsyslog-syslog-edge-cases', t);
});

// ---------------------------------------------------------------------------------------------
// Apache Metron's syslog3164/syslog5424 samples and its parses

/**
 * Metron's names → ECS. Its `timestamp` is the header's time: for RFC 3164 lines with the year of
 * its run (January 2018, 1515142355000 = 2018-01-05T08:52:35Z for `Jan  5 08:52:35`), so secai
 * receives them on 6 January 2018. `syslog.header.msgId` `-` is Metron keeping RFC 5424's NILVALUE
 * as a value; secai leaves NIL fields out, so it is not mapped.
 */
function fromMetron(parsed: Record<string, unknown>): object {
  const doc = {};
  const header = (key: string) => parsed[`syslog.header.${key}`] as string | undefined;
  setField(doc, 'log.syslog.priority', Number(header('pri')));
  setField(doc, 'log.syslog.facility.code', Number(header('facility')));
  setField(doc, 'log.syslog.severity.code', Number(header('severity')));
  setField(doc, 'log.syslog.version', header('version'));
  setField(doc, 'log.syslog.hostname', header('hostName'));
  setField(doc, 'host.hostname', header('hostName'));
  setField(doc, 'log.syslog.appname', header('appName'));
  setField(doc, 'process.name', header('appName'));
  setField(doc, 'log.syslog.procid', header('procId'));
  if (header('msgId') !== '-') setField(doc, 'log.syslog.msgid', header('msgId'));
  setField(doc, 'message', parsed['syslog.message']);
  setField(doc, '@timestamp', new Date(parsed.timestamp as number).toISOString());
  const sd: Record<string, Record<string, unknown>> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!key.startsWith('syslog.structuredData.')) continue;
    const dot = key.lastIndexOf('.');
    const id = key.slice(22, dot);
    sd[id] = { ...sd[id], [key.slice(dot + 1)]: value };
  }
  if (Object.keys(sd).length > 0) setField(doc, 'log.syslog.structured_data', sd);
  return doc;
}

for (const sensor of ['syslog3164', 'syslog5424']) {
  corpusTest(`agrees with Apache Metron's parse of every ${sensor} sample`, () => {
    const dir = join(CORPUS, 'parsers/metron/sample-data', sensor);
    const raw = readFileSync(join(dir, 'raw', readdirSync(join(dir, 'raw'))[0] as string), 'utf8')
      .split('\n')
      .filter(Boolean);
    const parsed = readFileSync(join(dir, 'parsed', readdirSync(join(dir, 'parsed'))[0] as string), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const byOriginal = new Map(parsed.map((p) => [p.original_string as string, p]));
    const ctx: ParseContext = { receivedAt: new Date('2018-01-06T00:00:00Z') };
    const t = tally();
    raw.forEach((line, i) => {
      const expected = byOriginal.get(line);
      assert.ok(expected, `line ${i + 1} has a Metron parse`);
      compare(t, parse(line, ctx), fromMetron(expected as Record<string, unknown>), `${sensor}#${i + 1}`);
    });
    report(`metron/sample-data/${sensor}`, t);
  });
}

// ---------------------------------------------------------------------------------------------
// Loghub: 2,000 real lines each of a Linux syslog and an OpenSSH auth log

for (const file of ['Linux/Linux_2k.log', 'OpenSSH/OpenSSH_2k.log']) {
  corpusTest(`parses every line of loghub ${file} with its host and program`, () => {
    const lines = readFileSync(join(CORPUS, 'loghub', file), 'utf8')
      .split('\n')
      .filter(Boolean);
    assert.is(lines.length, 2000);
    for (const line of lines) {
      const event = parse(line);
      assert.ok(event.host?.hostname, line);
      assert.ok(event.process?.name, line);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Named edge cases

test('a Dec 31 line received on Jan 1 is last year’s (year rollover)', () => {
  const event = parse('Dec 31 23:59:58 host app: tick', { receivedAt: new Date('2024-01-01T00:00:03Z') });
  assert.is(event['@timestamp'], '2023-12-31T23:59:58.000Z');
});

test('a line with its year keeps it, whenever it is received', () => {
  assert.is(parse('Oct 11 2019 22:14:15 host app: x')['@timestamp'], '2019-10-11T22:14:15.000Z');
});

test('a zoneless time takes the configured zone’s offset of that date, on both sides of a DST change', () => {
  const ctx: ParseContext = { receivedAt: new Date('2023-12-31T12:00:00Z'), timezone: 'Europe/Paris' };
  const before = parse('Mar 26 01:30:00 host app: winter', ctx);
  assert.is(before['@timestamp'], '2023-03-26T00:30:00.000Z');
  assert.is(before.event.timezone, '+01:00');
  const after = parse('Mar 26 03:30:00 host app: summer', ctx);
  assert.is(after['@timestamp'], '2023-03-26T01:30:00.000Z');
  assert.is(after.event.timezone, '+02:00');
});

test('a zoneless RFC 3339 time takes the configured zone; one with an offset keeps its own and sets no event.timezone', () => {
  const ctx: ParseContext = { receivedAt: UTC.receivedAt, timezone: '-02:00' };
  const zoneless = parse('2019-06-14T10:40:20.912134 localhost sudo: hello', ctx);
  assert.is(zoneless['@timestamp'], '2019-06-14T12:40:20.912Z');
  assert.is(zoneless.event.timezone, '-02:00');
  const offset = parse('1986-04-26T01:23:45.101+0400 rmbkmonitor04 shutdown[2649]: halt', ctx);
  assert.is(offset['@timestamp'], '1986-04-25T21:23:45.101Z');
  assert.is(offset.event.timezone, undefined);
});

test('UTC is the zone when none is configured, and event.timezone says so', () => {
  const event = parse('Jun  1 10:00:00 host app: x');
  assert.is(event['@timestamp'], '2023-06-01T10:00:00.000Z');
  assert.is(event.event.timezone, '+00:00');
});

test('an unknown configured zone is refused with its name, not thrown', () => {
  const outcome = parser.parse('Jun  1 10:00:00 host app: x', { receivedAt: UTC.receivedAt, timezone: 'Mars/Olympus' });
  assert.equal(outcome, { ok: false, reason: 'unknown time zone: Mars/Olympus' });
});

const BSD_TIMESTAMPS: [name: string, line: string, timestamp: string][] = [
  ['single-digit day padded with a space', 'Jan  5 08:52:35 h a: x', '2023-01-05T08:52:35.000Z'],
  ['single-digit day after one space (macOS)', 'Apr 4 03:39:57 h a: x', '2023-04-04T03:39:57.000Z'],
  ['zero-padded day', 'Apr 04 03:39:57 h a: x', '2023-04-04T03:39:57.000Z'],
  ['milliseconds', 'Apr  4 03:39:57.123 h a: x', '2023-04-04T03:39:57.123Z'],
  ['microseconds, cut to milliseconds', 'Apr  4 03:39:57.123456 h a: x', '2023-04-04T03:39:57.123Z'],
  ['a year', 'Apr  4 2021 03:39:57 h a: x', '2021-04-04T03:39:57.000Z'],
  ['a year and a fraction', 'Apr  4 2021 03:39:57.5 h a: x', '2021-04-04T03:39:57.500Z'],
  ['RFC 3339 with Z', '2021-04-04T03:39:57Z h a: x', '2021-04-04T03:39:57.000Z'],
  ['RFC 3339 with an offset without colon', '2021-04-04T03:39:57.25+0130 h a: x', '2021-04-04T02:09:57.250Z'],
];

for (const [name, line, timestamp] of BSD_TIMESTAMPS) {
  test(`reads an RFC 3164 timestamp with ${name}`, () => {
    assert.is(parse(line)['@timestamp'], timestamp);
  });
}

const HEADERS: [
  name: string,
  line: string,
  host: string | undefined,
  name_: string | undefined,
  pid: number | undefined,
  message: string | undefined,
][] = [
  ['tag with pid', 'Oct 11 22:14:15 host sshd[42]: hi', 'host', 'sshd', 42, 'hi'],
  ['tag without pid', 'Oct 11 22:14:15 host su: hi', 'host', 'su', undefined, 'hi'],
  ['tag without colon', 'Oct 11 22:14:15 host app[7] hi there', 'host', 'app', 7, 'hi there'],
  ['missing hostname', 'Oct 11 22:14:15 su: hi', undefined, 'su', undefined, 'hi'],
  ['missing hostname, tag with pid', 'Oct 11 22:14:15 sshd[9]: hi', undefined, 'sshd', 9, 'hi'],
  [
    'no hostname and no tag',
    'Apr 4 03:39:57 --- last message repeated 1 time ---',
    undefined,
    undefined,
    undefined,
    '--- last message repeated 1 time ---',
  ],
  ['hostname and no tag', '<166>Jan  5 08:52:35 10.22.8.216 just words', '10.22.8.216', undefined, undefined, 'just words'],
  [
    'a Cisco mnemonic, which is no tag',
    '<166>Jan  5 08:52:35 fw %ASA-6-302014: Teardown',
    'fw',
    undefined,
    undefined,
    '%ASA-6-302014: Teardown',
  ],
  [
    'a tag with spaces (macOS)',
    'Dec 13 12:49:57 mac Google Chrome[85294]: objc[85294]: x',
    'mac',
    'Google Chrome',
    85294,
    'objc[85294]: x',
  ],
  ['an IPv6 hostname', 'Oct 11 22:14:15 2001:db8::1 app: hi', '2001:db8::1', 'app', undefined, 'hi'],
  ['an empty message', 'Oct 11 22:14:15 host app:', 'host', 'app', undefined, undefined],
  ['a timestamp alone', 'Oct 11 22:14:15', undefined, undefined, undefined, undefined],
  [
    'a colon far into the message, which ends no tag',
    `Oct 11 22:14:15 host ${'word '.repeat(40)}: x`,
    'host',
    undefined,
    undefined,
    `${'word '.repeat(40)}: x`,
  ],
];

for (const [name, line, host, processName, pid, message] of HEADERS) {
  test(`reads an RFC 3164 header with ${name}`, () => {
    const event = parse(line);
    assert.is(event.host?.hostname, host);
    assert.is(event.log.syslog?.hostname, host);
    assert.is(event.process?.name, processName);
    assert.is(event.process?.pid, pid);
    assert.is(event.message, message);
  });
}

test('reads RFC 5424 NIL values as absent fields', () => {
  const event = parse('<13>1 - - - - - - minimal');
  assert.is(event['@timestamp'], UTC.receivedAt.toISOString());
  assert.is(event.host, undefined);
  assert.is(event.process, undefined);
  assert.equal(event.log.syslog, {
    priority: 13,
    facility: { code: 1, name: 'user' },
    severity: { code: 5, name: 'notice' },
    version: '1',
  });
  assert.is(event.message, 'minimal');
});

test('reads a non-numeric RFC 5424 PROCID as procid without process.pid', () => {
  const event = parse('<14>1 2014-06-20T09:14:07+00:00 loggregator d0602076 DEA - - Removing instance');
  assert.is(event.log.syslog?.procid, 'DEA');
  assert.is(event.process?.pid, undefined);
});

test('unescapes \\" \\\\ and \\] in structured data and keeps any other backslash', () => {
  const event = parse('<13>1 - h a - - [x@1 q="a\\"b" s="c\\\\d" b="e\\]f" o="g\\nh"][y@2] msg');
  assert.equal(event.log.syslog?.structured_data, { 'x@1': { q: 'a"b', s: 'c\\d', b: 'e]f', o: 'g\\nh' }, 'y@2': {} });
  assert.is(event.message, 'msg');
});

test('reads malformed structured data as the start of the message', () => {
  const event = parse('<13>1 - h a - - [not sd] msg');
  assert.is(event.log.syslog?.structured_data, undefined);
  assert.is(event.message, '[not sd] msg');
});

test('keeps an SD-ID named __proto__ as data, not as the prototype', () => {
  const event = parse('<13>1 - h a - - [__proto__ polluted="yes"] msg');
  assert.is(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.keys(event.log.syslog?.structured_data ?? {}), ['__proto__']);
});

test('drops the BOM before an RFC 5424 MSG', () => {
  assert.is(parse('<13>1 2023-01-01T00:00:00Z h a - - - \uFEFFhello')?.message, 'hello');
});

test('keeps the line as received, trailing newline included, and leaves it out of the message', () => {
  const event = parse('Oct 11 22:14:15 host app: hi\r\n');
  assert.is(event.log.original, 'Oct 11 22:14:15 host app: hi\r\n');
  assert.is(event.message, 'hi');
});

test('names facility and severity by their RFC 5424 keywords', () => {
  const names = (pri: number) => {
    const syslog = parse(`<${pri}>Oct 11 22:14:15 h a: x`).log.syslog;
    return `${syslog?.facility?.name}.${syslog?.severity?.name}`;
  };
  assert.is(names(0), 'kern.emerg');
  assert.is(names(38), 'auth.info');
  assert.is(names(86), 'authpriv.info');
  assert.is(names(123), 'solaris-cron.err');
  assert.is(names(191), 'local7.debug');
});

const DEGENERATE: [name: string, line: string, outcome: 'event' | 'refused'][] = [
  ['`<0>x`', '<0>x', 'event'],
  ['just a PRI', '<13>', 'event'],
  ['a PRI and a version', '<13>1', 'event'],
  ['a PRI, a version and a space', '<13>1 ', 'event'],
  ['an empty line', '', 'refused'],
  ['a line break', '\n', 'refused'],
  ['a PRI over 191', '<192>Oct 11 22:14:15 h a: x', 'refused'],
  ['an unclosed PRI', '<13 Oct 11', 'refused'],
  ['a line that is not syslog', 'hello world', 'refused'],
];

for (const [name, line, expected] of DEGENERATE) {
  test(`${expected === 'event' ? 'parses' : 'refuses with a reason'} ${name}`, () => {
    const outcome = parser.parse(line, UTC);
    assert.is(outcome.ok, expected === 'event');
    if (!outcome.ok) assert.ok(outcome.reason.length > 0);
  });
}

test('test() tells syslog starts from other lines', () => {
  for (const line of [
    '<13>x',
    'Oct 11 22:14:15 h a: x',
    'Apr 4 03:39:57 x',
    '2018-08-14T14:30:02.203151+02:00 h a: x',
    '<165>1 - - - - - -',
  ]) {
    assert.ok(parser.test(line), line);
  }
  for (const line of ['', 'hello', '{"a":1}', '127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET /"', 'CEF:0|a|b', 'October 11']) {
    assert.not.ok(parser.test(line), line);
  }
});

test('offers the MSG to the body parsers in order and stops at the first that knows it', () => {
  const calls: string[] = [];
  const body = (name: string, knows: boolean): MessageParser => ({
    name,
    claims: [`${name}.field`],
    parse(event, message) {
      calls.push(name);
      if (knows) (event as Record<string, unknown>)[name] = { field: message };
      return knows;
    },
  });
  const syslog = createSyslogParser([body('first', false), body('second', true), body('third', true)]);
  const outcome = syslog.parse('Oct 11 22:14:15 host app: payload', UTC);
  assert.equal(calls, ['first', 'second']);
  assert.equal(outcome.ok && outcome.event.second, { field: 'payload' });
  assert.ok(syslog.claims.includes('third.field') && syslog.claims.includes('log.syslog.priority'));
});

test('names the peer as the host when the line names none', () => {
  const event = parse('<13>Oct 11 22:14:15 su: x', { ...UTC, peer: '192.0.2.7' });
  assert.is(event.host?.hostname, '192.0.2.7');
  assert.is(event.log.syslog?.hostname, undefined);
});

// ---------------------------------------------------------------------------------------------
// The parser's remembered time steps give what time.ts's functions give

const ZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'America/St_Johns', 'Asia/Kathmandu', '+05:45', '-03:30'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const wallClock = fc.record({
  month: fc.integer({ min: 0, max: 11 }),
  day: fc.integer({ min: 1, max: 31 }),
  hour: fc.integer({ min: 0, max: 23 }),
  minute: fc.integer({ min: 0, max: 59 }),
  second: fc.integer({ min: 0, max: 59 }),
  ms: fc.integer({ min: 0, max: 999 }),
});

test('reads a year-less time as inferYear, wallClockToUtc and formatOffset do, DST changes included (fast-check)', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...ZONES),
      wallClock,
      fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }),
      (zone, wall, receivedAt) => {
        const line = `${MONTHS[wall.month]} ${String(wall.day).padStart(2, ' ')} ${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}.${pad(wall.ms, 3)} h a: x`;
        const event = parse(line, { receivedAt, timezone: zone });
        const utc = wallClockToUtc({ ...wall, year: inferYear(wall.month, wall.day, receivedAt, zone) }, zone);
        assert.is(event['@timestamp'], new Date(utc).toISOString(), line);
        assert.is(event.event.timezone, formatOffset(zoneOffsetMinutes(zone, utc)), line);
      },
    ),
    { seed: SEED, numRuns: 3000 },
  );
});

test('reads an RFC 3339 timestamp as parseIsoTimestamp does, with and without its zone (fast-check)', () => {
  const offset = fc.constantFrom('', 'Z', 'z', '+00:00', '+02:00', '-0330', '+0545', '-12:00');
  const fraction = fc.constantFrom('', '.1', ',25', '.003', '.123456', '.123456789');
  fc.assert(
    fc.property(
      fc.constantFrom(...ZONES),
      wallClock,
      fc.integer({ min: 1970, max: 2100 }),
      fraction,
      offset,
      (zone, wall, year, frac, off) => {
        const token = `${year}-${pad(wall.month + 1)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}${frac}${off}`;
        const event = parse(`<13>1 ${token} h a - - - x`, { ...UTC, timezone: zone });
        assert.is(event['@timestamp'], parseIsoTimestamp(token, zone), token);
        assert.is(
          event.event.timezone,
          off === '' ? formatOffset(zoneOffsetMinutes(zone, Date.parse(event['@timestamp']))) : undefined,
          token,
        );
      },
    ),
    { seed: SEED, numRuns: 3000 },
  );
});

// ---------------------------------------------------------------------------------------------
// Robustness: generated lines, and the time a hostile 64 KB line takes

const VALID = [
  "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8",
  '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application"] An application event log entry',
  '<34>1 2026-07-23T09:30:45+02:00 host app 123 msg [meta@32473 value="escaped\\]bracket" quote="\\""] payload',
  'Feb 21 21:54:44 localhost sshd[3402]: Accepted publickey for vagrant from 10.0.2.2 port 63673 ssh2: RSA 39:33:99',
  'Feb 21 23:35:33 localhost sudo: vagrant : TTY=pts/0 ; PWD=/home/vagrant ; USER=root ; COMMAND=/bin/ls',
  'Jun 15 02:04:59 combo sshd(pam_unix)[20882]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=1.2.3.4  user=root',
  '2019-06-14T13:01:15.412+01:30 localhost sudo: pam_unix(sudo-i:session): session opened for user root by userauth3(uid=0)',
  'Dec 10 09:32:20 LabSZ sshd[24680]: Received disconnect from 1.2.3.4: 11: Bye Bye [preauth]',
  'Feb 22 11:47:05 localhost useradd[6995]: new user: name=apache, UID=48, GID=48, home=/usr/share/httpd, shell=/sbin/nologin',
];

const SYSLOG_CHARS = fc.constantFrom(...'<>0123456789 -[]"\\=:.TZ+@abcJanOct\uFEFF\n\t;'.split(''));

/** A valid line with up to four splices: characters cut, repeated or replaced. */
const mutatedLine = fc
  .tuple(
    fc.constantFrom(...VALID),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 8 }), fc.string({ unit: SYSLOG_CHARS, maxLength: 6 })), { maxLength: 4 }),
  )
  .map(([line, edits]) =>
    edits.reduce(
      (text, [at, cut, insert]) => text.slice(0, at % (text.length + 1)) + insert + text.slice((at % (text.length + 1)) + cut),
      line,
    ),
  );

const anyLine = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: SYSLOG_CHARS, maxLength: 80 }),
  fc.string({ unit: SYSLOG_CHARS, maxLength: 20 }).map((tail) => `<13>1 ${tail}`),
  mutatedLine,
);

test('never throws on 100,000 generated lines, and keeps each as received (fast-check)', () => {
  let lines = 0;
  let refused = 0;
  fc.assert(
    fc.property(anyLine, (line) => {
      lines++;
      parser.test(line);
      const outcome = parser.parse(line, UTC);
      if (!outcome.ok) return ++refused > 0 && outcome.reason.length > 0;
      return outcome.event.log.original === line && !Number.isNaN(Date.parse(outcome.event['@timestamp']));
    }),
    { seed: SEED, numRuns: 100_000 },
  );
  console.log(`  fast-check seed ${SEED} (FC_SEED=… to reproduce): ${lines} lines, ${refused} refused with a reason`);
});

const KB64 = 64 * 1024;
const HOSTILE: [name: string, line: string][] = [
  ['a long MSG', `<13>Oct 11 22:14:15 host app: ${'x'.repeat(KB64)}`],
  ['a long garbage RFC 5424 header', `<13>1 ${'a'.repeat(KB64)}`],
  ['a long garbage RFC 3164 header', `Oct 11 22:14:15 ${'a'.repeat(KB64)}`],
  ['a long RFC 3339 lookalike', `2023-${'1'.repeat(KB64)}`],
  ['many [ in SD', `<13>1 - h a - - ${'['.repeat(KB64)}`],
  ['many unclosed SD params', `<13>1 - h a - - [x${' a="\\"'.repeat(KB64 / 6)}`],
  ['many SD elements', `<13>1 - h a - - ${'[x a="1"]'.repeat(KB64 / 9)} m`],
  ['colons and spaces after the host', `Oct 11 22:14:15 host ${': '.repeat(KB64 / 2)}`],
  [
    'a long sshd user name',
    `Oct 11 22:14:15 host sshd[1]: Failed password for invalid user ${'a from '.repeat(KB64 / 7)}1.2.3.4 port 22 ssh2`,
  ],
  ['a long sudo line', `Oct 11 22:14:15 host sudo: u : ${'TTY=x ; '.repeat(KB64 / 8)}COMMAND=/bin/ls`],
  ['a long PAM failure', `Oct 11 22:14:15 host sshd(pam_unix)[1]: authentication failure; ${'a= '.repeat(KB64 / 3)}`],
];

for (const [name, line] of HOSTILE) {
  test(`parses a 64 KB line with ${name} in under 10 ms`, () => {
    const outcome = parser.parse(line, UTC);
    const ms = fastestMs(() => parser.parse(line, UTC));
    assert.ok(outcome.ok || outcome.reason.length > 0);
    assert.ok(ms < 10, `${ms.toFixed(2)} ms`);
  });
}

test.run();
