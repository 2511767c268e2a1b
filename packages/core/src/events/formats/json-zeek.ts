/**
 * Zeek (Bro) JSON logs to events: the connection's endpoints as source and destination, `ts` as
 * the time, `uid` as `zeek.session_id`, and the log's own fields, under their Zeek names, in
 * `zeek.<log>` (Sigma's zeek rules name them so: `query`, `status_code`, `id.resp_p`…).
 *
 * The log type is `_path` (Zeek's json-streaming logs), `@stream` (RockNSM), the one key of
 * Metron's wrapped records (`{"dns":{…}}`), or else read from the fields. Endpoints are
 * `id.orig_h` (Zeek), `id_orig_h` (after Elasticsearch-style renames) or `id: {orig_h}`.
 */
import { isIP } from 'node:net';
import { addRelated, type LogEvent, type ParseOutcome, setField } from '../event.js';
import { parseIsoTimestamp } from '../time.js';
import { communityId, FLOW_CLAIMS } from './json-suricata.js';

export const ZEEK_CLAIMS = [
  '@timestamp',
  'message',
  'event.kind',
  'event.category',
  'event.type',
  'event.outcome',
  'event.duration',
  'event.module',
  'event.dataset',
  'observer.hostname',
  ...FLOW_CLAIMS,
  'zeek.session_id',
  'dns.id',
  'dns.question.name',
  'dns.question.type',
  'dns.question.class',
  'dns.response_code',
  'dns.header_flags',
  'dns.answers',
  'dns.resolved_ip',
  'http.request.method',
  'http.request.referrer',
  'http.request.body.bytes',
  'http.response.status_code',
  'http.response.body.bytes',
  'http.version',
  'url.original',
  'url.domain',
  'url.path',
  'url.query',
  'user_agent.original',
  'user.name',
  'tls.version',
  'tls.version_protocol',
  'tls.cipher',
  'tls.curve',
  'tls.resumed',
  'tls.established',
  'tls.client.server_name',
  'tls.client.ja3',
  'tls.server.ja3s',
  'tls.server.subject',
  'tls.server.issuer',
  'file.name',
  'file.path',
  'file.size',
  'file.mime_type',
  'file.hash.md5',
  'file.hash.sha1',
  'file.hash.sha256',
  'rule.name',
  'related.ip',
  'related.hash',
  'related.hosts',
  'related.user',
] as const;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const own = (obj: unknown, key: string): unknown => (isObject(obj) && Object.hasOwn(obj, key) ? obj[key] : undefined);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' && value !== '-' ? value : undefined);
const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;

/** Sets `obj[key]`, as an own property even when the key is `__proto__` (plain assignment would set the prototype). */
function put(obj: Json, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** Zeek's standard logs, for Metron's wrapped records (`{"http":{…}}`). */
const LOGS = new Set(
  `
  conn dce_rpc dhcp dnp3 dns dpd files ftp http intel irc kerberos modbus mysql notice ntlm ntp ocsp pe radius
  rdp rfb sip smb_files smb_mapping smtp snmp socks software ssh ssl syslog tunnel weird x509 known_certs
  known_devices known_hosts known_services signatures traceroute capture_loss stats reporter analyzer
  `
    .trim()
    .split(/\s+/),
);

/** The fields that tell a log from the others when nothing names it; the first match wins. */
const INFERRED: [log: string, has: string[][]][] = [
  ['conn', [['conn_state'], ['history', 'orig_bytes']]],
  [
    'dns',
    [
      ['query', 'qtype_name'],
      ['query', 'rcode'],
      ['query', 'trans_id'],
    ],
  ],
  [
    'http',
    [
      ['method', 'uri'],
      ['trans_depth', 'status_code'],
    ],
  ],
  [
    'ssl',
    [
      ['cipher', 'established'],
      ['server_name', 'established'],
      ['version', 'cipher'],
    ],
  ],
  [
    'files',
    [
      ['fuid', 'mime_type'],
      ['fuid', 'seen_bytes'],
      ['fuid', 'tx_hosts'],
    ],
  ],
  ['x509', [['certificate_version'], ['certificate.version'], ['certificate_serial'], ['certificate.serial']]],
  ['notice', [['note']]],
  [
    'kerberos',
    [
      ['request_type', 'client'],
      ['request_type', 'service'],
    ],
  ],
  ['smb_files', [['action', 'path', 'name']]],
  ['smb_mapping', [['share_type']]],
  [
    'dce_rpc',
    [
      ['named_pipe', 'operation'],
      ['endpoint', 'operation'],
    ],
  ],
  ['dpd', [['analyzer', 'failure_reason']]],
  ['pe', [['machine', 'compile_ts']]],
  ['ssh', [['auth_success'], ['auth_attempts']]],
  ['smtp', [['mailfrom'], ['helo', 'rcptto']]],
  ['ftp', [['command', 'reply_code']]],
  ['rdp', [['cookie', 'result'], ['security_protocol']]],
  ['dhcp', [['assigned_addr'], ['lease_time', 'mac']]],
  ['ntlm', [['hostname', 'domainname'], ['server_nb_computer_name']]],
  [
    'weird',
    [
      ['name', 'notice', 'peer'],
      ['name', 'addl'],
    ],
  ],
];

const ENDPOINT_KEYS = ['orig_h', 'orig_p', 'resp_h', 'resp_p'];
/** Keys the event carries elsewhere: time, session, endpoints, and the log shippers' own. */
const MOVED = new Set([
  'ts',
  'uid',
  '_path',
  '_write_ts',
  '_system_name',
  '@stream',
  '@system',
  '@proc',
  ...ENDPOINT_KEYS.flatMap((key) => [`id.${key}`, `id_${key}`]),
]);

/** The connection's endpoint fields, whichever of the three spellings the record uses. */
function endpoint(record: Json, key: string): unknown {
  return own(record, `id.${key}`) ?? own(record, `id_${key}`) ?? own(own(record, 'id'), key);
}

/**
 * A Zeek record's log type and the record itself (unwrapped from Metron's `{"dns":{…}}`), or
 * undefined when `doc` is not one: a record needs a `ts`, and unless a key names its log, a
 * connection uid, file id or endpoint beside the fields of a known log.
 */
export function zeekRecord(doc: Json): { log: string; record: Json } | undefined {
  const named = text(own(doc, '_path')) ?? text(own(doc, '@stream'));
  if (named && Object.hasOwn(doc, 'ts')) return { log: named, record: doc };
  const keys = Object.keys(doc);
  const only = keys.length === 1 ? keys[0] : undefined;
  if (only !== undefined && LOGS.has(only) && isObject(doc[only]) && Object.hasOwn(doc[only] as Json, 'ts')) {
    return { log: only, record: doc[only] as Json };
  }
  if (!Object.hasOwn(doc, 'ts')) return undefined;
  const linked =
    typeof own(doc, 'uid') === 'string' ||
    typeof own(doc, 'fuid') === 'string' ||
    typeof own(doc, 'id') === 'string' ||
    endpoint(doc, 'orig_h') !== undefined;
  if (!linked) return undefined;
  for (const [log, alternatives] of INFERRED) {
    if (alternatives.some((fields) => fields.every((field) => Object.hasOwn(doc, field)))) return { log, record: doc };
  }
  return typeof own(doc, 'uid') === 'string' && endpoint(doc, 'orig_h') !== undefined ? { log: 'conn', record: doc } : undefined;
}

/** `ts` as Zeek writes it: epoch seconds with a fraction, or ISO 8601 (`JSON::TS_ISO8601`). */
function zeekTime(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    const ms = Math.round(value * 1000);
    return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : undefined;
  }
  return typeof value === 'string' ? parseIsoTimestamp(value, 'UTC') : undefined;
}

const PROTOCOLS: Record<string, string> = {
  dns: 'dns',
  http: 'http',
  ssl: 'tls',
  kerberos: 'kerberos',
  smb_files: 'smb',
  smb_mapping: 'smb',
  dce_rpc: 'dce_rpc',
  ssh: 'ssh',
  ftp: 'ftp',
  smtp: 'smtp',
  rdp: 'rdp',
  dhcp: 'dhcp',
  ntlm: 'ntlm',
  sip: 'sip',
  snmp: 'snmp',
  mysql: 'mysql',
  radius: 'radius',
};

/**
 * A Zeek record (from `zeekRecord`) onto `event`; `ok: false` when its `ts` is not a time.
 *
 * @example
 * zeekEvent('conn', JSON.parse(line), baseEvent(line, ctx))
 * // for a SCRANTON_conn.log line: source.ip '10.0.1.4', destination.port 53, zeek.session_id 'Cw1Hz43UWS4qXFei8f'
 */
export function zeekEvent(log: string, record: Json, event: LogEvent): ParseOutcome {
  const stamp = own(record, 'ts');
  const ts = zeekTime(stamp);
  if (!ts) {
    const shown = typeof stamp === 'string' ? JSON.stringify(stamp.slice(0, 40)) : typeof stamp === 'number' ? String(stamp) : typeof stamp;
    return { ok: false, reason: `the Zeek ts ${shown} is not a time` };
  }
  event['@timestamp'] = ts;
  event.event.kind = 'event';
  event.event.module = 'zeek';
  event.event.dataset = `zeek.${log}`;
  setField(event, 'observer.hostname', text(own(record, '_system_name')) ?? text(own(record, '@system')));
  setField(event, 'zeek.session_id', text(own(record, 'uid')));

  const origHost = text(endpoint(record, 'orig_h'));
  const respHost = text(endpoint(record, 'resp_h'));
  const origPort = count(endpoint(record, 'orig_p'));
  const respPort = count(endpoint(record, 'resp_p'));
  setField(event, 'source.address', origHost);
  setField(event, 'source.ip', origHost && isIP(origHost) ? origHost : undefined);
  setField(event, 'source.port', origPort);
  setField(event, 'destination.address', respHost);
  setField(event, 'destination.ip', respHost && isIP(respHost) ? respHost : undefined);
  setField(event, 'destination.port', respPort);
  const transport = text(own(record, 'proto'))?.toLowerCase();
  setField(event, 'network.transport', transport);
  setField(event, 'network.protocol', PROTOCOLS[log]);
  event.event.category = ['network'];

  const fields: Json = {};
  for (const [key, value] of Object.entries(record)) {
    if (MOVED.has(key) || (key === 'id' && isObject(value))) continue;
    put(fields, key, value);
  }
  setField(event, `zeek.${log}`, fields);
  LOG_FIELDS[log]?.(event, record);

  const { source, destination } = event;
  if (transport && source?.ip && destination?.ip) {
    setField(event, 'network.community_id', communityId(transport, source.ip, source.port, destination.ip, destination.port));
  }
  addRelated(event, 'ip', event.source?.ip, event.destination?.ip);
  return { ok: true, event };
}

/** The ECS fields of some logs, as Elastic's zeek integration names them. */
const LOG_FIELDS: Record<string, (event: LogEvent, r: Json) => void> = {
  conn(event, r) {
    event.event.type = ['connection'];
    const service = text(own(r, 'service'));
    if (service && !service.includes(',')) setField(event, 'network.protocol', service.toLowerCase());
    const srcBytes = count(own(r, 'orig_bytes'));
    const dstBytes = count(own(r, 'resp_bytes'));
    const srcPackets = count(own(r, 'orig_pkts'));
    const dstPackets = count(own(r, 'resp_pkts'));
    setField(event, 'source.bytes', srcBytes);
    setField(event, 'destination.bytes', dstBytes);
    setField(event, 'source.packets', srcPackets);
    setField(event, 'destination.packets', dstPackets);
    if (srcBytes !== undefined || dstBytes !== undefined) setField(event, 'network.bytes', (srcBytes ?? 0) + (dstBytes ?? 0));
    if (srcPackets !== undefined || dstPackets !== undefined) setField(event, 'network.packets', (srcPackets ?? 0) + (dstPackets ?? 0));
    setField(event, 'source.mac', text(own(r, 'orig_l2_addr')));
    setField(event, 'destination.mac', text(own(r, 'resp_l2_addr')));
    const duration = own(r, 'duration');
    if (typeof duration === 'number' && Number.isFinite(duration) && duration >= 0) event.event.duration = Math.round(duration * 1e9);
  },
  dns(event, r) {
    event.event.type = ['protocol', 'info'];
    const id = own(r, 'trans_id');
    if (typeof id === 'number') setField(event, 'dns.id', String(id));
    setField(event, 'dns.question.name', text(own(r, 'query')));
    setField(event, 'dns.question.type', text(own(r, 'qtype_name')));
    setField(event, 'dns.question.class', text(own(r, 'qclass_name')));
    setField(event, 'dns.response_code', text(own(r, 'rcode_name')));
    const flags = ['AA', 'TC', 'RD', 'RA'].filter((flag) => own(r, flag) === true);
    if (flags.length > 0) setField(event, 'dns.header_flags', flags);
    const answers = own(r, 'answers');
    const ttls = own(r, 'TTLs');
    if (Array.isArray(answers)) {
      const data = answers.filter((a): a is string => typeof a === 'string');
      setField(
        event,
        'dns.answers',
        data.map((answer, i) => {
          const ttl = Array.isArray(ttls) ? ttls[i] : undefined;
          return typeof ttl === 'number' ? { data: answer, ttl } : { data: answer };
        }),
      );
      const ips = data.filter((answer) => isIP(answer));
      if (ips.length > 0) setField(event, 'dns.resolved_ip', ips);
      addRelated(event, 'ip', ...ips);
    }
    addRelated(event, 'hosts', event.dns?.question?.name);
  },
  http(event, r) {
    event.event.category = ['network', 'web'];
    event.event.type = ['connection', 'protocol'];
    setField(event, 'http.request.method', text(own(r, 'method')));
    const uri = text(own(r, 'uri'));
    setField(event, 'url.original', uri);
    if (uri) {
      const question = uri.indexOf('?');
      setField(event, 'url.path', question < 0 ? uri : uri.slice(0, question));
      if (question >= 0) setField(event, 'url.query', uri.slice(question + 1));
    }
    const host = text(own(r, 'host'));
    setField(event, 'url.domain', host);
    if (host && !isIP(host)) setField(event, 'destination.domain', host);
    setField(event, 'http.version', text(own(r, 'version')));
    const status = count(own(r, 'status_code'));
    setField(event, 'http.response.status_code', status);
    if (status !== undefined) event.event.outcome = status < 400 ? 'success' : 'failure';
    setField(event, 'http.request.body.bytes', count(own(r, 'request_body_len')));
    setField(event, 'http.response.body.bytes', count(own(r, 'response_body_len')));
    setField(event, 'http.request.referrer', text(own(r, 'referrer')));
    setField(event, 'user_agent.original', text(own(r, 'user_agent')));
    setField(event, 'user.name', text(own(r, 'username')));
    addRelated(event, 'user', event.user?.name);
    addRelated(event, 'hosts', event.url?.domain);
  },
  ssl(event, r) {
    event.event.type = ['connection', 'protocol'];
    const version = text(own(r, 'version'));
    const versioned = version && /^(TLS|SSL|DTLS)v(\d)(\d)?$/i.exec(version);
    if (versioned) {
      setField(event, 'tls.version_protocol', versioned[1]?.toLowerCase());
      setField(event, 'tls.version', versioned[3] === undefined ? `${versioned[2]}.0` : `${versioned[2]}.${versioned[3]}`);
    }
    setField(event, 'tls.cipher', text(own(r, 'cipher')));
    setField(event, 'tls.curve', text(own(r, 'curve')));
    for (const flag of ['resumed', 'established'] as const) {
      if (typeof own(r, flag) === 'boolean') setField(event, `tls.${flag}`, own(r, flag));
    }
    const sni = text(own(r, 'server_name'));
    setField(event, 'tls.client.server_name', sni);
    setField(event, 'destination.domain', sni);
    setField(event, 'tls.client.ja3', text(own(r, 'ja3')));
    setField(event, 'tls.server.ja3s', text(own(r, 'ja3s')));
    setField(event, 'tls.server.subject', text(own(r, 'subject')));
    setField(event, 'tls.server.issuer', text(own(r, 'issuer')));
    addRelated(event, 'hash', text(own(r, 'ja3')), text(own(r, 'ja3s')));
    addRelated(event, 'hosts', sni);
  },
  files(event, r) {
    event.event.category = ['file'];
    event.event.type = ['info'];
    setField(event, 'file.name', text(own(r, 'filename')));
    setField(event, 'file.mime_type', text(own(r, 'mime_type')));
    setField(event, 'file.size', count(own(r, 'total_bytes')) ?? count(own(r, 'seen_bytes')));
    for (const hash of ['md5', 'sha1', 'sha256'] as const) setField(event, `file.hash.${hash}`, text(own(r, hash)));
    addRelated(event, 'hash', text(own(r, 'md5')), text(own(r, 'sha1')), text(own(r, 'sha256')));
    for (const key of ['tx_hosts', 'rx_hosts']) {
      const hosts = own(r, key);
      if (Array.isArray(hosts)) addRelated(event, 'ip', ...hosts.filter((h): h is string => typeof h === 'string'));
    }
  },
  notice(event, r) {
    event.event.kind = 'alert';
    event.event.category = ['intrusion_detection'];
    event.event.type = ['info'];
    setField(event, 'rule.name', text(own(r, 'note')));
    setField(event, 'message', text(own(r, 'msg')));
    const src = text(own(r, 'src'));
    const dst = text(own(r, 'dst'));
    if (!event.source?.ip && src && isIP(src)) setField(event, 'source.ip', src);
    if (!event.destination?.ip && dst && isIP(dst)) setField(event, 'destination.ip', dst);
    if (event.destination?.port === undefined) setField(event, 'destination.port', count(own(r, 'p')));
  },
  kerberos(event, r) {
    event.event.category = ['network', 'authentication'];
    event.event.type = ['info'];
    const client = text(own(r, 'client'));
    setField(event, 'user.name', client?.split('/')[0]);
    addRelated(event, 'user', event.user?.name);
    const success = own(r, 'success');
    if (typeof success === 'boolean') event.event.outcome = success ? 'success' : 'failure';
  },
  smb_files(event, r) {
    event.event.category = ['network', 'file'];
    event.event.type = ['info'];
    const share = text(own(r, 'path'));
    const name = text(own(r, 'name'));
    if (name) {
      setField(event, 'file.path', share ? `${share}\\${name}` : name);
      setField(event, 'file.name', name.slice(name.lastIndexOf('\\') + 1) || name);
    }
    setField(event, 'file.size', count(own(r, 'size')));
  },
  ssh(event, r) {
    event.event.type = ['connection', 'protocol'];
    const success = own(r, 'auth_success');
    if (typeof success === 'boolean') event.event.outcome = success ? 'success' : 'failure';
  },
  ftp(event, r) {
    setField(event, 'user.name', text(own(r, 'user')));
    addRelated(event, 'user', event.user?.name);
  },
};
