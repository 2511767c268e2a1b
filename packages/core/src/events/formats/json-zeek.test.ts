import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CORPUS, corpusAvailable } from '../../_lib/corpus.js';
import { getField, type LogEvent, type ParseContext } from '../event.js';
import { jsonLines } from './json.js';
import { zeekRecord } from './json-zeek.js';

const corpusTest = corpusAvailable ? test : test.skip;
const ctx: ParseContext = { receivedAt: new Date('2020-04-28T11:07:58.223Z') };

function parsed(line: string): LogEvent {
  const outcome = jsonLines.parse(line, ctx);
  if (!outcome.ok) throw new Error(`refused: ${outcome.reason}\n${line}`);
  return outcome.event;
}

function fields(event: LogEvent, paths: string[]): Record<string, unknown> {
  return Object.fromEntries(paths.map((path) => [path, getField(event, path)]));
}

const ENDPOINTS = ['source.ip', 'source.port', 'destination.ip', 'destination.port'];

// ---------------------------------------------------------------------------------------------
// OTRF APT29 day 1: 14 logs from one sensor, RockNSM style (`@stream`, `id_orig_h`)

corpusTest('every line of every APT29 Zeek log parses, with the endpoints wherever the log has them', () => {
  const dir = join(CORPUS, 'parsers/zeek-otrf-apt29');
  const summary: string[] = [];
  let total = 0;
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.log'))) {
    const logLines = readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .filter((line) => line !== '');
    let withEndpoints = 0;
    for (const line of logLines) {
      const record = JSON.parse(line) as Record<string, unknown>;
      const event = parsed(line);
      const log = record['@stream'] as string;
      assert.is(event.event.dataset, `zeek.${log}`, file);
      assert.is(event['@timestamp'], new Date(Math.round((record.ts as number) * 1000)).toISOString(), file);
      assert.is(getField(event, 'zeek.session_id'), record.uid, file);
      assert.is(getField(event, 'observer.hostname'), 'simplerockbuild.simplerock.lan');
      if ('id_orig_h' in record) {
        withEndpoints++;
        assert.equal(
          fields(event, ENDPOINTS),
          {
            'source.ip': record.id_orig_h,
            'source.port': record.id_orig_p,
            'destination.ip': record.id_resp_h,
            'destination.port': record.id_resp_p,
          },
          `${file}: ${line}`,
        );
      }
      if (typeof record.proto === 'string') assert.is(event.network?.transport, record.proto, file);
      // The log's own fields stay under their Zeek names.
      for (const [key, value] of Object.entries(record)) {
        if (/^(?:@|ts$|uid$|id_)/.test(key)) continue;
        assert.equal(getField(event, `zeek.${log}.${key}`), value, `${file}: ${key}`);
      }
    }
    total += logLines.length;
    summary.push(
      `${file.replace(/^SCRANTON_|\.log$/g, '')} ${logLines.length}${withEndpoints < logLines.length ? ` (${withEndpoints} with id)` : ''}`,
    );
  }
  console.log(`  zeek-otrf-apt29: ${total} lines: ${summary.join(', ')}`);
  assert.is(total, 415);
});

corpusTest('Metron\'s wrapped Bro records (`{"dns":{…}}`) parse as their log, with the endpoints', () => {
  const file = join(CORPUS, 'parsers/metron/sample-data/bro/raw/BroExampleOutput');
  const logLines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  for (const line of logLines) {
    const [[log, record]] = Object.entries(JSON.parse(line) as Record<string, Record<string, unknown>>) as [
      [string, Record<string, unknown>],
    ];
    const event = parsed(line);
    assert.is(event.event.dataset, `zeek.${log}`);
    if ('id.orig_h' in record) {
      assert.equal(fields(event, ['source.ip', 'destination.port']), {
        'source.ip': record['id.orig_h'],
        'destination.port': record['id.resp_p'],
      });
    }
  }
  console.log(`  metron bro: ${logLines.length} wrapped records`);
  assert.is(logLines.length, 31);
});

// ---------------------------------------------------------------------------------------------
// Log types, endpoints and edge cases

const CONN = {
  ts: 1588205198.89971,
  uid: 'Cw1Hz43UWS4qXFei8f',
  'id.orig_h': '10.0.1.4',
  'id.orig_p': 64842,
  'id.resp_h': '10.0.0.4',
  'id.resp_p': 53,
  proto: 'udp',
  service: 'dns',
  duration: 0.0015780925750732422,
  orig_bytes: 39,
  resp_bytes: 55,
  conn_state: 'SF',
  orig_pkts: 1,
  resp_pkts: 1,
};

test('conn with `_path`: endpoints, time, session, bytes and packets, duration in ns, the community id', () => {
  const event = parsed(JSON.stringify({ _path: 'conn', _write_ts: '2020-04-30T00:06:40.000000Z', ...CONN }));
  assert.equal(
    fields(event, [
      '@timestamp',
      ...ENDPOINTS,
      'zeek.session_id',
      'network.transport',
      'network.protocol',
      'source.bytes',
      'destination.bytes',
      'network.bytes',
      'network.packets',
      'event.duration',
      'event.category',
      'event.type',
      'zeek.conn.conn_state',
    ]),
    {
      '@timestamp': '2020-04-30T00:06:38.900Z',
      'source.ip': '10.0.1.4',
      'source.port': 64842,
      'destination.ip': '10.0.0.4',
      'destination.port': 53,
      'zeek.session_id': 'Cw1Hz43UWS4qXFei8f',
      'network.transport': 'udp',
      'network.protocol': 'dns',
      'source.bytes': 39,
      'destination.bytes': 55,
      'network.bytes': 94,
      'network.packets': 2,
      'event.duration': 1578093,
      'event.category': ['network'],
      'event.type': ['connection'],
      'zeek.conn.conn_state': 'SF',
    },
  );
  assert.match(String(event.network?.community_id), /^1:/);
  assert.is(getField(event, 'zeek.conn.id.orig_h'), undefined);
});

test('the three spellings of the endpoints read the same', () => {
  const { 'id.orig_h': oh, 'id.orig_p': op, 'id.resp_h': rh, 'id.resp_p': rp, ...rest } = CONN;
  const dotted = parsed(JSON.stringify(CONN));
  const underscored = parsed(JSON.stringify({ ...rest, id_orig_h: oh, id_orig_p: op, id_resp_h: rh, id_resp_p: rp }));
  const nested = parsed(JSON.stringify({ ...rest, id: { orig_h: oh, orig_p: op, resp_h: rh, resp_p: rp } }));
  for (const event of [dotted, underscored, nested]) {
    assert.equal(
      fields(event, [...ENDPOINTS, 'event.dataset', 'network.community_id']),
      fields(dotted, [...ENDPOINTS, 'event.dataset', 'network.community_id']),
    );
  }
  assert.is(dotted.event.dataset, 'zeek.conn');
});

test('dns: the question, the response code, the answers and resolved addresses, the header flags', () => {
  const event = parsed(
    JSON.stringify({
      ...CONN,
      _path: 'dns',
      trans_id: 8564,
      query: 'newyork.dmevals.local',
      qclass_name: 'C_INTERNET',
      qtype_name: 'A',
      rcode_name: 'NOERROR',
      AA: true,
      RD: true,
      answers: ['newyork.dmevals.local', '10.0.0.4'],
      TTLs: [60, 3600],
    }),
  );
  assert.equal(event.dns, {
    id: '8564',
    question: { name: 'newyork.dmevals.local', type: 'A', class: 'C_INTERNET' },
    response_code: 'NOERROR',
    header_flags: ['AA', 'RD'],
    answers: [
      { data: 'newyork.dmevals.local', ttl: 60 },
      { data: '10.0.0.4', ttl: 3600 },
    ],
    resolved_ip: ['10.0.0.4'],
  } as never);
  assert.equal(event.related?.hosts, ['newyork.dmevals.local']);
});

test('the log type read from the fields when nothing names it', () => {
  const cases: [fields: Record<string, unknown>, log: string | undefined][] = [
    [{ conn_state: 'SF' }, 'conn'],
    [{ query: 'x', qtype_name: 'A' }, 'dns'],
    [{ method: 'GET', uri: '/' }, 'http'],
    [{ version: 'TLSv12', cipher: 'TLS_AES_128_GCM_SHA256', established: true }, 'ssl'],
    [{ note: 'Scan::Port_Scan', msg: 'x' }, 'notice'],
    [{ request_type: 'AS', client: 'bob/EXAMPLE', service: 'krbtgt/EXAMPLE' }, 'kerberos'],
    [{ share_type: 'DISK', path: '\\\\h\\c$' }, 'smb_mapping'],
    [{}, 'conn'],
  ];
  const { service, duration, orig_bytes, resp_bytes, conn_state, orig_pkts, resp_pkts, ...connection } = CONN;
  for (const [extra, log] of cases) assert.is(zeekRecord({ ...connection, ...extra })?.log, log, JSON.stringify(extra));
  const { uid: _, ...withoutUid } = connection;
  assert.is(zeekRecord({ ts: 1, fuid: 'F1', mime_type: 'text/plain' })?.log, 'files');
  assert.is(zeekRecord({ ts: 1, id: 'F1', certificate_version: 3 })?.log, 'x509');
  assert.is(zeekRecord({ ts: 1, id: 'F1', 'certificate.version': 3 })?.log, 'x509');
  // A `ts` and a `note` are not enough: an application log may have both.
  assert.is(zeekRecord({ ts: 1588205198, note: 'hello', msg: 'x' }), undefined);
  assert.is(zeekRecord(withoutUid), undefined);
});

test('http: method, URL, host, status and outcome, body sizes, user agent', () => {
  const event = parsed(
    JSON.stringify({
      ...CONN,
      _path: 'http',
      method: 'OPTIONS',
      host: 'files.example.com',
      uri: '/webdav?x=1',
      version: '1.1',
      user_agent: 'Microsoft-WebDAV-MiniRedir/10.0.18362',
      request_body_len: 0,
      response_body_len: 381,
      status_code: 401,
      username: 'pbeesly',
    }),
  );
  assert.equal(
    fields(event, [
      'http.request.method',
      'url.original',
      'url.path',
      'url.query',
      'url.domain',
      'destination.domain',
      'http.version',
      'http.response.status_code',
      'event.outcome',
      'http.request.body.bytes',
      'http.response.body.bytes',
      'user_agent.original',
      'user.name',
      'event.category',
    ]),
    {
      'http.request.method': 'OPTIONS',
      'url.original': '/webdav?x=1',
      'url.path': '/webdav',
      'url.query': 'x=1',
      'url.domain': 'files.example.com',
      'destination.domain': 'files.example.com',
      'http.version': '1.1',
      'http.response.status_code': 401,
      'event.outcome': 'failure',
      'http.request.body.bytes': 0,
      'http.response.body.bytes': 381,
      'user_agent.original': 'Microsoft-WebDAV-MiniRedir/10.0.18362',
      'user.name': 'pbeesly',
      'event.category': ['network', 'web'],
    },
  );
});

test('ssl: version split, JA3 and JA3S, the server name; notice: an alert named by its note', () => {
  const ssl = parsed(
    JSON.stringify({
      ...CONN,
      _path: 'ssl',
      version: 'TLSv12',
      cipher: 'TLS_ECDHE',
      server_name: 'h.example',
      ja3: 'a',
      ja3s: 'b',
      established: true,
    }),
  );
  assert.equal(
    fields(ssl, ['tls.version', 'tls.version_protocol', 'tls.client.server_name', 'tls.client.ja3', 'tls.server.ja3s', 'tls.established']),
    {
      'tls.version': '1.2',
      'tls.version_protocol': 'tls',
      'tls.client.server_name': 'h.example',
      'tls.client.ja3': 'a',
      'tls.server.ja3s': 'b',
      'tls.established': true,
    },
  );
  const notice = parsed(JSON.stringify({ ...CONN, _path: 'notice', note: 'SSL::Invalid_Server_Cert', msg: 'self signed' }));
  assert.equal([notice.event.kind, notice.rule?.name, notice.message], ['alert', 'SSL::Invalid_Server_Cert', 'self signed']);
});

test('ts as ISO 8601 is read; a ts that is no time refuses the record', () => {
  assert.is(parsed(JSON.stringify({ ...CONN, ts: '2020-04-30T00:06:38.899710Z' }))['@timestamp'], '2020-04-30T00:06:38.899Z');
  for (const ts of ['soon', null, 1e300]) {
    const outcome = jsonLines.parse(JSON.stringify({ ...CONN, _path: 'conn', ts }), ctx);
    assert.is(outcome.ok, false);
    if (!outcome.ok) assert.match(outcome.reason, /^the Zeek ts .* is not a time$/);
  }
});

test('a `__proto__` field is kept as a field of the log, never as a prototype', () => {
  const event = parsed(`{"_path":"conn","ts":1,"uid":"C1","__proto__":{"polluted":true},"conn_state":"S0"}`);
  const conn = getField(event, 'zeek.conn') as Record<string, unknown>;
  assert.ok(Object.hasOwn(conn, '__proto__'));
  assert.is(Object.getPrototypeOf(conn), Object.prototype);
  assert.is(({} as Record<string, unknown>).polluted, undefined);
});

test.run();
