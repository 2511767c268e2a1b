/**
 * The normalized event: what every parser makes of a line, what the log store keeps and what the
 * Sigma engine matches. Field names and nesting are ECS (Elastic Common Schema 8.x), so rules,
 * exports and Elasticsearch agree on them; docs/events.md lists the fields field by field and says
 * which parser fills which. Vendor data with no ECS name stays under the vendor's own key
 * (`cef.extensions`, `suricata.eve`, `zeek.<log>`, `winlog.event_data`).
 */
export interface LogEvent {
  '@timestamp': string;
  message?: string;
  log: {
    /** The line as received, always kept. */
    original: string;
    level?: string;
    logger?: string;
    file?: { path?: string };
    syslog?: {
      priority?: number;
      facility?: { code: number; name: string };
      severity?: { code: number; name: string };
      hostname?: string;
      appname?: string;
      procid?: string;
      msgid?: string;
      version?: string;
      structured_data?: Record<string, Record<string, string>>;
    };
  };
  event: {
    /** Unique per event; the store uses it as the key, so a retried batch never duplicates. */
    id?: string;
    kind: 'event' | 'alert' | 'metric' | 'state' | 'pipeline_error';
    category?: string[];
    type?: string[];
    action?: string;
    outcome?: 'success' | 'failure' | 'unknown';
    code?: string;
    provider?: string;
    module?: string;
    dataset?: string;
    severity?: number;
    reason?: string;
    duration?: number;
    timezone?: string;
    created?: string;
    ingested?: string;
    start?: string;
    end?: string;
  };
  ecs?: { version: string };
  host?: { hostname?: string; name?: string; ip?: string[]; os?: { type?: string; family?: string } };
  observer?: { vendor?: string; product?: string; version?: string; hostname?: string; ip?: string[]; type?: string };
  source?: Endpoint;
  destination?: Endpoint;
  client?: Endpoint;
  server?: Endpoint;
  user?: EventUser & { target?: EventUser; effective?: EventUser };
  group?: { name?: string; id?: string };
  process?: Process & { parent?: Process };
  file?: { path?: string; name?: string; directory?: string; extension?: string; hash?: Hashes; code_signature?: CodeSignature };
  dll?: { path?: string; name?: string; hash?: Hashes; code_signature?: CodeSignature; pe?: Record<string, string> };
  registry?: { path?: string; key?: string; value?: string; hive?: string; data?: { strings?: string[]; type?: string } };
  url?: { original?: string; path?: string; query?: string; domain?: string; scheme?: string; port?: number; extension?: string };
  http?: {
    version?: string;
    request?: { method?: string; referrer?: string; bytes?: number; id?: string };
    response?: { status_code?: number; bytes?: number; body?: { bytes?: number } };
  };
  user_agent?: { original?: string };
  network?: {
    transport?: string;
    protocol?: string;
    direction?: string;
    bytes?: number;
    packets?: number;
    community_id?: string;
    application?: string;
  };
  dns?: { question?: { name?: string; type?: string; class?: string }; response_code?: string; answers?: unknown[] };
  tls?: Record<string, unknown>;
  rule?: { id?: string; name?: string; category?: string; description?: string };
  error?: { message?: string; type?: string; code?: string };
  /** Windows event log data (winlogbeat's shape, whichever exporter sent it). */
  winlog?: {
    channel?: string;
    provider_name?: string;
    provider_guid?: string;
    event_id?: string;
    record_id?: string;
    computer_name?: string;
    task?: string;
    opcode?: string;
    keywords?: string[];
    level?: string;
    process?: { pid?: number; thread?: { id?: number } };
    user?: { identifier?: string; name?: string; domain?: string; type?: string };
    event_data?: Record<string, unknown>;
    user_data?: Record<string, unknown>;
  };
  related?: { ip?: string[]; user?: string[]; hosts?: string[]; hash?: string[] };
  tags?: string[];
  labels?: Record<string, string>;
  /** Set by enrichment: the asset whose hostname or address matched. */
  asset?: { id: string; name?: string; criticality?: string };
  /**
   * Where secai got the line from and how it parsed it; `logsource`, what the event is in Sigma's
   * taxonomy when a source's configuration says so (detection reads it; see sigma/).
   */
  secai?: { source?: string; collector?: string; format?: string; logsource?: { product?: string; service?: string; category?: string } };
  /** Vendor fields kept under the vendor's key. */
  [vendor: string]: unknown;
}

export interface Endpoint {
  ip?: string;
  port?: number;
  address?: string;
  domain?: string;
  mac?: string;
  bytes?: number;
  packets?: number;
  user?: EventUser;
  nat?: { ip?: string; port?: number };
}

export interface EventUser {
  name?: string;
  id?: string;
  domain?: string;
  email?: string;
}

export interface Process {
  pid?: number;
  name?: string;
  executable?: string;
  command_line?: string;
  args?: string[];
  entity_id?: string;
  working_directory?: string;
  thread?: { id?: number };
  hash?: Hashes;
}

export interface Hashes {
  md5?: string;
  sha1?: string;
  sha256?: string;
  imphash?: string;
}

export interface CodeSignature {
  exists?: boolean;
  signed?: boolean;
  valid?: boolean;
  trusted?: boolean;
  subject_name?: string;
  status?: string;
}

/** What the parsers know about where and when a line arrived. */
export interface ParseContext {
  /** When the line was received; fills a missing timestamp and a missing year. */
  receivedAt: Date;
  /**
   * The time zone of timestamps that carry none (RFC 3164, access logs without an offset): an
   * IANA name (`Europe/Paris`) or an offset (`+02:00`). UTC when not set.
   */
  timezone?: string;
  /** The host that sent it (a syslog peer address), when the line does not name one. */
  peer?: string;
}

/** A parser's answer: the event, or why the line is not in its format. */
export type ParseOutcome = { ok: true; event: LogEvent } | { ok: false; reason: string };

/** Reads a dotted ECS path (`source.ip`, `winlog.event_data.Image`) from an event. */
export function getField(event: LogEvent, path: string): unknown {
  // A flat key that contains dots (`winlog.event_data` keys can) wins over nesting.
  let value: unknown = event;
  let rest = path;
  while (rest.length > 0) {
    if (value === null || typeof value !== 'object') return undefined;
    const obj = value as Record<string, unknown>;
    if (rest in obj) return obj[rest];
    const dot = rest.indexOf('.');
    if (dot < 0) return undefined;
    value = obj[rest.slice(0, dot)];
    rest = rest.slice(dot + 1);
  }
  return value;
}

/** Sets a dotted ECS path, creating the objects on the way; `undefined` and `''` are not set. */
export function setField(event: LogEvent | Record<string, unknown>, path: string, value: unknown): void {
  if (value === undefined || value === '') return;
  const parts = path.split('.');
  let obj = event as Record<string, unknown>;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = parts[i] as string;
    let next = obj[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      next = {};
      obj[key] = next;
    }
    obj = next as Record<string, unknown>;
  }
  obj[parts[parts.length - 1] as string] = value;
}

/**
 * Every leaf of an event as `[dotted path, value]`, arrays as one leaf: what the stores index and
 * what the parser agreement test compares.
 */
export function flattenEvent(event: object, prefix = '', out: [string, unknown][] = []): [string, unknown][] {
  for (const [key, value] of Object.entries(event)) {
    if (value === undefined) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) flattenEvent(value, path, out);
    else out.push([path, value]);
  }
  return out;
}

/**
 * `event[key]`, an empty object made first when missing, for setting fields in place: a copy by
 * spread (`{ ...event.user, name }`) gives each event's object a V8 hidden class of its own, which
 * costs memory and serialization time on every event.
 */
export function partOf<K extends 'user' | 'group' | 'process' | 'host' | 'secai'>(event: LogEvent, key: K): NonNullable<LogEvent[K]> {
  event[key] ??= {} as NonNullable<LogEvent[K]>;
  return event[key] as NonNullable<LogEvent[K]>;
}

/** Adds values to a `related.*` list once each (ECS: every ip, user and host the event names). */
export function addRelated(event: LogEvent, kind: 'ip' | 'user' | 'hosts' | 'hash', ...values: (string | undefined)[]): void {
  for (const value of values) {
    if (!value) continue;
    event.related ??= {};
    const list = event.related[kind] ?? [];
    event.related[kind] = list;
    if (!list.includes(value)) list.push(value);
  }
}
