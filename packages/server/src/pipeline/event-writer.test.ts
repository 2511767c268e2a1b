import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RecordingLogStore } from '../_test/recording-log-store.js';
import { inlineWriter } from './event-writer.js';

const at = Date.parse('2026-12-03T10:00:00Z');

test("a source's own parse rules are tried before the built-in formats; other sources are not touched", async () => {
  const store = new RecordingLogStore();
  const writer = inlineWriter(store, {
    rules: {
      billing: [
        { name: 'audit', kind: 'grok', pattern: '%{TIMESTAMP_ISO8601:@timestamp} %{WORD:user.name} paid %{NUMBER:billing.amount:int}' },
      ],
    },
  });
  const line = '2026-12-03T09:59:00Z carol paid 42';
  const { tally } = await writer.write([
    { line, receivedAt: at, collector: 'http', source: 'billing', id: 'b1' },
    { line, receivedAt: at, collector: 'http', source: 'other', id: 'o1' },
  ]);
  assert.equal(tally, { http: { parsed: 2, unparsed: 0, stored: 2 } });
  const billing = store.events.get('b1');
  assert.is(billing?.user?.name, 'carol');
  assert.is((billing as unknown as { billing: { amount: number } }).billing.amount, 42);
  assert.is(billing?.secai?.format, 'custom:audit');
  assert.is(billing?.['@timestamp'], '2026-12-03T09:59:00.000Z');
  assert.is.not(store.events.get('o1')?.secai?.format, 'custom:audit');
  assert.is(store.events.get('o1')?.user, undefined);
});

test("a source's configured Sigma logsource is declared on its events, and its rules run on them", async () => {
  const store = new RecordingLogStore();
  const writer = inlineWriter(store, { logsources: { trail: { product: 'aws', service: 'cloudtrail' } } });
  writer.setRules({
    version: 1,
    rules: [
      {
        id: 'r1',
        yaml: 'title: Trail stopped\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  s:\n    eventName: StopLogging\n  condition: s\n',
      },
    ],
    exceptions: [],
  });
  // Without eventSource nothing in the record says it is CloudTrail: only the source's setting does.
  const line = JSON.stringify({ eventName: 'StopLogging', eventTime: '2026-12-03T09:00:00Z' });
  const { hits } = await writer.write([
    { line, receivedAt: at, collector: 'http', source: 'trail', id: 't1' },
    { line, receivedAt: at, collector: 'http', source: 'other', id: 'o1' },
  ]);
  assert.equal(store.events.get('t1')?.secai?.logsource, { product: 'aws', service: 'cloudtrail' });
  assert.is(store.events.get('o1')?.secai?.logsource, undefined);
  assert.equal(
    hits.map((h) => [h.rule_id, h.event_id]),
    [['r1', 't1']],
  );
});

test('a write retried after a failure gets the hits of its first try: correlations do not count its events twice', async () => {
  const store = new RecordingLogStore();
  const writer = inlineWriter(store);
  const failed =
    'title: Failed root\nname: failed_root\nlogsource: {product: linux, service: sshd}\ndetection:\n  k: [Failed password for root]\n  condition: k\n';
  const brute =
    'title: Brute force\ncorrelation:\n  type: event_count\n  rules: [failed_root]\n  group-by: [host.hostname]\n  timespan: 5m\n  condition:\n    gte: 3\n';
  writer.setRules({
    version: 1,
    rules: [
      { id: 'base', yaml: failed },
      { id: 'brute', yaml: brute },
    ],
    exceptions: [],
  });
  const record = (n: number) => ({
    line: `Dec  3 10:00:0${n} web-01 sshd[1]: Failed password for root from 10.0.0.9 port ${n} ssh2`,
    receivedAt: at,
    collector: 'http',
    id: `f${n}`,
  });
  const first = await writer.write([record(1), record(2)]);
  const retried = await writer.write([record(1), record(2)]);
  assert.equal(retried.hits, first.hits, 'the same hits, not detected again');
  assert.equal(first.hits, [], 'base hits of a correlation that does not generate stay quiet');
  // Counted again, the retry would have made four failures and fired; it fired at the third.
  const third = await writer.write([record(3)]);
  assert.equal(
    third.hits.map((h) => [h.rule_id, h.correlation?.count]),
    [['brute', 3]],
  );
});

test('an event stamped years ahead is detected as happening now', async () => {
  const store = new RecordingLogStore();
  const writer = inlineWriter(store);
  writer.setRules({
    version: 1,
    rules: [
      { id: 'r', yaml: 'title: x\nlogsource: {product: linux, service: sshd}\ndetection:\n  k: [Failed password]\n  condition: k\n' },
    ],
    exceptions: [],
  });
  const line = '<38>2099-01-01T00:00:00Z web-01 sshd 1 - - Failed password for root from 10.0.0.9 port 22 ssh2';
  const { hits } = await writer.write([{ line: line.replace('<38>', '<38>1 '), receivedAt: at, collector: 'http', id: 'future' }]);
  assert.is(hits.length, 1);
  assert.ok(Date.parse(hits[0]?.time ?? '') <= Date.now() + 1_000, hits[0]?.time);
});

test('the tally counts as stored, per collector, only the events the store did not hold', async () => {
  const store = new RecordingLogStore();
  const writer = inlineWriter(store);
  const line = '<38>Dec  3 10:00:00 web-01 sshd[1]: Accepted publickey for bob from 10.0.0.1 port 22 ssh2';
  await writer.write([{ line, receivedAt: at, collector: 'http', id: 'h1' }]);
  const { tally } = await writer.write([
    { line, receivedAt: at, collector: 'http', id: 'h1' },
    { line, receivedAt: at, collector: 'http', id: 'h2' },
    { line, receivedAt: at, collector: 'syslog-tcp', id: 't1' },
    { line: '\u0001 not a log line', receivedAt: at, collector: 'syslog-tcp', id: 't1' },
  ]);
  assert.equal(tally, { http: { parsed: 2, unparsed: 0, stored: 1 }, 'syslog-tcp': { parsed: 1, unparsed: 1, stored: 1 } });
  assert.is(store.events.size, 3);
});

test("a write is parsed and stored a slice at a time, each collector's share of a slice in one store write", async () => {
  const store = new RecordingLogStore();
  const writer = inlineWriter(store, { sliceSize: 2 });
  const line = '<38>Dec  3 10:00:00 web-01 sshd[1]: Accepted publickey for bob from 10.0.0.1 port 22 ssh2';
  const collectors = ['http', 'http', 'syslog-tcp', 'http', 'http'];
  const { tally } = await writer.write(collectors.map((collector, i) => ({ line, receivedAt: at, collector, id: `e${i}` })));
  assert.equal(tally, { http: { parsed: 4, unparsed: 0, stored: 4 }, 'syslog-tcp': { parsed: 1, unparsed: 0, stored: 1 } });
  assert.is(store.writes, 4, '[http http] [syslog-tcp] [http] [http]');
  assert.equal([...store.events.keys()], ['e0', 'e1', 'e2', 'e3', 'e4']);
});

test('events carry their id, the time they were stored and their collector; enrichment names their asset', async () => {
  const store = new RecordingLogStore();
  const writer = inlineWriter(store);
  const web01 = { id: 'a1', name: 'web-01.fra.corp.example', criticality: 'high' };
  // As loadAssetIndex makes it: the full name, and the short one no other asset has.
  writer.setAssets({
    names: [
      ['web-01.fra.corp.example', web01],
      ['web-01', web01],
    ],
    ips: [],
  });
  await writer.write([
    {
      line: '<38>Dec  3 10:00:00 web-01 sshd[1]: Accepted publickey for bob from 10.0.0.1 port 22 ssh2',
      receivedAt: at,
      collector: 'syslog-tcp',
      id: 'e1',
    },
  ]);
  const event = store.events.get('e1');
  assert.is(event?.event.id, 'e1');
  assert.ok(event?.event.ingested);
  assert.is(event?.secai?.collector, 'syslog-tcp');
  assert.equal(event?.asset, { id: 'a1', name: 'web-01.fra.corp.example', criticality: 'high' }, 'the host name web-01 finds the asset');
});

test.run();
