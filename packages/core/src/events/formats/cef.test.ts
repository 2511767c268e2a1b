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
import { cefLines, cefMessages } from './cef.js';

const corpusTest = corpusAvailable ? test : test.skip;
const ctx: ParseContext = { receivedAt: new Date('2024-06-01T12:00:00Z') };

function parse(line: string): LogEvent {
  const outcome = cefLines.parse(line, ctx);
  assert.ok(outcome.ok, `${line}: ${outcome.ok ? '' : outcome.reason}`);
  return outcome.event;
}

/**
 * What a syslog parser hands over, built by hand: the event of the whole line (RFC 3164 PRI and
 * host read here) and its MSG, from `CEF:` on or from `msgAt`.
 */
function viaSyslog(line: string, msgAt = line.indexOf('CEF:')): { event: LogEvent; handled: boolean } {
  const event = baseEvent(line, ctx);
  const header = /^<(\d{1,3})>(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d )?(\S+) /.exec(line);
  if (header) {
    event.log.syslog = { priority: Number(header[1]) };
    event.host = { hostname: header[2] };
  }
  event.message = line.slice(msgAt);
  return { event, handled: cefMessages.parse(event, line.slice(msgAt), ctx) };
}

// --- Edge cases, each named for what it checks. -------------------------------------------------

const CASES: [name: string, line: string, expected: Record<string, unknown>][] = [
  [
    'an escaped pipe and an escaped backslash in the header are unescaped',
    'CEF:0|Ven\\|dor|Pro\\\\duct|1.0|100|name with \\| pipe|5|src=10.0.0.1',
    { 'observer.vendor': 'Ven|dor', 'observer.product': 'Pro\\duct', 'cef.name': 'name with | pipe', message: 'name with | pipe' },
  ],
  [
    'an escaped equals sign stays in the value',
    'CEF:0|V|P|1|1|n|5|request=http://x.example/login?abc\\=def act=blocked',
    { 'url.original': 'http://x.example/login?abc=def', 'event.action': 'blocked' },
  ],
  [
    'an escaped backslash in a value is one backslash',
    'CEF:0|V|P|1|1|n|5|filePath=C:\\\\Users\\\\trend\\\\eicar.exe act=Delete',
    { 'file.path': 'C:\\Users\\trend\\eicar.exe', 'cef.extensions.deviceAction': 'Delete' },
  ],
  [
    '\\n and \\r in a value are a newline and a carriage return',
    'CEF:0|V|P|1|1|n|5|msg=line one\\nline two\\r',
    { message: 'line one\nline two\r' },
  ],
  [
    'a backslash before any other character is kept (CyberArk writes fname=Root\\ABC)',
    'CEF:0|V|P|1|1|n|5|fname=Root\\ABC phobos3 - COMP dvc=120.99.70.3',
    { 'file.name': 'Root\\ABC phobos3 - COMP', 'observer.ip': ['120.99.70.3'] },
  ],
  [
    'a value with spaces runs until the next key',
    'CEF:0|V|P|1|1|n|5|msg=User signed in from 2001:db8::5 suser=admin',
    { message: 'User signed in from 2001:db8::5', 'source.user.name': 'admin' },
  ],
  [
    'an unescaped equals sign inside a word stays in the value',
    'CEF:0|V|P|1|1|n|5|request=http://x.example/?a=b&c=d spt=1234',
    { 'url.original': 'http://x.example/?a=b&c=d', 'source.port': 1234 },
  ],
  ['trailing spaces after the last value are trimmed', 'CEF:0|V|P|1|1|n|5|act=allow   ', { 'event.action': 'allow' }],
  ['a value that starts with a space is trimmed', 'CEF:0|V|P|1|1|n|5|msg= Transformed (xout) act=x', { message: 'Transformed (xout)' }],
  [
    'empty extension values are dropped, as decode_cef drops them',
    'CEF:0|V|P|1|1|n|5|dhost= duser= act=Retrieve password',
    { 'destination.domain': undefined, 'cef.extensions.destinationHostName': undefined, 'event.action': 'Retrieve password' },
  ],
  ['a header with no extension', 'CEF:0|V|P|1|100|name|5|', { 'cef.extensions': undefined, 'event.severity': 5, message: 'name' }],
  ['a header without its closing pipe', 'CEF:0|V|P|1|100|name|Low', { 'event.severity': 0, 'cef.severity': 'Low' }],
  [
    'a pipe inside an extension value is text',
    'CEF:0|V|P|1|1|n|5|cs6=A | B | C cs6Label=Container',
    { 'cef.labels.Container': 'A | B | C' },
  ],
  [
    'custom labels: value and label under their full names, and the value under its label',
    'CEF:0|V|P|1|1|n|5|cs1Label="Safe Name" cs1=Security Vulnerability Mgmt cn1=42 cn1Label=Host ID',
    {
      'cef.extensions.deviceCustomString1': 'Security Vulnerability Mgmt',
      'cef.extensions.deviceCustomString1Label': '"Safe Name"',
      'cef.extensions.deviceCustomNumber1': '42',
      'cef.labels.Safe Name': 'Security Vulnerability Mgmt',
      'cef.labels.Host ID': '42',
    },
  ],
  [
    'dotted and bracketed vendor keys are kept as written',
    'CEF:0|security|threatmanager|1.0|100|x|10|ad.Error_,Code=3221225578 ad.field[0]=field0',
    { 'cef.extensions.ad.Error_,Code': '3221225578', 'cef.extensions.ad.field[0]': 'field0' },
  ],
  [
    'full extension names are read like short ones',
    'CEF:0|V|P|1|1|n|5|sourceAddress=10.1.1.1 DestinationPort=22',
    { 'source.ip': '10.1.1.1', 'destination.port': 22 },
  ],
  [
    'an address that is no IP stays in the extensions only',
    'CEF:0|V|P|1|1|n|5|dvc=hostname src=10.0.0.256',
    { 'observer.ip': undefined, 'source.ip': undefined, 'cef.extensions.deviceAddress': 'hostname' },
  ],
  [
    'MAC addresses are written the ECS way',
    'CEF:0|V|P|1|1|n|5|smac=00:0c:29:eb:35:de dmac=0050.56f5.7f47',
    { 'source.mac': '00-0C-29-EB-35-DE', 'destination.mac': '00-50-56-F5-7F-47' },
  ],
  [
    'network fields: transport lowercased, protocol number named, bytes summed',
    'CEF:0|V|P|1|1|n|5|proto=TCP app=HTTPS in=100 out=250 deviceDirection=1',
    {
      'network.transport': 'tcp',
      'network.protocol': 'https',
      'network.bytes': 350,
      'source.bytes': 100,
      'destination.bytes': 250,
      'network.direction': 'outbound',
    },
  ],
  ['a transport that is none is not written', 'CEF:0|V|P|1|1|n|5|proto=HTTP', { 'network.transport': undefined }],
  [
    'outcome only when ECS allows it',
    'CEF:0|V|P|1|1|n|5|outcome=Failure',
    { 'event.outcome': 'failure', 'cef.extensions.eventOutcome': 'Failure' },
  ],
  ['an outcome ECS does not know is not written', 'CEF:0|V|P|1|1|n|5|outcome=pending', { 'event.outcome': undefined }],
  [
    'act is the action and outcome the outcome, as an authentication product writes them',
    'CEF:0|Vendor|SSO|1.0|100|Login|5|suser=bob outcome=failed act=login',
    { 'event.action': 'login', 'event.outcome': 'failure', 'cef.extensions.eventOutcome': 'failed' },
  ],
  ['categoryOutcome /Attempt says no more than unknown', 'CEF:0|V|P|1|1|n|5|categoryOutcome=/Attempt', { 'event.outcome': 'unknown' }],
  [
    'rt in epoch milliseconds is the timestamp; start and end too',
    'CEF:0|V|P|1|1|n|5|rt=1459517280810 start=1459517280000 end=1459517281000',
    { '@timestamp': '2016-04-01T13:28:00.810Z', 'event.start': '2016-04-01T13:28:00.000Z', 'event.end': '2016-04-01T13:28:01.000Z' },
  ],
  [
    'rt as MMM dd yyyy HH:mm:ss.SSS with a zone',
    'CEF:0|V|P|1|1|n|5|rt=Apr 07 2017 00:10:10.250 GMT+02:00',
    { '@timestamp': '2017-04-06T22:10:10.250Z' },
  ],
  [
    'rt without a zone is read in dtz',
    'CEF:0|V|P|1|1|n|5|rt=Jan 15 2024 10:00:00 dtz=Europe/Paris',
    { '@timestamp': '2024-01-15T09:00:00.000Z', 'event.timezone': 'Europe/Paris' },
  ],
  ['rt without a year takes the one before receipt', 'CEF:0|V|P|1|1|n|5|rt=Dec 31 23:00:00', { '@timestamp': '2023-12-31T23:00:00.000Z' }],
  ['rt with the day first (Imperva)', 'CEF:0|V|P|1|1|n|5|rt=31 March 2016 13:04:55', { '@timestamp': '2016-03-31T13:04:55.000Z' }],
  ['an unreadable rt leaves the receive time', 'CEF:0|V|P|1|1|n|5|rt=yesterday', { '@timestamp': '2024-06-01T12:00:00.000Z' }],
  [
    'fileHash goes to its algorithm by length, and to related.hash',
    'CEF:0|V|P|1|1|n|5|fileHash=44D88612FEA8A8F36DE82E1278ABB02F',
    { 'file.hash.md5': '44d88612fea8a8f36de82e1278abb02f', 'related.hash': ['44D88612FEA8A8F36DE82E1278ABB02F'] },
  ],
  [
    'related lists every address, user and host',
    'CEF:0|V|P|1|1|n|5|src=10.0.0.1 dst=10.0.0.2 suser=alice duser=bob dvchost=fw1 shost=pc1',
    {
      'related.ip': ['10.0.0.1', '10.0.0.2'],
      'related.user': ['alice', 'bob'],
      'related.hosts': ['fw1', 'pc1'],
      'source.domain': 'pc1',
      'observer.hostname': 'fw1',
    },
  ],
  [
    'the name is the message until msg says more',
    'CEF:0|V|P|1|600|User Signed In|3|src=10.52.116.160',
    { message: 'User Signed In', 'event.code': '600', 'event.severity': 3 },
  ],
  [
    'a version written with a space (CEF: 0, Palo Alto)',
    'CEF: 0|Palo Alto Networks|PAN-OS|6.1.3|url|THREAT|1|act=alert',
    { 'cef.version': '0', 'event.action': 'alert' },
  ],
  [
    'requestContext only as a referrer when it is a URL',
    'CEF:0|V|P|1|1|n|5|requestContext=application/json',
    { 'http.request.referrer': undefined },
  ],
];

for (const [name, line, expected] of CASES) {
  test(name, () => expectFields(parse(line), expected, name));
}

const OUTCOMES: [written: string, outcome: string | undefined][] = [
  ['success', 'success'],
  ['Success', 'success'],
  ['/Success', 'success'],
  ['SUCCEEDED', 'success'],
  ['successful', 'success'],
  ['allowed', 'success'],
  ['failure', 'failure'],
  ['Failure', 'failure'],
  ['/Failure', 'failure'],
  ['failed', 'failure'],
  ['Fail', 'failure'],
  ['denied', 'failure'],
  ['Denied', 'failure'],
  ['rejected', 'failure'],
  ['blocked', 'failure'],
  ['unknown', 'unknown'],
  ['/Attempt', 'unknown'],
  ['pending', undefined],
  ['successfully denied', undefined],
];
test('outcome words map to the three values ECS allows; other words set none', () => {
  for (const [written, outcome] of OUTCOMES) {
    assert.is(parse(`CEF:0|V|P|1|1|n|5|outcome=${written}`).event.outcome, outcome, written);
  }
});

const SEVERITIES: [written: string, severity: number | undefined][] = [
  ['0', 0],
  ['10', 10],
  ['11', undefined],
  ['Low', 0],
  ['medium', 4],
  ['HIGH', 7],
  ['Very-High', 9],
  ['very-high', 9],
  ['Unknown', undefined],
  ['-1', undefined],
];
test('severity words map as decode_cef maps them; numbers are taken from 0 to 10', () => {
  for (const [written, severity] of SEVERITIES) {
    const event = parse(`CEF:0|V|P|1|1|n|${written}|`);
    assert.is(event.event.severity, severity, written);
    assert.is(getField(event, 'cef.severity'), written, written);
  }
});

test('__proto__ as a key is ignored, not set on the extensions', () => {
  const event = parse('CEF:0|V|P|1|1|n|5|__proto__=x act=y');
  assert.equal(Object.keys(getField(event, 'cef.extensions') as object), ['deviceAction']);
  assert.is(Object.getPrototypeOf(getField(event, 'cef.extensions')), Object.prototype);
});

test('the line is kept whole and the time defaults to receipt', () => {
  const line = 'CEF:0|V|P|1|1|n|5|src=10.0.0.1';
  const event = parse(line);
  assert.is(event.log.original, line);
  assert.is(event['@timestamp'], ctx.receivedAt.toISOString());
  assert.is(event.event.kind, 'event');
});

test('lines that are not CEF are refused with a reason and never detected', () => {
  for (const line of [
    '',
    'CEF',
    'CEF:',
    'CEF:0',
    'CEF:x|V|P|1|1|n|5|',
    'CEF:0|V|P|1',
    'hello CEF:0|V|P|1|1|n|5|',
    '<14>CEF:0|V|P|1|1|n|5|a=b',
  ]) {
    const outcome = cefLines.parse(line, ctx);
    assert.not.ok(outcome.ok, line);
    if (!outcome.ok) assert.match(outcome.reason, /^not CEF/, line);
  }
  assert.not.ok(cefLines.test('<14>Apr  7 10:10:10 host CEF:0|V|P|1|1|n|5|'), 'a syslog line is the syslog parser’s');
  assert.not.ok(cefLines.test('CEF:'), 'no header');
  assert.not.ok(cefLines.test('CEF:x|V|P|1|1|n|5|'), 'no version');
  assert.ok(cefLines.test('CEF:0|V|P|1|1|n|5|'));
});

// --- Behind a syslog envelope. -------------------------------------------------------------------

test('a CEF message in an RFC 3164 MSG fills the envelope’s event and keeps what it set', () => {
  const line =
    '<134>Jun  1 10:00:00 fw01 CEF:0|Check Point|VPN-1 & FireWall-1|R81|Log|Drop|6|src=192.0.2.10 dst=198.51.100.7 dpt=443 proto=TCP rt=1717236000000';
  const { event, handled } = viaSyslog(line);
  assert.ok(handled);
  expectFields(
    event,
    {
      'log.original': line,
      'log.syslog.priority': 134,
      'host.hostname': 'fw01',
      message: 'Drop',
      'observer.vendor': 'Check Point',
      'source.ip': '192.0.2.10',
      'destination.port': 443,
      'network.transport': 'tcp',
      '@timestamp': '2024-06-01T10:00:00.000Z',
    },
    'syslog envelope',
  );
});

test('a prefix before CEF: in the MSG is skipped (an ISO timestamp, a host)', () => {
  const event = baseEvent('x', ctx);
  assert.ok(cefMessages.parse(event, '2016-04-01T09:29:11.356-0400 CEF:0|Adallom|Adallom|1.0|56fe|ALERT|0|suser=a@example.com', ctx));
  assert.is(event.source?.user?.name, 'a@example.com');
});

test('an RFC 3164 parser that took CEF for the tag still gets CEF read (appname CEF, MSG 0|…)', () => {
  const event = baseEvent('<14>Apr  7 10:10:10 host CEF:0|V|P|1|1|n|5|src=10.0.0.1', ctx);
  event.log.syslog = { appname: 'CEF' };
  assert.ok(cefMessages.parse(event, '0|V|P|1|1|n|5|src=10.0.0.1', ctx));
  assert.is(event.source?.ip, '10.0.0.1');
});

test('a MSG that is not CEF is refused and the event is left as it was', () => {
  for (const message of ['user logged in', 'CEF:0|V|P', `${'x'.repeat(2000)} CEF:0|V|P|1|1|n|5|a=b`]) {
    const event = baseEvent(message, ctx);
    const before = JSON.stringify(event);
    assert.not.ok(cefMessages.parse(event, message, ctx), message.slice(0, 40));
    assert.is(JSON.stringify(event), before);
  }
});

// --- Corpus: Metron's CEF samples with their expected parse. ------------------------------------

/** Metron's field names (cyberark.json and the .schema files) as ECS paths of ours. */
const METRON_TO_ECS = new Map([
  ['device_vendor', 'observer.vendor'],
  ['device_product', 'observer.product'],
  ['device_version', 'observer.version'],
  ['event_class_id', 'event.code'],
  ['event_name', 'cef.name'],
  ['severity', 'event.severity'],
  ['deviceAction', 'event.action'],
  ['deviceAddress', 'observer.ip'],
  ['fileName', 'file.name'],
  ['message', 'message'],
  ['src_hostname', 'source.domain'],
  ['src_username', 'source.user.name'],
  ['original_string', 'log.original'],
  ['timestamp', '@timestamp'],
  ['DeviceVendor', 'observer.vendor'],
  ['DeviceProduct', 'observer.product'],
  ['DeviceVersion', 'observer.version'],
  ['DeviceEvent', 'event.code'],
  ['Name', 'cef.name'],
  ['Severity', 'cef.severity'],
  ['ip_src_addr', 'source.ip'],
  ['ip_dst_addr', 'destination.ip'],
  ['ip_src_port', 'source.port'],
  ['ip_dst_port', 'destination.port'],
  ['cat', 'cef.extensions.deviceEventCategory'],
]);

/** PROVENANCE.md: `timestamp` is Metron's ingest time and `guid` random; the line is ours by construction. */
const METRON_IGNORED = new Set(['timestamp', 'guid', 'original_string']);

/** A Metron record in ECS paths: the names above translated, the rest (custom labels, `header`) left out. */
function fromMetron(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record)) {
    const path = METRON_TO_ECS.get(name);
    if (path && !METRON_IGNORED.has(name)) out[path] = value;
  }
  return out;
}

function summary(folder: string, lines: number, compared: number, agreed: number, extra = '') {
  const percent = compared === 0 ? 100 : (100 * agreed) / compared;
  console.log(`  ${folder}: ${lines} lines, ${compared} fields compared, ${agreed} agreed (${percent.toFixed(1)}%)${extra}`);
}

corpusTest('Metron CEF samples: the expected parse agrees on every claimed field, and every schema field is there', () => {
  const folder = 'parsers/metron/parser-test-resources/cef';
  const read = (file: string) => readFileSync(join(CORPUS, folder, file), 'utf8');
  let compared = 0;
  let agreed = 0;
  let required = 0;
  let present = 0;
  const mismatches: string[] = [];
  // waf.cef's Name is empty (`…Source IP||High|`): an empty header field is not written.
  const emptyInLine: Record<string, string[]> = { waf: ['Name'] };
  for (const sample of ['adallom', 'cyberark', 'palo', 'waf']) {
    const line = read(`${sample}.cef`).trim();
    const { event, handled } = viaSyslog(line);
    assert.ok(handled, sample);
    if (sample === 'cyberark') {
      const result = agreement(event, fromMetron(JSON.parse(read('cyberark.json'))), cefMessages.claims);
      compared += result.compared;
      agreed += result.agreed;
      mismatches.push(...result.mismatches);
    }
    const schema = JSON.parse(read(`${sample}.schema`)) as { required: string[] };
    for (const name of schema.required) {
      if (emptyInLine[sample]?.includes(name)) continue;
      required++;
      const path = METRON_TO_ECS.get(name) ?? `cef.labels.${name}`;
      if (getField(event, path) !== undefined) present++;
      else mismatches.push(`${sample}: ${name} (${path}) missing`);
    }
  }
  summary(folder, 4, compared, agreed, `; ${present} of ${required} schema fields present`);
  assert.equal(mismatches, []);
  assert.ok(compared >= 10, `compared ${compared}`);
});

corpusTest('Metron CyberArk sample: labels apply with their quotes removed; Metron keeps the space before the next key', () => {
  const line = readFileSync(join(CORPUS, 'parsers/metron/parser-test-resources/cef/cyberark.cef'), 'utf8').trim();
  const { event } = viaSyslog(line);
  expectFields(
    event,
    {
      'cef.labels.Safe Name': 'Security Vulnerability Mgmt',
      'cef.labels.Other info': '101.198.70.93',
      // Metron: "Needed to verify config files being pulled " (the separator before msg= kept).
      'cef.labels.Ticket Id': 'Needed to verify config files being pulled',
      'cef.labels.Affected User Name': undefined,
    },
    'cyberark',
  );
});

// --- Corpus: Elastic's decode_cef samples (no expected file; read by hand). ---------------------

/**
 * Each sample line of elastic-beats-cef as Elastic's decode_cef with its CEF integration pipeline
 * maps it, checked by hand against the line. Two deliberate differences are written in: a value's
 * leading space is trimmed (`msg= Transformed …`, Elastic keeps it), and `msg` is the message
 * (Elastic's golden file predates its `message` mapping and shows the name).
 */
const ELASTIC_SAMPLES: Record<string, unknown>[] = [
  {
    'observer.vendor': 'security',
    'observer.product': 'threatmanager',
    'observer.version': '1.0',
    'event.code': '100',
    'event.severity': 10,
    message: 'trojan successfully stopped',
    'source.ip': '10.0.0.192',
    'destination.ip': '12.121.122.82',
  },
  {
    'observer.product': 'Deep Security Manager',
    'event.code': '600',
    'event.severity': 3,
    'source.ip': '10.52.116.160',
    'source.user.name': 'admin',
    message: 'User signed in from 2001:db8::5',
  },
  {
    'event.code': '4000000',
    'event.severity': 6,
    'observer.hostname': 'hostname',
    'file.path': 'C:\\Users\\trend\\Desktop\\eicar.exe',
    'event.action': 'Delete',
    message: 'Realtime',
  },
  {
    'observer.version': '10.2.229',
    'event.code': '6001200',
    'observer.ip': ['192.168.33.128'],
    'source.user.name': 'root',
    'source.user.id': '0',
    'event.action': 'detectOnly',
    'file.path': '/home/user1/Desktop/Directory1//heartbeatSync.sh',
    'related.hash': ['80D4AC182F97D2AB48EE4310AC51DA5974167C596D133D64A83107B9069745E0'],
  },
  {
    'event.code': '20',
    'event.severity': 0,
    'event.action': 'Log',
    'source.mac': '00-0C-29-EB-35-DE',
    'destination.mac': '00-50-56-F5-7F-47',
    'source.ip': '192.168.126.150',
    'destination.ip': '72.14.204.147',
    'destination.bytes': 1019,
    'network.transport': 'tcp',
    'source.port': 49617,
    'destination.port': 80,
  },
  {
    'event.code': '30',
    'observer.hostname': 'hostname',
    'event.action': 'updated',
    'file.path': 'c:\\windows\\message.dll',
    'source.user.name': 'admin',
    message: 'lastModified,sha1,size',
  },
  {
    'event.code': '1001111',
    'event.severity': 3,
    'event.action': 'IDS:Reset',
    'destination.ip': '72.14.204.105',
    'destination.bytes': 1093,
    'source.port': 49786,
    'network.transport': 'tcp',
  },
  {
    'event.code': '3002795',
    'event.severity': 8,
    'file.name': 'Security',
    'source.ip': '127.0.0.1',
    'destination.user.name': '(no user)',
    'source.domain': 'WIN-RM6HM42G65V',
    message:
      'WinEvtLog Security: AUDIT_FAILURE(4625): Microsoft-Windows-Security-Auditing: (no user): no domain: WIN-RM6HM42G65V: An account failed to log on. Subject: ..',
  },
  { 'event.code': '5000000', 'event.severity': 5, 'url.original': 'example.com', message: 'Blocked By Admin' },
  {
    'observer.vendor': 'Citrix',
    'observer.product': 'NetScaler',
    'observer.version': 'NS10.0',
    'event.code': 'APPFW',
    'source.ip': '10.217.253.78',
    'source.port': 53743,
    'url.original': 'http://vpx247.example.net/FFC/login.html',
    message: 'Disallow Illegal URL.',
    'event.action': 'blocked',
  },
  { 'source.port': 54711, 'url.original': 'http://vpx247.example.net/FFC/login_post.html?abc=def', 'event.action': 'not blocked' },
  {
    'source.port': 56116,
    message: 'Transformed (xout) potential credit card numbers seen in server response',
    'event.action': 'transformed',
  },
  { 'source.port': 56116, message: 'Maximum no. of potential credit card numbers seen' },
  {
    'source.port': 56687,
    'url.original': 'http://vpx247.example.net/FFC/wwwboard/passwd.txt',
    message: 'Signature violation rule ID 807: web-cgi /wwwboard/passwd.txt access',
    'event.action': 'not blocked',
  },
  {
    'observer.vendor': 'Elastic',
    'observer.product': 'Vaporware',
    'observer.version': '1.0.0-alpha',
    'event.code': '18',
    'event.severity': 9,
    'http.request.method': 'POST',
    'network.transport': 'tcp',
    message: 'Something awesome happened',
  },
];

const elasticLines = () =>
  readFileSync(join(CORPUS, 'parsers/elastic-beats-cef/samples.log'), 'utf8')
    .split('\n')
    .filter((line) => line !== '');

corpusTest('Elastic decode_cef samples: every line parses and agrees with the hand-checked parse', () => {
  const lines = elasticLines();
  assert.is(lines.length, ELASTIC_SAMPLES.length);
  let compared = 0;
  let agreed = 0;
  const mismatches: string[] = [];
  lines.forEach((line, i) => {
    const result = agreement(parse(line), ELASTIC_SAMPLES[i] as object, cefLines.claims);
    compared += result.compared;
    agreed += result.agreed;
    mismatches.push(...result.mismatches.map((m) => `line ${i + 1}: ${m}`));
    assert.is(result.compared, Object.keys(ELASTIC_SAMPLES[i] as object).length, `line ${i + 1}: every expected field is filled`);
  });
  summary('parsers/elastic-beats-cef', lines.length, compared, agreed);
  assert.equal(mismatches, []);
});

corpusTest('Elastic decode_cef samples: the escape cases read by hand', () => {
  const lines = elasticLines();
  const at = (n: number) => parse(lines[n - 1] as string);
  expectFields(at(1), { 'cef.extensions.ad.Error_,Code': '3221225578', 'cef.extensions.ad.foo.name[1]': 'new_name' }, 'dotted keys');
  expectFields(at(3), { 'cef.extensions.deviceCustomString6': 'ContainerImageName | ContainerName | ContainerID' }, 'pipes in a value');
  expectFields(at(3), { 'cef.extensions.filePath': 'C:\\Users\\trend\\Desktop\\eicar.exe' }, 'escaped backslashes');
  expectFields(at(11), { 'cef.extensions.requestUrl': 'http://vpx247.example.net/FFC/login_post.html?abc=def' }, 'escaped equals');
  expectFields(
    at(12),
    { 'cef.extensions.message': 'Transformed (xout) potential credit card numbers seen in server response' },
    'leading space',
  );
  expectFields(at(15), { 'cef.extensions.rawEvent': '{"x": "y"}', 'cef.severity': 'very-high' }, 'JSON value');
  expectFields(at(2), { 'cef.extensions.target': 'admin' }, 'an unknown key');
});

// --- Properties. ---------------------------------------------------------------------------------

const SEEDS = [...CASES.map(([, line]) => line), 'CEF:0|V|P|1|1|n|5|', 'CEF:0|a\\|b|c\\\\|d|e|f|g|k=v\\=w x=y\\\\ z=\\n'];
const SPECIALS = ['|', '\\', '=', ' ', '\t', '\\|', '\\=', '\\\\', 'CEF:', 'CEF:0|', 'a=', ' b=', '"', '#011', '\n', '\u0000', '\uD800'];
const piece = pieceOf(SPECIALS);
const edit = editOf(piece);

/** A valid line with a few insertions, deletions, replacements and repeats. */
function neverThrows(line: string): boolean {
  cefLines.test(line);
  const outcome = cefLines.parse(line, ctx);
  if (outcome.ok) {
    assert.is(outcome.event.log.original, line);
    assert.ok(!Number.isNaN(Date.parse(outcome.event['@timestamp'])));
    JSON.stringify(outcome.event);
  }
  cefMessages.parse(baseEvent(line, ctx), line, ctx);
  return true;
}

test('50,000 random lines never throw', () => {
  const line = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }).map((s) => `CEF:0|${s}`),
    fc.array(piece, { maxLength: 40 }).map((parts) => `CEF:${parts.join('')}`),
  );
  fc.assert(fc.property(line, neverThrows), { numRuns: 50_000 });
});

test('50,000 mutated valid lines never throw', () => {
  const line = fc.tuple(fc.constantFrom(...SEEDS), fc.array(edit, { maxLength: 8 })).map(([seed, edits]) => mutate(seed, edits));
  fc.assert(fc.property(line, neverThrows), { numRuns: 50_000 });
});

/** Hostile 64 KB shapes: one long value, many pairs, `=` runs, backslash and pipe runs, long keys. */
function hostileLines(prefix: string, size = 64 * 1024): [name: string, line: string][] {
  const fill = (unit: string) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  return [
    ['one long value', `${prefix}msg=${fill('word ')}`],
    ['many pairs', `${prefix}${fill('k=v ')}`],
    ['a run of =', `${prefix}a${fill('=')}`],
    ['a run of backslashes', `${prefix}msg=${fill('\\')}`],
    ['escaped pipes in the header', `${prefix.slice(0, 6)}${fill('\\|')}`],
    ['long keys', `${prefix}${fill(`${'k'.repeat(999)}=`)}`],
    ['spaces and = alternating', `${prefix}${fill(' =')}`],
    ['no pipe at all', fill('CEF:0')],
  ];
}

test('a 64 KB line parses in under 10 ms, whatever its shape', () => {
  for (const [name, line] of hostileLines('CEF:0|V|P|1|1|n|5|')) {
    neverThrows(line);
    assert.ok(fastestMs(() => cefLines.parse(line, ctx)) < 10, `${name}: cefLines`);
    assert.ok(fastestMs(() => cefMessages.parse(baseEvent(line, ctx), line, ctx)) < 10, `${name}: cefMessages`);
  }
});

test.run();
