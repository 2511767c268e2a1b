import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import type { LogEvent } from '../events/event.js';
import { Detector } from './detector.js';
import { exceptionMatches } from './exception.js';
import { documentTexts, readDocuments } from './rule.js';

const rule = (name: string, eventId: number) =>
  `title: ${name}\nname: ${name}\nid: id-${name}\nlogsource:\n  product: windows\n  service: security\ndetection:\n  s:\n    EventID: ${eventId}\n  condition: s\n`;
const correlation = (id: string, rules: string, generate = '') =>
  `title: ${id}\nid: ${id}\ncorrelation:\n  type: event_count\n  rules: [${rules}]\n  group-by: [IpAddress]\n  timespan: 5m\n  condition:\n    gte: 2\n${generate}`;
const detector = (...yaml: string[]) =>
  new Detector(yaml.flatMap((y, i) => readDocuments(y).map((document) => ({ key: `k${i}`, document }))));

function logon(eventId: number, ip: string, host = 'ws1'): LogEvent {
  return {
    '@timestamp': '2026-12-03T10:00:00Z',
    event: {},
    host: { name: host },
    winlog: { channel: 'Security', event_id: String(eventId), event_data: { IpAddress: ip } },
  } as unknown as LogEvent;
}

test("a correlation's base rule counts towards it and raises nothing alone, unless the correlation generates", () => {
  const quiet = detector(rule('failed', 4625), correlation('brute', 'failed'));
  const first = quiet.detect(logon(4625, '10.0.0.9'), 0);
  assert.equal(
    first.map((d) => [d.key, d.generates]),
    [['k0', false]],
  );
  const second = quiet.detect(logon(4625, '10.0.0.9'), 1_000);
  assert.equal(
    second.map((d) => [d.key, d.generates, d.correlation?.count, d.events.length]),
    [
      ['k0', false, undefined, 1],
      ['k1', true, 2, 2],
    ],
  );
  const loud = detector(rule('failed', 4625), correlation('brute', 'failed', '  generate: true\n'));
  assert.equal(
    loud.detect(logon(4625, '10.0.0.9'), 0).map((d) => d.generates),
    [true],
  );
});

test('a correlation of a correlation is refused in context; a rule the engine cannot run is refused with why; the rest run', () => {
  const d = detector(
    rule('failed', 4625),
    correlation('brute', 'failed'),
    correlation('meta', 'brute'),
    'title: x\nlogsource: {product: windows}\ndetection: {s: {a|nope: 1}, condition: s}\n',
  );
  const refused = d.rules.flatMap((r) => ('refused' in r ? [[r.key, r.refused]] : []));
  assert.equal(
    refused.map(([key]) => key),
    ['k2', 'k3'],
  );
  assert.is(refused[0]?.[1], 'a correlation of correlations is not supported yet');
  assert.match(String(refused[1]?.[1]), /nope/);
  assert.is(d.size, 2);
});

test('a silenced rule neither fires nor counts towards its correlation', () => {
  const d = new Detector(
    [rule('failed', 4625), correlation('brute', 'failed')].flatMap((y, i) =>
      readDocuments(y).map((document) => ({ key: `k${i}`, document })),
    ),
    { silenced: (key, event) => key === 'k0' && event.host?.name === 'build-1' },
  );
  for (const t of [0, 1, 2]) assert.equal(d.detect(logon(4625, '10.0.0.9', 'build-1'), t * 1_000), []);
  assert.is(d.detect(logon(4625, '10.0.0.9', 'ws1'), 3_000).length, 1);
});

test('exceptions: every field must match one of its values, case-insensitively, * a wildcard, any item of a list, host.name as hostname too', () => {
  const event = {
    host: { hostname: 'Build-07' },
    user: { name: 'svc_ci' },
    related: { ip: ['10.0.0.5', '10.0.0.6'] },
  } as unknown as LogEvent;
  assert.ok(exceptionMatches({ 'host.name': ['build-*'] }, event), 'syslog host');
  assert.ok(exceptionMatches({ 'host.hostname': ['BUILD-07'], 'user.name': ['svc_*', 'root'] }, event));
  assert.ok(exceptionMatches({ 'related.ip': ['10.0.0.6'] }, event), 'any item of a list');
  assert.not.ok(exceptionMatches({ 'host.name': ['build-*'], 'user.name': ['root'] }, event), 'all fields must match');
  assert.not.ok(exceptionMatches({ 'user.name': ['svc'] }, event), 'a value is the whole field, not a part');
  assert.not.ok(exceptionMatches({ 'user.name': ['svc.ci'] }, event), 'a dot is a dot, not any character');
  assert.not.ok(exceptionMatches({ 'process.name': ['*'] }, event), 'a missing field matches nothing, not even *');
});

test("each document's own text, without its --- marker, even when it begins on the marker's line", () => {
  const source = 'title: a\nlogsource: {product: linux}\n---\ntitle: b\n--- {title: c, logsource: {product: linux}}\n';
  assert.equal(
    documentTexts(source).map((text) => (parse(text) as { title: string }).title),
    ['a', 'b', 'c'],
  );
});

test('a text that parses but is not data (an alias to no anchor) is refused, not thrown', () => {
  const [doc] = readDocuments('*sn&+');
  assert.is(doc?.kind, 'refused');
  assert.match(doc?.kind === 'refused' ? doc.reason : '', /^not YAML/);
});

test.run();
