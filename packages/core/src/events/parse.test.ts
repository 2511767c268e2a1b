import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LOG_FORMATS } from '../constants/log-formats.js';
import { SecaiError } from '../errors/secai-error.js';
import { fastestMs } from './_test/timing.js';
import { claimedFields, compileRules, parseLine } from './parse.js';

const receivedAt = new Date('2026-03-01T12:00:00Z');
const root = join(import.meta.dirname, '../../../..');

test('detects each format per line', () => {
  const lines: [string, string][] = [
    ['<34>Oct 11 22:14:15 mymachine su: failed for lonvick on /dev/pts/8', 'syslog'],
    ['<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 - An application event', 'syslog'],
    ['Feb 21 21:54:44 localhost sshd[3402]: Accepted password for vagrant from 10.0.2.2 port 63673 ssh2', 'syslog'],
    ['CEF:0|Security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1 dst=2.1.2.2 spt=1232', 'cef'],
    ['LEEF:1.0|Microsoft|MSExchange|4.0 SP1|15345|src=192.0.2.0\tdst=172.50.123.1', 'leef'],
    ['{"@timestamp":"2026-03-01T11:00:00Z","message":"hello"}', 'json'],
    ['10.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326', 'access'],
    ['type=USER_LOGIN msg=audit(1364481363.243:24287): pid=1 uid=0 res=failed', 'kv'],
  ];
  for (const [line, format] of lines) assert.is(parseLine(line, { receivedAt }).format, format, line);
});

test('a line no parser takes is kept as an unparsed event with the reason', () => {
  const { event, parsed, format } = parseLine('just some words', { receivedAt });
  assert.is(parsed, false);
  assert.is(format, null);
  assert.is(event.message, 'just some words');
  assert.is(event.log.original, 'just some words');
  assert.equal(event.tags, ['unparsed']);
  assert.is(event.error?.type, 'unparsed');
  assert.ok(event.error?.message);
  assert.is(event['@timestamp'], receivedAt.toISOString());
});

test('a fixed format that does not fit the line says why', () => {
  const { parsed, event } = parseLine('not json at all', { receivedAt, format: 'json' });
  assert.is(parsed, false);
  assert.match(event.error?.message ?? '', /^json: /);
});

test('a trailing carriage return is not part of the event', () => {
  const { event } = parseLine('{"message":"x"}\r', { receivedAt });
  assert.is(event.log.original, '{"message":"x"}');
});

test('custom rules of a source are tried before the built-in formats', () => {
  const custom = compileRules([{ name: 'app', kind: 'grok', pattern: '%{WORD:event.action} %{IP:source.ip}' }]);
  const { format, event } = parseLine('login 10.1.2.3', { receivedAt, custom, source: 'app-logs' });
  assert.is(format, 'custom:app');
  assert.is(event.source?.ip, '10.1.2.3');
  assert.is(event.secai?.source, 'app-logs');
});

test('a bad custom rule is a validation error that names it', () => {
  try {
    compileRules([{ name: 'broken', kind: 'grok', pattern: '%{NO_SUCH_PATTERN:x}' }]);
    assert.unreachable('compiled');
  } catch (err) {
    assert.instance(err, SecaiError);
    assert.is((err as SecaiError).code, 'VALIDATION_FAILED');
    assert.match((err as Error).message, /broken/);
  }
});

test('the sending peer names the host of a line that names none', () => {
  const { event } = parseLine('{"message":"x"}', { receivedAt, peer: '192.0.2.7' });
  assert.equal(event.host?.ip, ['192.0.2.7']);
});

test('LOG_FORMATS lists every built-in format', () => {
  const formats = Object.keys(claimedFields()).filter((k) => !k.includes(' ') && k !== 'auth');
  assert.equal([...formats].sort(), LOG_FORMATS.filter((f) => f !== 'auto').sort());
});

test('docs/events.md documents every field a parser claims', () => {
  const doc = readFileSync(join(root, 'docs/events.md'), 'utf8');
  const documented = new Set([...doc.matchAll(/`([@a-z_][\w.@]*)`/g)].map((m) => m[1]));
  const missing = new Set<string>();
  for (const claims of Object.values(claimedFields())) {
    for (const field of claims) if (!documented.has(field)) missing.add(field);
  }
  assert.equal([...missing], []);
});

test('no line throws, whatever it holds (100,000 generated lines)', () => {
  const prefixes = ['', '<13>', '<165>1 ', 'CEF:0|', 'LEEF:2.0|', '{', 'Oct 11 22:14:15 ', '1.2.3.4 - - [', 'a=b c="'];
  fc.assert(
    fc.property(fc.constantFrom(...prefixes), fc.string({ maxLength: 200 }), (prefix, rest) => {
      const { event } = parseLine(prefix + rest, { receivedAt });
      assert.is(event.log.original, (prefix + rest).replace(/\r$/, ''));
    }),
    { numRuns: 100_000 },
  );
});

test('a 64 KB line of any format parses in under 10 ms', () => {
  const long = 'A'.repeat(64 * 1024);
  const lines = [
    `<13>Oct 11 22:14:15 host app[1]: ${long}`,
    `CEF:0|a|b|c|d|e|5|msg=${long}`,
    `{"message":"${long}"}`,
    `1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET /${long} HTTP/1.0" 200 1`,
    `a=${long} b="${long}`,
    `${'['.repeat(65536)}`,
    `${'a= '.repeat(21000)}`,
  ];
  for (const line of lines) {
    const ms = fastestMs(() => parseLine(line, { receivedAt }));
    assert.ok(ms < 10, `${line.slice(0, 20)}…: ${ms.toFixed(1)} ms`);
  }
});

test.run();
