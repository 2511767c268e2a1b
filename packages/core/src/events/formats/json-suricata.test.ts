import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CORPUS, corpusAvailable } from '../../_lib/corpus.js';
import { agreement } from '../agreement.js';
import { flattenEvent, getField, type LogEvent, type ParseContext } from '../event.js';
import { jsonLines } from './json.js';
import { communityId, SURICATA_CLAIMS } from './json-suricata.js';

const corpusTest = corpusAvailable ? test : test.skip;
const ctx: ParseContext = { receivedAt: new Date('2020-04-28T11:07:58.223Z') };
const read = (path: string) => readFileSync(join(CORPUS, 'parsers', path), 'utf8');
const lines = (path: string) => read(path).split('\n');

function parsed(line: string): LogEvent {
  const outcome = jsonLines.parse(line, ctx);
  if (!outcome.ok) throw new Error(`refused: ${outcome.reason}\n${line}`);
  return outcome.event;
}

function fields(event: LogEvent, paths: string[]): Record<string, unknown> {
  return Object.fromEntries(paths.map((path) => [path, getField(event, path)]));
}

const eve = (record: Record<string, unknown>) =>
  JSON.stringify({ timestamp: '2017-01-30T16:12:36.066000+0100', flow_id: 1, src_ip: '10.0.0.1', dest_ip: '10.0.0.2', ...record });

// ---------------------------------------------------------------------------------------------
// Elastic's pipeline test: a raw EVE line and the document Elastic's suricata pipeline makes

corpusTest("agrees with Elastic's suricata eve pipeline on every claimed field", () => {
  const folder = 'elastic-integrations/suricata/eve';
  const file = `${folder}/test-eve-tls-empty-subject.log`;
  const raw = lines(file).filter((line) => line !== '');
  const expected = (JSON.parse(read(`${file}-expected.json`)) as { expected: Record<string, unknown>[] }).expected;
  assert.is(raw.length, expected.length);
  let compared = 0;
  let agreed = 0;
  const mismatches: string[] = [];
  raw.forEach((line, i) => {
    const ours = parsed(line);
    const theirs = expected[i] as Record<string, unknown>;
    const result = agreement(ours, theirs, SURICATA_CLAIMS);
    compared += result.compared;
    agreed += result.agreed;
    mismatches.push(...result.mismatches);
    const mine = new Map(flattenEvent(ours));
    for (const [path, value] of flattenEvent(theirs)) {
      if ((SURICATA_CLAIMS as readonly string[]).includes(path) && !mine.has(path)) {
        mismatches.push(`${path}: missing, Elastic has ${JSON.stringify(value)}`);
      }
    }
  });
  console.log(
    `  ${folder}: ${raw.length} pairs, ${compared} fields compared, ${agreed} agreed (${((100 * agreed) / compared).toFixed(1)}%)`,
  );
  assert.equal(mismatches, []);
  assert.ok(compared >= 40);
});

// ---------------------------------------------------------------------------------------------
// surevego: a real capture without expected output, and a corrupted copy

/** PROVENANCE.md of suricata-surevego: the event types of eve.json's 266 lines. */
const SUREVEGO_TYPES = { alert: 68, fileinfo: 68, http: 68, dns: 48, flow: 13, stats: 1 };

corpusTest('every line of surevego eve.json parses, with the event types its provenance counts', () => {
  const counts: Record<string, number> = {};
  const eveLines = lines('suricata-surevego/eve.json').filter((line) => line !== '');
  for (const line of eveLines) {
    const event = parsed(line);
    const record = JSON.parse(line) as Record<string, Record<string, unknown> | string | number>;
    const type = getField(event, 'suricata.eve.event_type') as string;
    counts[type] = (counts[type] ?? 0) + 1;
    if (type === 'stats') {
      assert.is(event.event.kind, 'metric');
      continue;
    }
    assert.is(event.source?.ip, record.src_ip);
    assert.is(event.destination?.ip, record.dest_ip);
    assert.is(event.source?.port, record.src_port);
    assert.is(event.network?.transport, String(record.proto).toLowerCase());
    assert.match(String(event.network?.community_id), /^1:[A-Za-z0-9+/]{27}=$/);
    assert.ok(Date.parse(event['@timestamp']) > Date.parse('2017-01-30T00:00:00Z'));
    if (type === 'alert') {
      assert.is(event.event.kind, 'alert');
      assert.is(event.rule?.id, String((record.alert as Record<string, unknown>).signature_id));
      assert.is(event.rule?.name, (record.alert as Record<string, unknown>).signature);
    }
    if (type === 'dns') assert.is(getField(event, 'suricata.eve.dns.rrname'), (record.dns as Record<string, unknown>).rrname);
    if (type === 'http') assert.is(event.url?.domain, (record.http as Record<string, unknown>).hostname);
  }
  assert.equal(counts, SUREVEGO_TYPES);
  console.log(
    `  suricata-surevego/eve.json: ${eveLines.length} lines, ${Object.entries(counts)
      .map(([type, n]) => `${n} ${type}`)
      .join(', ')}`,
  );
});

corpusTest('eve_broken.json: the intact lines parse, the broken ones are refused with a reason, and nothing throws', () => {
  const intact = new Set(lines('suricata-surevego/eve.json'));
  let kept = 0;
  const refused: string[] = [];
  for (const line of lines('suricata-surevego/eve_broken.json')) {
    const outcome = jsonLines.parse(line, ctx);
    if (intact.has(line) && line !== '') {
      assert.ok(outcome.ok, line);
      kept++;
    } else {
      assert.is(outcome.ok, false, `accepted a broken line: ${line}`);
      if (!outcome.ok) refused.push(outcome.reason);
    }
  }
  // Four of eve.json's records are corrupted (a garbage-tailed, a doubled-quote and an unquoted
  // timestamp, one cut short behind garbage), among three garbage and five blank lines (the last
  // one the file's final newline).
  assert.is(kept, 262);
  assert.is(refused.length, 12);
  assert.ok(refused.some((reason) => /^invalid JSON at position \d+/.test(reason)));
  assert.ok(refused.some((reason) => /^the EVE timestamp ".*" is not a date$/.test(reason)));
  assert.ok(refused.includes('an empty line'));
  console.log(`  suricata-surevego/eve_broken.json: ${kept} lines kept, ${refused.length} refused`);
});

// ---------------------------------------------------------------------------------------------
// Event types and edge cases

test('an alert: kind alert, the rule, the severity, and a blocked action as denied', () => {
  const event = parsed(
    eve({
      event_type: 'alert',
      proto: 'TCP',
      src_port: 1,
      dest_port: 2,
      app_proto: 'http',
      alert: { action: 'blocked', gid: 1, signature_id: 2013504, rev: 5, signature: 'ET POLICY x', category: 'Misc', severity: 2 },
    }),
  );
  assert.equal(event.event, {
    kind: 'alert',
    created: '2020-04-28T11:07:58.223Z',
    module: 'suricata',
    dataset: 'suricata.eve',
    category: ['network', 'intrusion_detection'],
    type: ['denied'],
    severity: 2,
  });
  assert.equal(event.rule, { category: 'Misc', id: '2013504', name: 'ET POLICY x' });
  assert.is(event.message, 'Misc');
  assert.is(event.network?.protocol, 'http');
  assert.equal(getField(event, 'suricata.eve.alert'), {
    gid: 1,
    signature_id: 2013504,
    rev: 5,
    signature: 'ET POLICY x',
    category: 'Misc',
  });
});

test('a flow: bytes and packets per side and in all, start, end and duration, the state as event.type', () => {
  const event = parsed(
    eve({
      event_type: 'flow',
      proto: 'UDP',
      src_port: 53000,
      dest_port: 53,
      flow: {
        pkts_toserver: 1,
        pkts_toclient: 2,
        bytes_toserver: 60,
        bytes_toclient: 200,
        start: '2017-01-30T16:12:26.985026+0100',
        end: '2017-01-30T16:12:27.008466+0100',
        state: 'closed',
        reason: 'timeout',
      },
    }),
  );
  assert.equal(
    fields(event, ['source.bytes', 'source.packets', 'destination.bytes', 'destination.packets', 'network.bytes', 'network.packets']),
    {
      'source.bytes': 60,
      'source.packets': 1,
      'destination.bytes': 200,
      'destination.packets': 2,
      'network.bytes': 260,
      'network.packets': 3,
    },
  );
  assert.equal(
    [event.event.start, event.event.end, event.event.duration],
    ['2017-01-30T15:12:26.985Z', '2017-01-30T15:12:27.008Z', 23_000_000],
  );
  assert.equal(event.event.type, ['connection', 'end']);
  assert.equal(getField(event, 'suricata.eve.flow'), { state: 'closed', reason: 'timeout' });
});

test('http: method, status and outcome, the URL split, the host as destination and url domain', () => {
  const event = parsed(
    eve({
      event_type: 'http',
      proto: 'TCP',
      http: {
        hostname: 'example.com',
        url: '/a/b.php?x=1#top',
        http_user_agent: 'curl/8',
        http_method: 'POST',
        status: 404,
        length: 12,
        http_refer: 'https://r/',
      },
    }),
  );
  assert.equal(
    fields(event, [
      'http.request.method',
      'http.response.status_code',
      'http.response.body.bytes',
      'http.request.referrer',
      'event.outcome',
      'url.original',
      'url.path',
      'url.query',
      'url.fragment',
      'url.domain',
      'destination.domain',
      'user_agent.original',
      'related.hosts',
    ]),
    {
      'http.request.method': 'POST',
      'http.response.status_code': 404,
      'http.response.body.bytes': 12,
      'http.request.referrer': 'https://r/',
      'event.outcome': 'failure',
      'url.original': '/a/b.php?x=1#top',
      'url.path': '/a/b.php',
      'url.query': 'x=1',
      'url.fragment': 'top',
      'url.domain': 'example.com',
      'destination.domain': 'example.com',
      'user_agent.original': 'curl/8',
      'related.hosts': ['example.com'],
    },
  );
  assert.equal(getField(event, 'suricata.eve.http'), {});
});

test('dns v2 answers: the question, the answers, the resolved addresses, the header flags', () => {
  const event = parsed(
    eve({
      event_type: 'dns',
      proto: 'UDP',
      dns: {
        version: 2,
        type: 'answer',
        id: 7,
        rrname: 'example.com',
        rrtype: 'A',
        rcode: 'NOERROR',
        rd: true,
        ra: true,
        answers: [{ rrname: 'example.com', rrtype: 'A', ttl: 60, rdata: '93.184.216.34' }],
      },
    }),
  );
  assert.equal(event.dns, {
    id: '7',
    response_code: 'NOERROR',
    type: 'answer',
    question: { name: 'example.com', type: 'A' },
    answers: [{ name: 'example.com', type: 'A', data: '93.184.216.34', ttl: 60 }],
    resolved_ip: ['93.184.216.34'],
    header_flags: ['RD', 'RA'],
  } as never);
  assert.equal(event.related?.ip, ['93.184.216.34', '10.0.0.1', '10.0.0.2']);
});

test('a flow id beyond 2^53 keeps every digit, read from the line', () => {
  const line = '{"timestamp":"2017-01-30T16:12:36.066+0100","flow_id":2251799813685249123,"event_type":"flow","src_ip":"10.0.0.1"}';
  assert.is(getField(parsed(line), 'suricata.eve.flow_id'), '2251799813685249123');
  assert.is(getField(parsed(eve({ event_type: 'flow', flow_id: 955054024165314 })), 'suricata.eve.flow_id'), '955054024165314');
});

test("EVE's own community_id is kept; ICMP's comes from its type and code; an anomaly is a network event", () => {
  assert.is(parsed(eve({ event_type: 'flow', proto: 'TCP', community_id: '1:abc=' })).network?.community_id, '1:abc=');
  const ping = (src_ip: string, dest_ip: string, icmp_type: number) =>
    parsed(eve({ event_type: 'flow', proto: 'ICMP', src_ip, dest_ip, icmp_type, icmp_code: 0 })).network?.community_id;
  // The spec's ICMP example (an echo request), and its reply.
  assert.is(ping('192.168.0.89', '192.168.0.1', 8), '1:X0snYXpgwiv9TZtqg64sgzUn6Dk=');
  assert.is(ping('192.168.0.1', '192.168.0.89', 0), '1:X0snYXpgwiv9TZtqg64sgzUn6Dk=');
  const anomaly = parsed(eve({ event_type: 'anomaly', anomaly: { type: 'decode', event: 'ipv4.trunc_pkt' } }));
  assert.equal([anomaly.event.kind, anomaly.event.category], ['event', ['network']]);
  assert.equal(getField(anomaly, 'suricata.eve.anomaly'), { type: 'decode', event: 'ipv4.trunc_pkt' });
});

test('a timestamp that is not a date refuses the record, as Elastic fails it', () => {
  for (const timestamp of ['yesterday', 42, null, '2017-13-30T16:12:36.066+0100']) {
    const outcome = jsonLines.parse(eve({ event_type: 'flow', timestamp }), ctx);
    assert.is(outcome.ok, false);
    if (!outcome.ok) assert.match(outcome.reason, /^the EVE timestamp .* is not a date$/);
  }
});

test('an object with an event_type but nothing of EVE beside it is not read as Suricata', () => {
  const event = parsed('{"timestamp":"2024-05-01T10:00:00Z","event_type":"login","user":"bob"}');
  assert.is(getField(event, 'suricata.eve'), undefined);
  assert.is(getField(event, 'json.event_type'), 'login');
});

test('the Community ID is the same both ways, for IPv4 and IPv6, and undefined without ports', () => {
  // The spec's example, and the corpus's expected document.
  assert.is(communityId('tcp', '128.232.110.120', 34855, '66.35.250.204', 80), '1:LQU9qZlK+B5F3KDmev6m5PMibrg=');
  assert.is(communityId('tcp', '66.35.250.204', 80, '128.232.110.120', 34855), '1:LQU9qZlK+B5F3KDmev6m5PMibrg=');
  assert.is(communityId('tcp', '203.0.113.20', 46926, '198.51.100.10', 636), '1:5I3DRTqXdPrQgmVqwE7YAYH766k=');
  assert.is(communityId('TCP', '198.51.100.10', 636, '203.0.113.20', 46926), '1:5I3DRTqXdPrQgmVqwE7YAYH766k=');
  const v6 = communityId('udp', 'fe80::a405:857d:204:efa5', 53121, '2001:db8::1', 53);
  assert.match(String(v6), /^1:/);
  assert.is(communityId('udp', '2001:db8::1', 53, 'fe80::a405:857d:204:efa5', 53121), v6);
  assert.is(communityId('udp', '::ffff:10.0.0.1', 1, '::ffff:10.0.0.2', 2), communityId('udp', '::ffff:a00:1', 1, '::ffff:a00:2', 2));
  assert.is(communityId('tcp', '10.0.0.1', undefined, '10.0.0.2', 80), undefined);
  assert.is(communityId('tcp', '10.0.0.1', 1, '2001:db8::1', 80), undefined);
  assert.is(communityId('gre', '10.0.0.1', 1, '10.0.0.2', 80), undefined);
  // ICMPv6 router solicitation and advertisement are one flow; an unpaired type is one-way.
  assert.is(communityId('ipv6-icmp', 'fe80::1', 133, 'ff02::2', 0), communityId('ipv6-icmp', 'ff02::2', 134, 'fe80::1', 0));
  assert.is.not(communityId('icmp', '10.0.0.1', 3, '10.0.0.2', 1), communityId('icmp', '10.0.0.2', 3, '10.0.0.1', 1));
});

test('the record is not changed by the parse (the copies are what moves out)', () => {
  const record = {
    timestamp: '2017-01-30T16:12:36.066+0100',
    flow_id: 1,
    event_type: 'http',
    src_ip: '10.0.0.1',
    http: { hostname: 'h', status: 200 },
  };
  const line = JSON.stringify(record);
  const event = parsed(line);
  assert.equal(getField(event, 'suricata.eve.http'), {});
  assert.is(JSON.stringify(JSON.parse(line)), line);
  assert.is(event.log.original, line);
});

test.run();
