/**
 * Suricata EVE JSON records (`event_type` alert, flow, dns, http, tls, fileinfo, anomaly, stats…)
 * to events, with the fields Elastic's suricata integration (eve data stream, its default, dns and
 * tls pipelines) sets; what EVE says that ECS has no name for stays under `suricata.eve`, minus
 * the keys moved out, as there.
 */
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { addRelated, type LogEvent, type ParseContext, type ParseOutcome, setField } from '../event.js';
import { parseIsoTimestamp } from '../time.js';

/** The endpoints and counts of a network flow, as both network monitors (Suricata, Zeek) claim them. */
export const FLOW_CLAIMS = [
  'source.address',
  'source.ip',
  'source.port',
  'source.mac',
  'source.bytes',
  'source.packets',
  'destination.address',
  'destination.ip',
  'destination.port',
  'destination.mac',
  'destination.domain',
  'destination.bytes',
  'destination.packets',
  'network.transport',
  'network.protocol',
  'network.community_id',
  'network.bytes',
  'network.packets',
] as const;

export const SURICATA_CLAIMS = [
  '@timestamp',
  'message',
  'event.kind',
  'event.category',
  'event.type',
  'event.outcome',
  'event.severity',
  'event.created',
  'event.start',
  'event.end',
  'event.duration',
  'event.module',
  'event.dataset',
  ...FLOW_CLAIMS,
  'rule.id',
  'rule.name',
  'rule.category',
  'http.request.method',
  'http.request.referrer',
  'http.response.status_code',
  'http.response.body.bytes',
  'url.original',
  'url.domain',
  'url.path',
  'url.query',
  'url.fragment',
  'user_agent.original',
  'file.path',
  'file.size',
  'dns.id',
  'dns.type',
  'dns.response_code',
  'dns.question.name',
  'dns.question.type',
  'dns.header_flags',
  'dns.resolved_ip',
  'tls.version',
  'tls.version_protocol',
  'tls.resumed',
  'tls.client.server_name',
  'tls.client.ja3',
  'tls.server.ja3s',
  'tls.server.subject',
  'tls.server.issuer',
  'tls.server.hash.sha1',
  'tls.server.not_before',
  'tls.server.not_after',
  'tls.server.certificate',
  'tls.server.certificate_chain',
  'tls.server.x509.serial_number',
  'tls.server.x509.not_before',
  'tls.server.x509.not_after',
  ...['issuer', 'subject'].flatMap((who) =>
    ['common_name', 'country', 'locality', 'organization', 'organizational_unit', 'state_or_province'].map(
      (part) => `tls.server.x509.${who}.${part}`,
    ),
  ),
  'related.ip',
  'related.hash',
  'related.hosts',
  ...['event_type', 'flow_id', 'in_iface', 'pcap_cnt', 'tx_id', 'parent_id', 'community_id'].map((key) => `suricata.eve.${key}`),
  ...['signature_id', 'signature', 'category', 'gid', 'rev'].map((key) => `suricata.eve.alert.${key}`),
  ...[
    'subject',
    'issuerdn',
    'serial',
    'fingerprint',
    'version',
    'notbefore',
    'notafter',
    'sni',
    'ja3.hash',
    'ja3.string',
    'ja3s.hash',
    'ja3s.string',
  ].map((key) => `suricata.eve.tls.${key}`),
  ...['rrname', 'rrtype', 'rcode', 'type', 'id', 'tx_id'].map((key) => `suricata.eve.dns.${key}`),
  ...['protocol', 'http_content_type'].map((key) => `suricata.eve.http.${key}`),
  ...['state', 'reason', 'alerted', 'age'].map((key) => `suricata.eve.flow.${key}`),
] as const;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const own = (obj: Json, key: string): unknown => (Object.hasOwn(obj, key) ? obj[key] : undefined);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** A port or counter: a non-negative integer, or a string of digits. */
function count(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** Removes `key` from `obj` and returns its value (the copies `suricataEvent` works on, never the input). */
function take(obj: Json | undefined, key: string): unknown {
  if (!obj || !Object.hasOwn(obj, key)) return undefined;
  const value = obj[key];
  delete obj[key];
  return value;
}

/** A shallow copy of `parent[key]` put back in its place, so removing from it leaves the input alone. */
function copied(parent: Json, key: string): Json | undefined {
  const value = own(parent, key);
  if (!isObject(value)) return undefined;
  const copy = { ...value };
  parent[key] = copy;
  return copy;
}

/**
 * True for an EVE record: an `event_type` and a `timestamp`, and a flow id, an address, an
 * interface or stats beside them (an application log with an `event_type` has none of those).
 */
export function isSuricataEve(doc: Json): boolean {
  return (
    typeof own(doc, 'event_type') === 'string' &&
    Object.hasOwn(doc, 'timestamp') &&
    (Object.hasOwn(doc, 'flow_id') || Object.hasOwn(doc, 'src_ip') || Object.hasOwn(doc, 'in_iface') || isObject(own(doc, 'stats')))
  );
}

/** Per event type: the kind, category, type and network.protocol Elastic sets (every type is category network). */
const TYPES: Record<string, { kind?: LogEvent['event']['kind']; category?: string[]; type?: string[]; protocol?: string }> = {
  alert: { kind: 'alert', category: ['network', 'intrusion_detection'] },
  dns: { type: ['protocol'], protocol: 'dns' },
  flow: { type: ['connection'] },
  ftp: { type: ['protocol'], protocol: 'ftp' },
  ftp_data: { type: ['protocol'], protocol: 'ftp' },
  http: { category: ['network', 'web'], type: ['access', 'protocol'], protocol: 'http' },
  http2: { category: ['network', 'web'], type: ['access', 'protocol'], protocol: 'http' },
  mqtt: { type: ['protocol'], protocol: 'mqtt' },
  smb: { type: ['protocol'], protocol: 'smb' },
  ssh: { type: ['protocol'], protocol: 'ssh' },
  stats: { kind: 'metric' },
  tftp: { type: ['protocol'], protocol: 'tftp' },
  tls: { type: ['protocol'], protocol: 'tls' },
  rdp: { type: ['protocol'], protocol: 'rdp' },
  // Elastic's table says rdp for RFB (VNC) too; it is its own protocol.
  rfb: { type: ['protocol'], protocol: 'rfb' },
};

/**
 * One EVE record to an event: `ok: false` when its timestamp is not a date (Elastic's pipeline
 * fails on those too), else the event, with `log.original` the line.
 *
 * @example
 * suricataEvent(JSON.parse(line), baseEvent(line, ctx), line, ctx)
 * // for test-eve-tls-empty-subject.log: source.ip '203.0.113.20', network.community_id '1:5I3DRTqXdPrQgmVqwE7YAYH766k=', tls.version '1.2'
 */
export function suricataEvent(doc: Json, event: LogEvent, line: string, ctx: ParseContext): ParseOutcome {
  const stamp = own(doc, 'timestamp');
  const ts = typeof stamp === 'string' ? parseIsoTimestamp(stamp, ctx.timezone) : undefined;
  if (!ts) return { ok: false, reason: `the EVE timestamp ${describe(stamp)} is not a date` };
  event['@timestamp'] = ts;
  event.event.module = 'suricata';
  event.event.dataset = 'suricata.eve';
  event.event.created = ctx.receivedAt.toISOString();

  const eve: Json = { ...doc };
  delete eve.timestamp;
  const ether = copied(eve, 'ether');
  setField(event, 'source.mac', text(take(ether, 'src_mac')));
  setField(event, 'destination.mac', text(take(ether, 'dest_mac')));
  if (ether && Object.keys(ether).length === 0) delete eve.ether;

  const srcIp = text(take(eve, 'src_ip'));
  const destIp = text(take(eve, 'dest_ip'));
  const srcPort = count(take(eve, 'src_port'));
  const destPort = count(take(eve, 'dest_port'));
  setField(event, 'source.address', srcIp);
  setField(event, 'source.ip', srcIp && isIP(srcIp) ? srcIp : undefined);
  setField(event, 'source.port', srcPort);
  setField(event, 'destination.address', destIp);
  setField(event, 'destination.ip', destIp && isIP(destIp) ? destIp : undefined);
  setField(event, 'destination.port', destPort);
  const transport = text(take(eve, 'proto'))?.toLowerCase();
  setField(event, 'network.transport', transport);

  // 64-bit ids lose digits as JavaScript numbers: read them from the line, as Elastic's keyword has them.
  for (const key of ['flow_id', 'parent_id']) {
    const id = own(eve, key);
    if (typeof id === 'number') eve[key] = exactInteger(line, key, id);
  }

  // ICMP records give the type and code where other protocols give ports.
  const icmp = transport === 'icmp' || transport === 'ipv6-icmp';
  const [firstPort, secondPort] = icmp ? [count(own(eve, 'icmp_type')), count(own(eve, 'icmp_code'))] : [srcPort, destPort];
  const community = text(own(eve, 'community_id'));
  setField(
    event,
    'network.community_id',
    community ?? (transport && srcIp && destIp ? communityId(transport, srcIp, firstPort, destIp, secondPort) : undefined),
  );

  const eventType = text(own(eve, 'event_type'))?.toLowerCase() ?? '';
  eve.event_type = eventType;
  const known = TYPES[eventType];
  event.event.kind = known?.kind ?? 'event';
  event.event.category = known?.category ?? ['network'];
  if (known?.type) event.event.type = [...known.type];
  setField(event, 'network.protocol', known?.protocol);

  const appProto = text(take(eve, 'app_proto'))?.toLowerCase();
  if (appProto === 'ftp-data') setField(event, 'network.protocol', 'ftp');
  else if (appProto && appProto !== 'failed' && appProto !== 'template' && appProto !== 'template-rust') {
    setField(event, 'network.protocol', appProto);
  }

  const http = copied(eve, 'http');
  if (http) readHttp(event, http, eventType);
  if (event.network?.protocol === 'dns') {
    const dns = copied(eve, 'dns');
    if (dns) readDns(event, dns);
  }
  if (event.network?.protocol === 'tls') {
    const tls = copied(eve, 'tls');
    if (tls) readTls(event, tls);
  }

  const fileinfo = copied(eve, 'fileinfo');
  setField(event, 'file.path', text(take(fileinfo, 'filename')));
  setField(event, 'file.size', count(take(fileinfo, 'size')));

  const alert = copied(eve, 'alert');
  if (alert) readAlert(event, alert);

  const flow = copied(eve, 'flow');
  if (flow) readFlow(event, flow);

  addRelated(event, 'hosts', event.url?.domain);
  addRelated(event, 'ip', event.source?.ip, event.destination?.ip);
  setField(event, 'suricata.eve', eve);
  return { ok: true, event };
}

function readHttp(event: LogEvent, http: Json, eventType: string): void {
  const status = count(take(http, 'status'));
  if (eventType === 'http' && status !== undefined) event.event.outcome = status < 400 ? 'success' : 'failure';
  const port = count(own(http, 'http_port'));
  if (port !== undefined) http.http_port = port;
  setField(event, 'http.request.method', text(take(http, 'http_method')));
  setField(event, 'http.response.status_code', status);
  const hostname = text(take(http, 'hostname'));
  setField(event, 'destination.domain', hostname);
  if (event.network?.protocol === 'http') setField(event, 'url.domain', hostname);
  const url = text(take(http, 'url'));
  if (url) {
    const hash = url.indexOf('#');
    const beforeHash = hash < 0 ? url : url.slice(0, hash);
    const question = beforeHash.indexOf('?');
    setField(event, 'url.path', question < 0 ? beforeHash : beforeHash.slice(0, question));
    if (question >= 0) setField(event, 'url.query', beforeHash.slice(question + 1));
    if (hash >= 0) setField(event, 'url.fragment', url.slice(hash + 1));
    setField(event, 'url.original', url);
  }
  setField(event, 'http.request.referrer', text(take(http, 'http_refer')));
  setField(event, 'http.response.body.bytes', count(take(http, 'length')));
  setField(event, 'user_agent.original', text(take(http, 'http_user_agent')));
}

/** Elastic's dns pipeline: query and answer records of EVE versions 1 and 2 (and 3's `queries` list). */
function readDns(event: LogEvent, dns: Json): void {
  const version = own(dns, 'version');
  const type = text(own(dns, 'type'));
  const id = own(dns, 'id');
  if (typeof id === 'number' || typeof id === 'string') setField(event, 'dns.id', String(id));
  setField(event, 'dns.response_code', text(own(dns, 'rcode')));
  setField(event, 'dns.type', type);
  const query = (Array.isArray(own(dns, 'queries')) ? (own(dns, 'queries') as unknown[]) : []).find(isObject);
  if (type === 'query' || version === 2 || version === 3) {
    setField(event, 'dns.question.name', text(own(dns, 'rrname')) ?? (query && text(own(query, 'rrname'))));
    setField(event, 'dns.question.type', text(own(dns, 'rrtype')) ?? (query && text(own(query, 'rrtype'))));
  }
  const answers: Json[] = [];
  const resolved: string[] = [];
  const addAnswer = (record: Json) => {
    const data = text(own(record, 'rdata'));
    const answer: Json = {};
    setField(answer, 'name', text(own(record, 'rrname')));
    setField(answer, 'type', text(own(record, 'rrtype')));
    setField(answer, 'data', data);
    setField(answer, 'ttl', count(own(record, 'ttl')));
    if (Object.keys(answer).length > 0) answers.push(answer);
    if (data && isIP(data)) resolved.push(data);
  };
  if (type === 'answer' && version === undefined) addAnswer(dns);
  const listed = own(dns, 'answers');
  if (Array.isArray(listed)) for (const record of listed) if (isObject(record)) addAnswer(record);
  if (answers.length > 0) setField(event, 'dns.answers', answers);
  if (resolved.length > 0) setField(event, 'dns.resolved_ip', resolved);
  addRelated(event, 'ip', ...resolved);
  const flags = (['aa', 'tc', 'rd', 'ra'] as const).filter((flag) => own(dns, flag) === true).map((flag) => flag.toUpperCase());
  if (flags.length > 0) setField(event, 'dns.header_flags', flags);
  for (const key of ['aa', 'tc', 'rd', 'ra', 'qr', 'version', 'flags', 'grouped']) delete dns[key];
}

const X509_PARTS: Record<string, string> = {
  C: 'country',
  CN: 'common_name',
  L: 'locality',
  O: 'organization',
  OU: 'organizational_unit',
  ST: 'state_or_province',
};

/** Elastic's tls pipeline: version, certificate names and dates, fingerprints, JA3. */
function readTls(event: LogEvent, tls: Json): void {
  const version = text(own(tls, 'version'));
  const versioned = version && /^(TLS|SSL|DTLS)\s*v?(\d(?:\.\d)?)$/i.exec(version);
  if (versioned) {
    setField(event, 'tls.version_protocol', versioned[1]?.toLowerCase());
    setField(event, 'tls.version', versioned[2]);
  }
  const sni = text(own(tls, 'sni'));
  if (sni?.endsWith('.')) tls.sni = sni.slice(0, -1);
  for (const [field, who] of [
    ['subject', 'subject'],
    ['issuerdn', 'issuer'],
  ] as const) {
    const dn = text(own(tls, field));
    setField(event, `tls.server.${who}`, dn);
    if (dn)
      for (const [key, values] of Object.entries(distinguishedName(dn)))
        setField(event, `tls.server.x509.${who}.${X509_PARTS[key]}`, values);
  }
  if (own(tls, 'session_resumed') !== undefined) setField(event, 'tls.resumed', own(tls, 'session_resumed') === true);
  const sha1 = text(own(tls, 'fingerprint'))?.toUpperCase().replaceAll(':', '');
  setField(event, 'tls.server.hash.sha1', sha1);
  const finalSni = text(own(tls, 'sni'));
  setField(event, 'tls.client.server_name', finalSni);
  setField(event, 'destination.domain', finalSni);
  const ja3s = isObject(own(tls, 'ja3s')) ? text(own(own(tls, 'ja3s') as Json, 'hash')) : undefined;
  const ja3 = isObject(own(tls, 'ja3')) ? text(own(own(tls, 'ja3') as Json, 'hash')) : undefined;
  setField(event, 'tls.server.ja3s', ja3s);
  setField(event, 'tls.client.ja3', ja3);
  addRelated(event, 'hash', sha1, ja3s, ja3);
  setField(event, 'tls.server.certificate', text(own(tls, 'certificate')));
  const chain = own(tls, 'chain');
  if (Array.isArray(chain) && chain.length > 0) setField(event, 'tls.server.certificate_chain', chain);
  setField(event, 'tls.server.x509.serial_number', text(own(tls, 'serial'))?.replaceAll(':', ''));
  for (const [field, name] of [
    ['notbefore', 'not_before'],
    ['notafter', 'not_after'],
  ] as const) {
    const value = text(own(tls, field));
    const when = value ? parseIsoTimestamp(value, 'UTC') : undefined;
    setField(event, `tls.server.${name}`, when);
    setField(event, `tls.server.x509.${name}`, when);
  }
}

/**
 * The C, CN, L, O, OU and ST parts of an X.509 distinguished name (`C=US, O=Example\, Inc.`),
 * each a list as ECS has them. Elastic splits the subject on spaces before `key=`, which leaves
 * the commas in the values; this splits both names on the unescaped commas.
 */
function distinguishedName(dn: string): Record<string, string[]> {
  const parts: Record<string, string[]> = {};
  for (const part of dn.split(/(?<!\\),/)) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim().toUpperCase();
    const value = part
      .slice(eq + 1)
      .trim()
      .replaceAll('\\,', ',');
    if (!Object.hasOwn(X509_PARTS, key) || value === '') continue;
    parts[key] ??= [];
    parts[key].push(value);
  }
  return parts;
}

function readAlert(event: LogEvent, alert: Json): void {
  const category = text(own(alert, 'category'));
  setField(event, 'message', category);
  setField(event, 'rule.category', category);
  const sid = own(alert, 'signature_id');
  if (typeof sid === 'number' || typeof sid === 'string') setField(event, 'rule.id', String(sid));
  setField(event, 'rule.name', text(own(alert, 'signature')));
  const action = text(take(alert, 'action'));
  if (action) event.event.type = [...(event.event.type ?? []), action === 'blocked' ? 'denied' : action];
  const severity = take(alert, 'severity');
  if (typeof severity === 'number' && Number.isFinite(severity)) event.event.severity = severity;
}

function readFlow(event: LogEvent, flow: Json): void {
  const state = own(flow, 'state');
  if (state === 'new') event.event.type = [...(event.event.type ?? []), 'start'];
  if (state === 'closed') event.event.type = [...(event.event.type ?? []), 'end'];
  const destPackets = count(take(flow, 'pkts_toclient'));
  const srcPackets = count(take(flow, 'pkts_toserver'));
  const destBytes = count(take(flow, 'bytes_toclient'));
  const srcBytes = count(take(flow, 'bytes_toserver'));
  setField(event, 'destination.packets', destPackets);
  setField(event, 'source.packets', srcPackets);
  setField(event, 'destination.bytes', destBytes);
  setField(event, 'source.bytes', srcBytes);
  const bytes = (srcBytes ?? 0) + (destBytes ?? 0);
  const packets = (srcPackets ?? 0) + (destPackets ?? 0);
  if (bytes > 0) setField(event, 'network.bytes', bytes);
  if (packets > 0) setField(event, 'network.packets', packets);
  const start = typeof own(flow, 'start') === 'string' ? parseIsoTimestamp(take(flow, 'start') as string) : undefined;
  const end = typeof own(flow, 'end') === 'string' ? parseIsoTimestamp(take(flow, 'end') as string) : undefined;
  setField(event, 'event.start', start);
  setField(event, 'event.end', end);
  if (start && end && Date.parse(start) <= Date.parse(end)) event.event.duration = (Date.parse(end) - Date.parse(start)) * 1_000_000;
}

/** A value for a reason: strings quoted and cut short, anything else by its JSON type. */
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === undefined) return '(missing)';
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : String(value);
}

/**
 * The digits of `"key": <integer>` as written in the line, when JSON.parse rounded them (beyond
 * 2^53); the number itself otherwise, or when the line has no such text for it.
 */
function exactInteger(line: string, key: string, parsed: number): number | string {
  if (Number.isSafeInteger(parsed)) return String(parsed);
  const match = new RegExp(`"${key}"\\s*:\\s*(-?\\d{1,20})(?![\\d.eE])`).exec(line);
  return match?.[1] !== undefined && Number(match[1]) === parsed ? match[1] : parsed;
}

const PROTOCOL_NUMBERS: Record<string, number> = { icmp: 1, tcp: 6, udp: 17, 'ipv6-icmp': 58, icmpv6: 58, sctp: 132 };

/** ICMP types and their counterparts (request and reply), which the spec treats as one flow. */
const ICMP_PAIRS: Record<number, Record<number, number>> = {
  1: { 8: 0, 0: 8, 13: 14, 14: 13, 15: 16, 16: 15, 10: 9, 9: 10, 17: 18, 18: 17 },
  58: { 128: 129, 129: 128, 130: 131, 131: 130, 133: 134, 134: 133, 135: 136, 136: 135, 139: 140, 140: 139, 144: 145, 145: 144 },
};

/**
 * The Community ID (v1, seed 0) of a flow: the same hash for both directions, so Suricata, Zeek
 * and Sysmon records of one connection share it. TCP, UDP and SCTP with their ports; ICMP and
 * ICMPv6 with the type and code in the ports' places (Zeek's `icmp` over IPv6 is ICMPv6).
 * https://github.com/corelight/community-id-spec
 *
 * @example
 * communityId('tcp', '128.232.110.120', 34855, '66.35.250.204', 80) // '1:LQU9qZlK+B5F3KDmev6m5PMibrg='
 */
export function communityId(
  transport: string,
  sourceIp: string,
  sourcePort: number | undefined,
  destinationIp: string,
  destinationPort: number | undefined,
): string | undefined {
  const src = ipBytes(sourceIp);
  const dst = ipBytes(destinationIp);
  let proto = PROTOCOL_NUMBERS[transport.toLowerCase()];
  if (proto === undefined || !src || !dst || src.length !== dst.length) return undefined;
  const isPort = (port: number | undefined): port is number => Number.isInteger(port) && (port as number) >= 0 && (port as number) <= 65535;
  if (!isPort(sourcePort) || !isPort(destinationPort)) return undefined;
  let oneWay = false;
  let [srcPort, dstPort] = [sourcePort, destinationPort];
  if (proto === 1 && src.length === 16) proto = 58;
  const pairs = ICMP_PAIRS[proto];
  if (pairs) {
    // A type with a counterpart goes both ways; any other is one-way, its code in the second place.
    const counterpart = pairs[sourcePort];
    oneWay = counterpart === undefined;
    dstPort = counterpart ?? destinationPort;
  }
  const order = compareBytes(src, dst);
  const forward = oneWay || order < 0 || (order === 0 && srcPort <= dstPort);
  const [a, aPort, b, bPort] = forward ? [src, srcPort, dst, dstPort] : [dst, dstPort, src, srcPort];
  const buffer = Buffer.alloc(2 + a.length * 2 + 6);
  let at = 2; // the seed, 0
  for (const byte of [...a, ...b]) buffer[at++] = byte;
  buffer[at++] = proto;
  at++; // padding
  buffer.writeUInt16BE(aPort, at);
  buffer.writeUInt16BE(bPort, at + 2);
  return `1:${createHash('sha1').update(buffer).digest('base64')}`;
}

/** The 4 or 16 bytes of an IPv4 or IPv6 address (zone dropped, embedded IPv4 read), else undefined. */
function ipBytes(ip: string): number[] | undefined {
  const kind = isIP(ip);
  if (kind === 4) return ip.split('.').map(Number);
  if (kind !== 6) return undefined;
  let address = ip.includes('%') ? ip.slice(0, ip.indexOf('%')) : ip;
  const lastColon = address.lastIndexOf(':');
  if (address.includes('.', lastColon)) {
    const [a = 0, b = 0, c = 0, d = 0] = address
      .slice(lastColon + 1)
      .split('.')
      .map(Number);
    address = `${address.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? left : [...left, ...new Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.flatMap((group) => {
    const n = Number.parseInt(group, 16);
    return [n >> 8, n & 0xff];
  });
}

function compareBytes(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}
