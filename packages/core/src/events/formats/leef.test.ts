import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CORPUS, corpusAvailable } from '../../_lib/corpus.js';
import { expectFields } from '../_test/fields.js';
import { editOf, mutate, pieceOf } from '../_test/mutations.js';
import { fastestMs } from '../_test/timing.js';
import { agreement } from '../agreement.js';
import { getField, type LogEvent, type ParseContext } from '../event.js';
import { baseEvent } from '../parser.js';
import { leefLines, leefMessages } from './leef.js';

const corpusTest = corpusAvailable ? test : test.skip;
const ctx: ParseContext = { receivedAt: new Date('2024-06-01T12:00:00Z') };

function parse(line: string, context = ctx): LogEvent {
  const outcome = leefLines.parse(line, context);
  assert.ok(outcome.ok, `${line}: ${outcome.ok ? '' : outcome.reason}`);
  return outcome.event;
}

// --- Edge cases, each named for what it checks. -------------------------------------------------

const CASES: [name: string, line: string, expected: Record<string, unknown>][] = [
  [
    'LEEF 1.0: tab-separated attributes, the predefined keys in ECS',
    'LEEF:1.0|Microsoft|MSExchange|4.0 SP1|15345|src=192.0.2.1\tdst=172.50.123.1\tsev=5\tcat=anomaly\tsrcPort=81\tdstPort=21\tusrName=joe.black',
    {
      'observer.vendor': 'Microsoft',
      'observer.product': 'MSExchange',
      'observer.version': '4.0 SP1',
      'event.code': '15345',
      'source.ip': '192.0.2.1',
      'destination.ip': '172.50.123.1',
      'source.port': 81,
      'destination.port': 21,
      'event.severity': 5,
      'user.name': 'joe.black',
      'leef.extensions.cat': 'anomaly',
      'leef.version': '1.0',
      'leef.delimiter': undefined,
      'related.ip': ['192.0.2.1', '172.50.123.1'],
      'related.user': ['joe.black'],
    },
  ],
  [
    'LEEF 2.0 with ^ as the delimiter',
    'LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=10.0.1.8^dst=10.0.0.5^sev=5^srcPort=81^dstPort=21',
    { 'source.ip': '10.0.1.8', 'destination.ip': '10.0.0.5', 'destination.port': 21, 'leef.delimiter': '^', 'event.code': '41' },
  ],
  [
    'LEEF 2.0 with x09 (tab in hex) as the delimiter',
    'LEEF:2.0|V|P|1.0|E1|x09|src=10.0.0.1\tmsg=two words\tproto=17',
    { 'source.ip': '10.0.0.1', message: 'two words', 'network.transport': 'udp', 'leef.delimiter': '\t' },
  ],
  [
    'LEEF 2.0 with 0x5e (^ in hex) as the delimiter',
    'LEEF:2.0|V|P|1.0|E1|0x5e|src=10.0.0.1^dst=10.0.0.2',
    { 'destination.ip': '10.0.0.2', 'leef.delimiter': '^' },
  ],
  [
    'LEEF 2.0 with an empty delimiter field means tab',
    'LEEF:2.0|V|P|1.0|E1||src=10.0.0.1\tdst=10.0.0.2',
    { 'destination.ip': '10.0.0.2', 'leef.delimiter': '\t' },
  ],
  [
    'LEEF 2.0 without the delimiter field (Trend Micro) reads the attributes with tab',
    'LEEF:2.0|Trend Micro|Deep Security Agent|10.0|4000030|cat=Anti-Malware\tname=HEU_AEGIS_CRYPT\tsev=6\tdvc=10.0.0.1\tact=Terminate\tmsg=Realtime',
    {
      'event.code': '4000030',
      'event.severity': 6,
      'observer.ip': ['10.0.0.1'],
      'event.action': 'Terminate',
      message: 'Realtime',
      'leef.extensions.name': 'HEU_AEGIS_CRYPT',
      'leef.delimiter': undefined,
    },
  ],
  [
    'a piece without = is the previous value holding the delimiter',
    'LEEF:2.0|V|P|1|E|^|msg=up^down^src=10.0.0.1',
    { message: 'up^down', 'source.ip': '10.0.0.1' },
  ],
  [
    "rsyslog's #011 (its escape for tab) splits like a tab",
    'LEEF:1.0|V|P|1|E|src=10.0.0.1#011dst=10.0.0.2#011usrName=alice',
    { 'source.ip': '10.0.0.1', 'destination.ip': '10.0.0.2', 'user.name': 'alice' },
  ],
  [
    'attributes with spaces for tabs split at each key=',
    'LEEF:1.0|Microsoft|MSExchange|2016|15345|src=10.50.1.1  dst=2.10.20.20  srcPort=1200 usrName=some one',
    { 'source.ip': '10.50.1.1', 'destination.ip': '2.10.20.20', 'source.port': 1200, 'user.name': 'some one' },
  ],
  [
    'an escaped pipe in the header',
    'LEEF:1.0|Ven\\|dor|Pro\\\\duct|1.0|Login\\|Failed|src=10.0.0.1',
    { 'observer.vendor': 'Ven|dor', 'observer.product': 'Pro\\duct', 'event.code': 'Login|Failed' },
  ],
  [
    'values keep their backslashes (LEEF has no value escapes)',
    'LEEF:1.0|V|P|1|E|filePath=C:\\\\Windows\\\\x.exe\tmsg=a\\nb',
    { 'file.path': 'C:\\\\Windows\\\\x.exe', message: 'a\\nb' },
  ],
  [
    'trailing spaces around a value are trimmed',
    'LEEF:1.0|V|P|1|E|usrName=  bob  \tsrc=10.0.0.1 ',
    { 'user.name': 'bob', 'source.ip': '10.0.0.1' },
  ],
  [
    'an empty value is dropped',
    'LEEF:1.0|V|P|1|E|usrName=\tsrc=10.0.0.1',
    { 'user.name': undefined, 'leef.extensions.usrName': undefined },
  ],
  ['a header with no attributes', 'LEEF:1.0|V|P|1|Login|', { 'event.code': 'Login', 'leef.extensions': undefined }],
  [
    'devTime with devTimeFormat MMM dd yyyy HH:mm:ss z (Trend Micro)',
    'LEEF:1.0|V|P|1|E|devTime=Jan 28 2015 02:00:36 GMT+01:00\tdevTimeFormat=MMM dd yyyy HH:mm:ss z',
    { '@timestamp': '2015-01-28T01:00:36.000Z' },
  ],
  [
    "devTime with devTimeFormat yyyy-MM-dd'T'HH:mm:ss.SSSZ",
    "LEEF:1.0|V|P|1|E|devTime=2024-05-01T10:00:00.123+0200\tdevTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSSZ",
    { '@timestamp': '2024-05-01T08:00:00.123Z' },
  ],
  [
    'devTime with adjacent numeric fields (yyyyMMddHHmmss)',
    'LEEF:1.0|V|P|1|E|devTime=20240501100000\tdevTimeFormat=yyyyMMddHHmmss',
    { '@timestamp': '2024-05-01T10:00:00.000Z' },
  ],
  [
    'devTime with a 12-hour clock',
    'LEEF:1.0|V|P|1|E|devTime=05/01/2024 03:04:05 PM\tdevTimeFormat=MM/dd/yyyy hh:mm:ss a',
    { '@timestamp': '2024-05-01T15:04:05.000Z' },
  ],
  [
    'devTime without a format: LEEF’s default MMM dd yyyy HH:mm:ss',
    'LEEF:1.0|V|P|1|E|devTime=May 01 2024 10:00:00',
    { '@timestamp': '2024-05-01T10:00:00.000Z' },
  ],
  ['devTime in epoch milliseconds', 'LEEF:1.0|V|P|1|E|devTime=1714557600000', { '@timestamp': '2024-05-01T10:00:00.000Z' }],
  [
    'devTime that does not fit its format falls back to the known forms',
    'LEEF:1.0|V|P|1|E|devTime=May 01 2024 10:00:00\tdevTimeFormat=yyyy-MM-dd',
    { '@timestamp': '2024-05-01T10:00:00.000Z' },
  ],
  [
    'an unreadable devTime leaves the receive time',
    'LEEF:1.0|V|P|1|E|devTime=soon\tdevTimeFormat=QQQ',
    { '@timestamp': '2024-06-01T12:00:00.000Z' },
  ],
  [
    'NAT: post-NAT addresses are ECS nat; pre-NAT stands in for a missing src',
    'LEEF:1.0|V|P|1|E|srcPreNAT=10.0.0.5\tsrcPostNAT=203.0.113.9\tsrcPostNATPort=40000\tdst=198.51.100.1\tdstPreNAT=198.51.100.99',
    {
      'source.ip': '10.0.0.5',
      'source.nat.ip': '203.0.113.9',
      'source.nat.port': 40000,
      'destination.ip': '198.51.100.1',
      'related.ip': ['10.0.0.5', '198.51.100.1', '203.0.113.9'],
    },
  ],
  [
    'identity attributes fill the source only where nothing else did',
    'LEEF:1.0|V|P|1|E|identSrc=10.0.0.7\tidentHostName=pc7\tidentMAC=00:11:22:33:44:55\tidentGrpName=admins\taccountName=carol',
    { 'source.ip': '10.0.0.7', 'source.domain': 'pc7', 'source.mac': '00-11-22-33-44-55', 'group.name': 'admins', 'user.name': 'carol' },
  ],
  ['usrName wins over accountName', 'LEEF:1.0|V|P|1|E|accountName=carol\tusrName=dave', { 'user.name': 'dave' }],
  [
    'bytes and packets, with network totals',
    'LEEF:1.0|V|P|1|E|srcBytes=100\tdstBytes=200\tsrcPackets=3\tdstPackets=4\ttotalPackets=7\tproto=6',
    {
      'source.bytes': 100,
      'network.bytes': 300,
      'source.packets': 3,
      'destination.packets': 4,
      'network.packets': 7,
      'network.transport': 'tcp',
    },
  ],
  ['severity outside 0-10 is not written', 'LEEF:1.0|V|P|1|E|sev=11', { 'event.severity': undefined, 'leef.extensions.sev': '11' }],
  [
    'CEF keys that LEEF senders reuse go to ECS too',
    'LEEF:1.0|Trend Micro|DDEI|5.1|CTP|suser=a@example.com\tduser=b@example.com\tdvchost=ddei\tact=blocked\trequest=http://x.example/\turl=http://y.example/',
    {
      'source.user.name': 'a@example.com',
      'destination.user.name': 'b@example.com',
      'observer.hostname': 'ddei',
      'event.action': 'blocked',
      'url.original': 'http://y.example/',
    },
  ],
  ['policy is the rule', 'LEEF:1.0|V|P|1|E|policy=Block-Outbound', { 'rule.name': 'Block-Outbound' }],
];

for (const [name, line, expected] of CASES) {
  test(name, () => expectFields(parse(line), expected, name));
}

test('a devTime without a zone is read in the source’s zone', () => {
  const event = parse('LEEF:1.0|V|P|1|E|devTime=May 01 2024 10:00:00', { ...ctx, timezone: 'America/New_York' });
  assert.is(event['@timestamp'], '2024-05-01T14:00:00.000Z');
});

test('lines that are not LEEF are refused with a reason and never detected', () => {
  for (const line of ['', 'LEEF', 'LEEF:', 'LEEF:1.0', 'LEEF:1.0|V|P', 'LEEF:|V|P|1|E|', 'LEEF:x|V|P|1|E|', 'CEF:0|V|P|1|1|n|5|']) {
    const outcome = leefLines.parse(line, ctx);
    assert.not.ok(outcome.ok, line);
    if (!outcome.ok) assert.match(outcome.reason, /^not LEEF/, line);
  }
  assert.not.ok(leefLines.test('<13>Jan 18 11:07:53 host LEEF:1.0|V|P|1|E|src=10.0.0.1'));
  assert.not.ok(leefLines.test('LEEF:x|V|P|1|E|'), 'no version');
  assert.ok(leefLines.test('LEEF:1.0|V|P|1|E|src=10.0.0.1'));
});

// --- Behind a syslog envelope. -------------------------------------------------------------------

test('a LEEF event in an RFC 3164 MSG fills the envelope’s event and keeps what it set', () => {
  const line = '<13>Jan 18 11:07:53 192.168.1.1 LEEF:2.0|Lancope|StealthWatch|6.5|41|^|src=10.0.1.8^dst=10.0.0.5^usrName=joe';
  const event = baseEvent(line, ctx);
  event.log.syslog = { priority: 13 };
  event.host = { hostname: '192.168.1.1' };
  const msg = line.slice(line.indexOf('LEEF:'));
  event.message = msg;
  assert.ok(leefMessages.parse(event, msg, ctx));
  expectFields(
    event,
    {
      'host.hostname': '192.168.1.1',
      'log.syslog.priority': 13,
      'log.original': line,
      'source.ip': '10.0.1.8',
      'user.name': 'joe',
      message: msg,
    },
    'envelope',
  );
});

test('an RFC 3164 parser that took LEEF for the tag still gets LEEF read (appname LEEF, MSG 1.0|…)', () => {
  const event = baseEvent('x', ctx);
  event.log.syslog = { appname: 'LEEF' };
  assert.ok(leefMessages.parse(event, '1.0|V|P|1|E|src=10.0.0.1', ctx));
  assert.is(event.source?.ip, '10.0.0.1');
});

test('a MSG that is not LEEF is refused and the event is left as it was', () => {
  for (const message of ['user logged in', 'LEEF:1.0|V', 'LEEF:|a|b|c|d|']) {
    const event = baseEvent(message, ctx);
    const before = JSON.stringify(event);
    assert.not.ok(leefMessages.parse(event, message, ctx), message);
    assert.is(JSON.stringify(event), before);
  }
});

// --- Corpus: Metron's LEEF samples. --------------------------------------------------------------

/** Metron's names (leefParsed, sample.schema) as our ECS paths; its `timestamp` and `guid` are ingest artefacts. */
const METRON_TO_ECS = new Map([
  ['DeviceVendor', 'observer.vendor'],
  ['DeviceProduct', 'observer.product'],
  ['DeviceVersion', 'observer.version'],
  ['DeviceEvent', 'event.code'],
  ['ip_src_addr', 'source.ip'],
  ['ip_dst_addr', 'destination.ip'],
  ['ip_src_port', 'source.port'],
  ['ip_dst_port', 'destination.port'],
  ['usrName', 'user.name'],
  ['sev', 'event.severity'],
  ['msg', 'message'],
  ['act', 'event.action'],
  ['suser', 'source.user.name'],
  ['dvchost', 'observer.hostname'],
  ['dvc', 'observer.ip'],
  ['filePath', 'file.path'],
  ['request', 'url.original'],
]);
const SCHEMA_TO_ECS = new Map([...METRON_TO_ECS, ['original_string', 'log.original'], ['timestamp', '@timestamp']]);

function fromMetron(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record)) {
    const path = METRON_TO_ECS.get(name);
    if (path) out[path] = value;
  }
  return out;
}

function summary(folder: string, lines: number, compared: number, agreed: number, extra = '') {
  const percent = compared === 0 ? 100 : (100 * agreed) / compared;
  console.log(`  ${folder}: ${lines} lines, ${compared} fields compared, ${agreed} agreed (${percent.toFixed(1)}%)${extra}`);
}

const readLines = (file: string) =>
  readFileSync(join(CORPUS, file), 'utf8')
    .split('\n')
    .filter((line) => line !== '');

corpusTest('Metron LEEF sample data: the parsed records agree on every claimed field', () => {
  const folder = 'parsers/metron/sample-data/leef';
  const raw = readLines(`${folder}/raw/leefOutput`);
  const parsed = readLines(`${folder}/parsed/leefParsed`).map((line) => JSON.parse(line) as Record<string, unknown>);
  let compared = 0;
  let agreed = 0;
  const mismatches: string[] = [];
  for (const record of parsed) {
    const line = record.original_string as string;
    assert.ok(raw.includes(line), 'every parsed record is a raw line');
    // Metron's `sev: "8 cn1"` is its split of `sev=8 cn1=37` (spaces for tabs in the sample): no
    // severity; ours is no number either, so the field is not compared.
    const result = agreement(parse(line), fromMetron(record), leefLines.claims);
    compared += result.compared;
    agreed += result.agreed;
    mismatches.push(...result.mismatches);
  }
  summary(folder, raw.length, compared, agreed);
  assert.equal(mismatches, []);
  assert.ok(compared >= 25, `compared ${compared}`);
});

corpusTest('Metron LEEF test resource: every schema field is there', () => {
  const folder = 'parsers/metron/parser-test-resources/leef';
  const lines = readLines(`${folder}/sample.leef`);
  const schema = JSON.parse(readFileSync(join(CORPUS, folder, 'sample.schema'), 'utf8')) as { required: string[] };
  let required = 0;
  let present = 0;
  for (const line of lines) {
    const event = parse(line);
    for (const name of schema.required) {
      required++;
      if (getField(event, SCHEMA_TO_ECS.get(name) ?? name) !== undefined) present++;
    }
  }
  summary(folder, lines.length, 0, 0, `; no expected values, ${present} of ${required} schema fields present`);
  assert.is(present, required);
});

corpusTest('Metron LEEF samples: the robustness cases PROVENANCE.md names', () => {
  const lines = readLines('parsers/metron/sample-data/leef/raw/leefOutput');
  const third = parse(lines[2] as string);
  expectFields(
    third,
    {
      // `#011` (rsyslog's tab) splits the hashes apart; the space-joined attribute before them stays one value.
      'leef.extensions.TrendMicroDsFileSHA1': '5AD084DDCD8F80FBF2EE3F0E4F812E812DEE60C1',
      'leef.extensions.TrendMicroDsMalwareTargetType': 'File System TrendMicroDsFileMD5=1947A1BC0982C5871FA3768CD025453E',
      'leef.extensions.sev': '6 cn1=241 cn1Label=Host ID',
      'event.severity': undefined,
    },
    'sample 3',
  );
  expectFields(
    parse(lines[0] as string),
    { 'leef.extensions.desc': 'Alert: CPU Warning Threshold Exceeded\\nSubject: 10.201.114.164\\nSeverity: Warning' },
    'sample 1',
  );
});

// --- Properties. ---------------------------------------------------------------------------------

const SEEDS = [...CASES.map(([, line]) => line), 'LEEF:2.0|V|P|1|E|x7c|a=1|b=2', 'LEEF:2.0|V|P|1|E|\\||a=1'];
const SPECIALS = [
  '|',
  '\\',
  '=',
  ' ',
  '\t',
  '^',
  '#011',
  'x09',
  '0x5e',
  'LEEF:',
  'LEEF:2.0|',
  'devTime=',
  'devTimeFormat=',
  "'",
  'yyyy',
  'MMM',
  '\uD800',
];
const piece = pieceOf(SPECIALS);
const edit = editOf(piece);

function neverThrows(line: string): boolean {
  leefLines.test(line);
  const outcome = leefLines.parse(line, ctx);
  if (outcome.ok) {
    assert.is(outcome.event.log.original, line);
    assert.ok(!Number.isNaN(Date.parse(outcome.event['@timestamp'])));
    JSON.stringify(outcome.event);
  }
  leefMessages.parse(baseEvent(line, ctx), line, ctx);
  return true;
}

test('50,000 random lines never throw', () => {
  const line = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }).map((s) => `LEEF:2.0|${s}`),
    fc.array(piece, { maxLength: 40 }).map((parts) => `LEEF:${parts.join('')}`),
  );
  fc.assert(fc.property(line, neverThrows), { numRuns: 50_000 });
});

test('50,000 mutated valid lines never throw', () => {
  const line = fc.tuple(fc.constantFrom(...SEEDS), fc.array(edit, { maxLength: 8 })).map(([seed, edits]) => mutate(seed, edits));
  fc.assert(fc.property(line, neverThrows), { numRuns: 50_000 });
});

test('a 64 KB line parses in under 10 ms, whatever its shape', () => {
  const size = 64 * 1024;
  const fill = (unit: string) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  const shapes: [string, string][] = [
    ['one long value', `LEEF:1.0|V|P|1|E|msg=${fill('word ')}`],
    ['many tab-separated pairs', `LEEF:1.0|V|P|1|E|${fill('k=v\t')}`],
    ['many ^ pieces without =', `LEEF:2.0|V|P|1|E|^|a=${fill('^x')}`],
    ['many #011', `LEEF:1.0|V|P|1|E|${fill('#011k=v')}`],
    ['#011 and tabs interleaved', `LEEF:1.0|V|P|1|E|${fill('a=1\tb=2#011')}`],
    ['space-separated pairs', `LEEF:1.0|V|P|1|E|${fill('k=v ')}`],
    ['a run of =', `LEEF:1.0|V|P|1|E|a${fill('=')}`],
    ['escaped pipes in the header', `LEEF:1.0|${fill('\\|')}`],
    ['a long devTime and format', `LEEF:1.0|V|P|1|E|devTime=${fill('1')}\tdevTimeFormat=${fill('y')}`],
  ];
  for (const [name, line] of shapes) {
    neverThrows(line);
    assert.ok(fastestMs(() => leefLines.parse(line, ctx)) < 10, `${name}: leefLines`);
    assert.ok(fastestMs(() => leefMessages.parse(baseEvent(line, ctx), line, ctx)) < 10, `${name}: leefMessages`);
  }
});

test.run();
