import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fastestMs } from '../_test/timing.js';
import { getField, type LogEvent, type ParseContext } from '../event.js';
import { GENERIC_CLAIMS, jsonLines, MAX_DEPTH } from './json.js';
import { SURICATA_CLAIMS } from './json-suricata.js';
import { WINDOWS_CLAIMS } from './json-windows.js';
import { ZEEK_CLAIMS } from './json-zeek.js';

const ctx: ParseContext = { receivedAt: new Date('2020-04-28T11:07:58.223Z') };
const RECEIVED = '2020-04-28T11:07:58.223Z';

function parsed(line: string, context: ParseContext = ctx): LogEvent {
  const outcome = jsonLines.parse(line, context);
  if (!outcome.ok) throw new Error(`refused: ${outcome.reason}\n${line}`);
  return outcome.event;
}

function refusal(line: string): string {
  const outcome = jsonLines.parse(line, ctx);
  if (outcome.ok) throw new Error(`accepted: ${line}`);
  return outcome.reason;
}

function fields(event: LogEvent, paths: string[]): Record<string, unknown> {
  return Object.fromEntries(paths.map((path) => [path, getField(event, path)]));
}

// ---------------------------------------------------------------------------------------------
// Any JSON object: the keys most loggers share, the rest under json.<key>

test('reads time, message, level and host from the keys loggers share and keeps the rest under json', () => {
  const line = '{"time":"2024-05-01T10:00:00Z","level":"warn","msg":"disk full","hostname":"web-1","disk":"/var","free":{"pct":2}}';
  const event = parsed(line);
  assert.equal(event, {
    '@timestamp': '2024-05-01T10:00:00.000Z',
    log: { original: line, level: 'warn' },
    event: { kind: 'event' },
    message: 'disk full',
    host: { name: 'web-1' },
    json: { disk: '/var', free: { pct: 2 } },
  });
});

test('each time key, in ISO 8601 or as epoch seconds, milliseconds, microseconds or nanoseconds', () => {
  // [key, the value as JSON text, the time]
  const cases: [string, string, string][] = [
    ['timestamp', '"2024-05-01T12:00:00+02:00"', '2024-05-01T10:00:00.000Z'],
    ['time', '"2024-05-01 10:00:00.5"', '2024-05-01T10:00:00.500Z'],
    ['ts', '1714557600', '2024-05-01T10:00:00.000Z'],
    ['ts', '1714557600.25', '2024-05-01T10:00:00.250Z'],
    ['time', '1714557600123', '2024-05-01T10:00:00.123Z'],
    ['time', '"1714557600123"', '2024-05-01T10:00:00.123Z'],
    ['ts', '1714557600123456', '2024-05-01T10:00:00.123Z'],
    ['ts', '1714557600123456789', '2024-05-01T10:00:00.123Z'],
    ['date', '"2024-05-01"', '2024-05-01T00:00:00.000Z'],
  ];
  for (const [key, value, iso] of cases) {
    const event = parsed(`{"${key}":${value},"msg":"x"}`);
    assert.is(event['@timestamp'], iso, `${key}: ${value}`);
    assert.is(getField(event, `json.${key}`), undefined);
  }
});

test('a time without an offset is in the source time zone', () => {
  assert.is(parsed('{"time":"2024-05-01 10:00:00"}', { ...ctx, timezone: 'Europe/Paris' })['@timestamp'], '2024-05-01T08:00:00.000Z');
});

test('a time key that is not a time stays under json, the next one is tried, and the time received stands in', () => {
  const event = parsed('{"timestamp":"soon","time":1e400,"ts":"2024-05-01T10:00:00Z"}');
  assert.is(event['@timestamp'], '2024-05-01T10:00:00.000Z');
  assert.equal(event.json, { timestamp: 'soon', time: Number.POSITIVE_INFINITY });
  assert.is(parsed('{"date":"yesterday"}')['@timestamp'], RECEIVED);
});

test('message, msg and log in that order; level, severity or lvl (a number as text); host or hostname', () => {
  const event = parsed('{"log":"l","msg":"m","severity":3,"host":"h1","hostname":"h2"}');
  assert.equal(fields(event, ['message', 'log.level', 'host.name', 'json']), {
    message: 'm',
    'log.level': '3',
    'host.name': 'h1',
    json: { log: 'l', hostname: 'h2' },
  });
  assert.equal(parsed('{"message":{"text":"x"},"level":null}').json, { message: { text: 'x' }, level: null });
});

// ---------------------------------------------------------------------------------------------
// Already ECS: kept as it is

test('an ECS document is kept as it is, with log.original the line and the time normalized', () => {
  const line =
    '{"@timestamp":"2024-05-01T10:00:00+02:00","message":"GET /","event":{"kind":"event","category":["web"]},"log":{"level":"info","logger":"app"},"http":{"request":{"method":"GET"}},"service":{"name":"shop"}}';
  assert.equal(parsed(line), {
    '@timestamp': '2024-05-01T08:00:00.000Z',
    log: { level: 'info', logger: 'app', original: line },
    event: { kind: 'event', category: ['web'] },
    message: 'GET /',
    http: { request: { method: 'GET' } },
    service: { name: 'shop' },
  } as never);
});

test('an event or host object makes a document ECS without an @timestamp', () => {
  assert.equal(parsed('{"host":{"name":"db-1"},"level":"x"}').host, { name: 'db-1' });
  assert.is(getField(parsed('{"host":{"name":"db-1"},"level":"x"}'), 'level'), 'x');
  assert.is(parsed('{"event":{"action":"login"}}').event.action, 'login');
});

test('in an ECS document, values of the wrong type, and the fields secai sets, move under json', () => {
  const event = parsed(
    '{"@timestamp":"not a time","host":"web-1","message":7,"tags":"a","event":{"kind":"bogus"},"asset":{"criticality":"low"},"secai":{"format":"x"},"related":{"user":"bob"}}',
  );
  assert.is(event['@timestamp'], RECEIVED);
  assert.equal(event.event, { kind: 'event' });
  assert.equal(event.json, {
    '@timestamp': 'not a time',
    host: 'web-1',
    message: 7,
    tags: 'a',
    asset: { criticality: 'low' },
    secai: { format: 'x' },
    related: { user: 'bob' },
  });
  assert.is(event.asset, undefined);
  assert.is(event.secai, undefined);
});

// ---------------------------------------------------------------------------------------------
// Dispatch by shape

test('each shape goes to its mapper', () => {
  const cases: [name: string, line: string, check: (event: LogEvent) => unknown, expected: unknown][] = [
    ['evtx_dump', '{"Event":{"System":{"EventID":4624,"Channel":"Security"},"EventData":{}}}', (e) => e.winlog?.event_id, '4624'],
    [
      'winlogbeat',
      '{"winlog":{"event_id":1,"channel":"Microsoft-Windows-Sysmon/Operational"}}',
      (e) => e.winlog?.provider_name,
      'Microsoft-Windows-Sysmon',
    ],
    ['NXLog', '{"EventID":4688,"Channel":"Security","Hostname":"ws"}', (e) => e.event.action, 'created-process'],
    [
      'Sentinel',
      '{"Type":"SecurityEvent","TimeGenerated":"2021-08-02T13:06:38Z","EventID":4625,"Channel":"Security"}',
      (e) => e.event.action,
      'logon-failed',
    ],
    [
      'Suricata',
      '{"timestamp":"2017-01-30T16:12:26+0100","flow_id":1,"event_type":"dns","src_ip":"10.0.0.1"}',
      (e) => e.event.module,
      'suricata',
    ],
    ['Zeek', '{"_path":"dns","ts":1588205198.9,"uid":"C1","query":"x"}', (e) => e.event.dataset, 'zeek.dns'],
    ['ECS', '{"@timestamp":"2024-05-01T10:00:00Z","EventID":"x"}', (e) => e.winlog, undefined],
    ['generic', '{"EventID":4624}', (e) => getField(e, 'json.EventID'), 4624],
  ];
  for (const [name, line, check, expected] of cases) assert.equal(check(parsed(line)), expected, name);
});

test("the parser claims every mapper's fields", () => {
  for (const path of [...GENERIC_CLAIMS, ...WINDOWS_CLAIMS, ...SURICATA_CLAIMS, ...ZEEK_CLAIMS])
    assert.ok(jsonLines.claims.includes(path), path);
  assert.is(new Set(jsonLines.claims).size, jsonLines.claims.length);
});

// ---------------------------------------------------------------------------------------------
// Lines that are not JSON objects

test('test() and parse() agree on what is a JSON object line; leading white space and a BOM are allowed', () => {
  for (const line of ['{}', '  {"a":1}', '\ufeff{"a":1}', '\t{"a":1}\r']) {
    assert.ok(jsonLines.test(line), line);
    assert.is(parsed(line).log.original, line);
  }
  for (const line of ['', '   ', '[1]', '"x"', 'null', 'a {"b":1}', '<14>Oct 11 22:14:15 h app: {"a":1}'])
    assert.not.ok(jsonLines.test(line), line);
});

test('refusals say why, parse errors with the position in the line', () => {
  assert.is(refusal(''), 'an empty line');
  assert.is(refusal('  '), 'an empty line');
  assert.is(refusal('[1,2]'), 'not a JSON object: the line does not start with {');
  // The position is the parser's; what follows it is V8's wording, which Node versions change.
  assert.match(refusal('{"a":1,}'), /^invalid JSON at position 7: \S/);
  assert.match(refusal('  {"a":1,}'), /^invalid JSON at position 9: \S/);
  assert.match(refusal('{"a":1'), /^invalid JSON at position 6: \S/);
  assert.match(refusal('{"a":'), /^invalid JSON at position 5: \S/);
  assert.match(refusal('{"a":1} x'), /^invalid JSON at position 8: \S/);
  assert.is(refusal(`${'{"a":'.repeat(MAX_DEPTH + 1)}1${'}'.repeat(MAX_DEPTH + 1)}`), `JSON nested deeper than ${MAX_DEPTH} levels`);
  assert.ok(parsed(`${'{"a":'.repeat(MAX_DEPTH)}1${'}'.repeat(MAX_DEPTH)}`));
});

test('brackets inside strings do not count towards the depth', () => {
  assert.is(parsed(JSON.stringify({ msg: '['.repeat(1000) })).message, '['.repeat(1000));
});

// ---------------------------------------------------------------------------------------------
// Untrusted input

const POLLUTERS = [
  '{"__proto__":{"polluted":true},"msg":"x"}',
  '{"@timestamp":"2024-05-01T10:00:00Z","__proto__":{"polluted":true},"event":{"__proto__":{"polluted":true}}}',
  '{"constructor":{"prototype":{"polluted":true}},"msg":"x"}',
  '{"Event":{"System":{"EventID":1},"EventData":{"__proto__":{"polluted":true}}}}',
  '{"EventID":1,"Channel":"Security","__proto__":{"polluted":true}}',
  '{"winlog":{"event_id":1,"event_data":{"__proto__":{"polluted":true}}},"__proto__":{"polluted":true}}',
  '{"timestamp":"2017-01-30T16:12:26+0100","flow_id":1,"event_type":"alert","src_ip":"10.0.0.1","alert":{"__proto__":{"polluted":true}},"__proto__":{"polluted":true}}',
  '{"_path":"conn","ts":1,"uid":"C","__proto__":{"polluted":true}}',
];

test('`__proto__` and `constructor` keys stay data: no prototype changes, here or globally', () => {
  for (const line of POLLUTERS) {
    const event = parsed(line);
    assert.is(({} as Record<string, unknown>).polluted, undefined, line);
    assert.is(Object.getPrototypeOf(event), Object.prototype);
    assert.is((event as Record<string, unknown>).polluted, undefined, line);
    assert.ok(JSON.stringify(event).includes('"__proto__"') || line.includes('constructor'), line);
  }
  const generic = parsed(POLLUTERS[0] as string).json as Record<string, unknown>;
  assert.ok(Object.hasOwn(generic, '__proto__'));
  assert.is(Object.getPrototypeOf(generic), Object.prototype);
});

test('huge and odd numbers neither throw nor make a time', () => {
  for (const line of [
    '{"ts":1e400,"msg":"x"}',
    '{"time":-1e400}',
    '{"time":123456789012345678901234567890}',
    '{"timestamp":"99999999999999999999"}',
    '{"ts":-0.0000001}',
    '{"Event":{"System":{"EventID":1e400,"EventRecordID":1e400,"Keywords":"0xFFFFFFFFFFFFFFFF"},"EventData":{"ProcessId":1e400}}}',
    '{"EventID":4624,"Channel":"Security","Keywords":1e400,"IpPort":"99999999999999999999","ProcessId":"0xFFFFFFFFFFFFFFFF"}',
    '{"timestamp":"2017-01-30T16:12:26+0100","flow_id":1e400,"event_type":"flow","src_ip":"10.0.0.1","src_port":1e400,"flow":{"bytes_toserver":1e400}}',
  ]) {
    const outcome = jsonLines.parse(line, ctx);
    if (outcome.ok) assert.ok(!Number.isNaN(Date.parse(outcome.event['@timestamp'])), line);
  }
});

// ---------------------------------------------------------------------------------------------
// Generated lines: never a throw

const SAMPLES = [
  '{"time":"2024-05-01T10:00:00Z","level":"warn","msg":"disk full","hostname":"web-1"}',
  '{"@timestamp":"2024-05-01T10:00:00Z","event":{"kind":"event"},"host":{"name":"h"},"related":{"ip":["10.0.0.1"]}}',
  '{"Event":{"System":{"Provider":{"#attributes":{"Name":"Microsoft-Windows-Sysmon"}},"EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","TimeCreated":{"#attributes":{"SystemTime":"2024-03-01T10:15:30.123456Z"}}},"EventData":{"UtcTime":"2024-03-01 10:15:30.120","Image":"C:\\\\a\\\\b.exe","CommandLine":"\\"b.exe\\" -x","Hashes":"SHA1=AB,MD5=CD","User":"D\\\\u","ProcessId":5}}}',
  '{"EventID":3,"SourceName":"Microsoft-Windows-Sysmon","Channel":"Microsoft-Windows-Sysmon/Operational","Protocol":"tcp","SourceIp":"10.0.0.1","SourcePort":"1","DestinationIp":"::1","DestinationPort":"2","QueryResults":"type:  5 a;::ffff:1.2.3.4;","TargetObject":"HKLM\\\\x\\\\y","Details":"QWORD (0x00000001-0x00000002)"}',
  '{"winlog":{"event_id":4624,"channel":"Security","event_data":{"TargetUserName":"a@b","IpAddress":"10.0.0.1","IpPort":"5","LogonType":"3","NewTargetUserName":"x"}},"process":{"executable":"C:\\\\x.exe"}}',
  '{"Type":"SecurityEvent","TimeGenerated":"2021-08-02T13:06:38Z","Computer":"c","EventID":4688,"Channel":"Security","NewProcessName":"C:\\\\a.exe","CommandLine":"a b","ProcessId_string":"0x1","EventData_dynamic":"[\\"a\\",1]"}',
  '{"timestamp":"2017-01-30T16:12:36.066+0100","flow_id":1,"event_type":"tls","src_ip":"10.0.0.1","src_port":1,"dest_ip":"10.0.0.2","dest_port":443,"proto":"TCP","tls":{"subject":"C=US, CN=a","issuerdn":"CN=b","version":"TLS 1.2","fingerprint":"aa:bb","sni":"x.","notafter":"2026-09-11T04:59:57","ja3":{"hash":"h"}}}',
  '{"timestamp":"2017-01-30T16:12:36.066+0100","flow_id":1,"event_type":"alert","src_ip":"10.0.0.1","proto":"ICMP","icmp_type":8,"icmp_code":0,"dest_ip":"10.0.0.2","alert":{"action":"blocked","signature_id":1,"severity":2},"http":{"url":"/a?b#c","status":500},"dns":{"version":2,"answers":[{"rdata":"1.2.3.4"}]}}',
  '{"_path":"http","ts":1588205198.9,"uid":"C1","id.orig_h":"10.0.0.1","id.orig_p":1,"id.resp_h":"10.0.0.2","id.resp_p":80,"method":"GET","uri":"/?q","status_code":200,"proto":"tcp"}',
  '{"dns":{"ts":1402308259.609,"uid":"C","id.orig_h":"10.122.196.204","id.orig_p":33976,"id.resp_h":"144.254.71.184","id.resp_p":53,"proto":"udp","query":"www.cisco.com","answers":["1.2.3.4"],"TTLs":[3600.0]}}',
];

const KEYS = [
  '@timestamp',
  'timestamp',
  'time',
  'ts',
  'msg',
  'level',
  'host',
  'event',
  'log',
  'related',
  'winlog',
  'Event',
  'System',
  'EventData',
  'UserData',
  'Data',
  '#attributes',
  '#text',
  '@Name',
  'EventID',
  'Channel',
  'SourceName',
  'Hostname',
  'Type',
  'TimeGenerated',
  'Computer',
  'event_type',
  'flow_id',
  'src_ip',
  'dest_ip',
  'src_port',
  'proto',
  'tls',
  'dns',
  'http',
  'flow',
  'alert',
  '_path',
  'uid',
  'id.orig_h',
  'id.resp_p',
  'Image',
  'CommandLine',
  'Hashes',
  'UtcTime',
  'TargetObject',
  'Details',
  'QueryResults',
  'ProcessId',
  'Keywords',
  'LogonType',
  'TargetUserName',
  '__proto__',
  'constructor',
  'toString',
];

/** JSON values built from the keys the mappers read, so generated objects reach their code. */
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(
      null,
      true,
      false,
      0,
      -1,
      Number.POSITIVE_INFINITY,
      2 ** 53 + 1,
      1588205198.9,
      '',
      '-',
      '0x1a',
      'tcp',
      '10.0.0.1',
      '::1',
      '2024-05-01T10:00:00Z',
      'C:\\a\\b.exe',
    ),
    fc.string({ maxLength: 20 }),
    fc.double(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 5 }),
  ),
})).value;

const lines = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: fc.constantFrom(...'{}[]":,\\ 0123456789.eE-+truefalsnul'), maxLength: 200 }).map((s) => `{${s}`),
  fc.json({ maxDepth: 4 }),
  fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 8 }).map((doc) => JSON.stringify(doc)),
  fc
    .tuple(
      fc.constantFrom(...SAMPLES),
      fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.string({ maxLength: 3 })), { minLength: 1, maxLength: 4 }),
    )
    .map(([sample, edits]) =>
      edits.reduce((line, [at, remove, insert]) => {
        const i = at % (line.length + 1);
        return line.slice(0, i) + insert + line.slice(i + remove);
      }, sample),
    ),
  fc
    .constantFrom(...SAMPLES)
    .chain((sample) =>
      fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 4 }).map((extra) => JSON.stringify({ ...JSON.parse(sample), ...extra })),
    ),
);

test('100,000 generated lines parse or are refused with a reason, never throw', () => {
  fc.assert(
    fc.property(lines, (line) => {
      const outcome = jsonLines.parse(line, ctx);
      if (outcome.ok) {
        assert.ok(jsonLines.test(line));
        assert.is(outcome.event.log.original, line);
        assert.ok(!Number.isNaN(Date.parse(outcome.event['@timestamp'])));
        assert.ok(['event', 'alert', 'metric', 'state', 'pipeline_error'].includes(outcome.event.event.kind));
        JSON.stringify(outcome.event);
      } else assert.ok(outcome.reason.length > 0);
      assert.is(({} as Record<string, unknown>).polluted, undefined);
    }),
    { numRuns: 100_000 },
  );
});

// ---------------------------------------------------------------------------------------------
// 64 KB lines

const KB64 = 65_536;
/** `head`, `unit` repeated, `tail`: exactly 64 KB. */
const fill = (head: string, unit: string, tail = '') => {
  const body = unit.repeat(Math.ceil((KB64 - head.length - tail.length) / unit.length));
  return (head + body).slice(0, KB64 - tail.length) + tail;
};

const HOSTILE: [name: string, line: string][] = [
  ['a long message', fill('{"msg":"', 'a', '"}')],
  ['escapes', fill('{"msg":"', '\\"', 'a"}')],
  ['brackets in a string', fill('{"msg":"', '[{', '"}')],
  ['many keys', fill('{', '"k":1,', '"z":1}')],
  ['a long list', fill('{"a":[', '1,', '1]}')],
  ['nesting to the limit, then a list', fill(`${'{"a":'.repeat(MAX_DEPTH - 1)}[`, '0,', `0]${'}'.repeat(MAX_DEPTH - 1)}`)],
  ['opening braces', fill('', '{')],
  ['opening brackets in an object', fill('{"a":', '[')],
  ['an unterminated string', fill('{"a":"', 'b')],
  ['a Sysmon command line', fill('{"EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","CommandLine":"', 'a \\\\\\" ', '"}')],
  [
    'Sysmon query results',
    fill('{"EventID":22,"Channel":"Microsoft-Windows-Sysmon/Operational","QueryResults":"', 'type:  5 a;::ffff:1.2.3.4;', '"}'),
  ],
  ['Sysmon hashes', fill('{"EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","Hashes":"', 'MD5=AB,', '"}')],
  ['evtx unnamed data', fill('{"Event":{"System":{"EventID":7036},"EventData":{"Data":{"#text":[', '"a",', '"a"]}}}}')],
  ['a registry path', fill('{"EventID":13,"Channel":"Microsoft-Windows-Sysmon/Operational","TargetObject":"HKLM', '\\\\k', '"}')],
  [
    'an EVE URL',
    fill('{"timestamp":"2017-01-30T16:12:26+0100","flow_id":1,"event_type":"http","src_ip":"1.1.1.1","http":{"url":"/', '?#', '"}}'),
  ],
  [
    'an EVE subject',
    fill('{"timestamp":"2017-01-30T16:12:26+0100","flow_id":1,"event_type":"tls","proto":"TCP","tls":{"subject":"', 'CN=a\\\\, ', '"}}'),
  ],
  [
    'a flow id beyond 2^53',
    fill('{"timestamp":"2017-01-30T16:12:26+0100","event_type":"flow","src_ip":"1.1.1.1","flow_id":99999999999999999999,"x":"', 'a', '"}'),
  ],
  ['Zeek answers', fill('{"_path":"dns","ts":1,"uid":"C","answers":[', '"1.2.3.4",', '"1.2.3.4"]}')],
];

test('a 64 KB line is parsed or refused in under 10 ms', () => {
  const times: string[] = [];
  for (const [name, line] of HOSTILE) {
    assert.is(line.length, KB64, name);
    const ms = fastestMs(() => {
      jsonLines.test(line);
      jsonLines.parse(line, ctx);
    });
    times.push(`${name} ${ms.toFixed(2)}`);
    assert.ok(ms < 10, `${name}: ${ms.toFixed(1)} ms`);
  }
  console.log(`  json, 64 KB lines (ms): ${times.join(', ')}`);
});

test.run();
