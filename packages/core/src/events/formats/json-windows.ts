/**
 * Windows event log records as JSON, in the shapes exporters write them, to one event: the same
 * record gives the same `winlog.*`, `process.*`, `user.*`… whichever shape carried it.
 *
 * 1. winlogbeat: ECS with `winlog.*` (`event_data` values as strings).
 * 2. evtx_dump (the Rust evtx crate, also chainsaw) and python-evtx through xmltodict:
 *    `{"Event":{"System":{…},"EventData":{…}}}`, XML attributes under `#attributes` (or `@Name`,
 *    or a `<element>_attributes` sibling), named `<Data>` as keys, unnamed ones as `Data`.
 * 3. NXLog im_msvistalog: flat, its own keys (`EventID`, `Channel`, `SourceName`, `Hostname`,
 *    `EventTime`…) beside the EventData names.
 * 4. Azure Sentinel / Log Analytics `SecurityEvent` and `Event` rows: flat, `Computer`,
 *    `TimeGenerated`, `EventSourceName` or `Source`, column type suffixes (`ProcessId_string`).
 *
 * `winlog.event_data` keeps every EventData name with its value as a string, as winlogbeat
 * renders them (the Sigma engine matches rule fields such as `Image` and `CommandLine` there); a
 * record with UserData instead has it in `winlog.user_data` and, for the same reason, in
 * `winlog.event_data`. For Sysmon and the Security channel the ECS fields Elastic's pipelines set
 * (windows.sysmon_operational, system.security) are set alike; apart from the differences named
 * where they are made, values equal theirs (json-windows.test.ts compares them).
 */
import { addRelated, type LogEvent, type ParseContext, setField } from '../event.js';
import { parseIsoTimestamp } from '../time.js';
import { communityId } from './json-suricata.js';

export type WindowsShape = 'winlogbeat' | 'evtx' | 'nxlog' | 'sentinel';

/** The names in a space-separated list. */
const words = (list: string): string[] => list.trim().split(/\s+/);

/** EventData names Sigma's Windows rules match on most, claimed under `winlog.event_data`. */
const SIGMA_EVENT_DATA = words(`
  Image CommandLine ParentImage ParentCommandLine OriginalFileName CurrentDirectory IntegrityLevel Hashes User
  ProcessId ProcessGuid ParentProcessId ParentProcessGuid TargetFilename TargetObject Details EventType
  ImageLoaded Signed Signature SignatureStatus Description Product Company FileVersion QueryName QueryResults
  DestinationIp DestinationPort DestinationHostname SourceIp SourcePort Initiated Protocol SourceImage
  TargetImage GrantedAccess CallTrace StartAddress StartModule StartFunction PipeName NewProcessName
  NewProcessId ParentProcessName ProcessName TokenElevationType MandatoryLabel SubjectUserName SubjectUserSid
  SubjectDomainName SubjectLogonId TargetUserName TargetUserSid TargetSid TargetDomainName TargetLogonId
  LogonType LogonProcessName AuthenticationPackageName WorkstationName IpAddress IpPort Status SubStatus
  FailureReason PrivilegeList ServiceName ServiceFileName TaskName TaskContent ObjectName ObjectType AccessMask
  ShareName RelativeTargetName SamAccountName DisplayName OldTargetUserName NewTargetUserName ScriptBlockText
`);

export const WINDOWS_CLAIMS = [
  '@timestamp',
  'message',
  'log.level',
  'event.kind',
  'event.code',
  'event.provider',
  'event.category',
  'event.type',
  'event.action',
  'event.outcome',
  'event.created',
  'host.name',
  'winlog.channel',
  'winlog.provider_name',
  'winlog.provider_guid',
  'winlog.event_id',
  'winlog.record_id',
  'winlog.computer_name',
  'winlog.level',
  'winlog.opcode',
  'winlog.task',
  'winlog.keywords',
  'winlog.version',
  'winlog.activity_id',
  'winlog.time_created',
  'winlog.process.pid',
  'winlog.process.thread.id',
  'winlog.user.identifier',
  'winlog.logon.id',
  'winlog.logon.type',
  ...SIGMA_EVENT_DATA.map((name) => `winlog.event_data.${name}`),
  'user.id',
  'user.name',
  'user.domain',
  'user.target.id',
  'user.target.name',
  'user.target.domain',
  'user.effective.id',
  'user.effective.name',
  'user.effective.domain',
  'user.changes.name',
  'group.id',
  'group.name',
  'group.domain',
  'process.pid',
  'process.entity_id',
  'process.executable',
  'process.name',
  'process.command_line',
  'process.working_directory',
  'process.thread.id',
  'process.parent.pid',
  'process.parent.entity_id',
  'process.parent.executable',
  'process.parent.name',
  'process.parent.command_line',
  ...['md5', 'sha1', 'sha256'].map((hash) => `process.hash.${hash}`),
  ...['imphash', 'original_file_name', 'company', 'description', 'file_version', 'product'].map((pe) => `process.pe.${pe}`),
  'source.ip',
  'source.port',
  'source.domain',
  'destination.ip',
  'destination.port',
  'destination.domain',
  'network.transport',
  'network.protocol',
  'network.direction',
  'network.community_id',
  'dns.question.name',
  'file.path',
  'file.name',
  'file.directory',
  'file.extension',
  ...['md5', 'sha1', 'sha256'].map((hash) => `file.hash.${hash}`),
  ...['imphash', 'original_file_name', 'company', 'description', 'file_version', 'product'].map((pe) => `file.pe.${pe}`),
  ...['status', 'subject_name', 'signed', 'valid', 'trusted'].map((part) => `file.code_signature.${part}`),
  'dll.path',
  'dll.name',
  ...['md5', 'sha1', 'sha256'].map((hash) => `dll.hash.${hash}`),
  'dll.pe.imphash',
  'dll.pe.original_file_name',
  'dll.code_signature.status',
  'registry.path',
  'registry.hive',
  'registry.key',
  'registry.value',
  'registry.data.strings',
  'registry.data.type',
  'rule.name',
  'error.code',
  'related.user',
  'related.ip',
  'related.hash',
  'related.hosts',
] as const;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const own = (obj: unknown, key: string): unknown => (isObject(obj) && Object.hasOwn(obj, key) ? obj[key] : undefined);
/** A field of the event as a string: a winlogbeat document kept as ECS may hold anything there. */
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Sets `obj[key]`, as an own property even when the key is `__proto__` (plain assignment would set the prototype). */
function put(obj: Json, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** A scalar as text: non-empty strings, finite numbers, booleans, or an XML node's `#text`. */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return String(value);
  return isObject(value) && Object.hasOwn(value, '#text') ? text(value['#text']) : undefined;
}

/** An integer from a decimal or `0x` hex string or a number (Windows writes process ids both ways). */
function integer(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  const s = text(value);
  if (!s || !/^(?:\d{1,15}|0x[0-9a-f]{1,13})$/i.test(s)) return undefined;
  return Number(s);
}

/**
 * A value that is no value: empty, `-`, or the zero GUID. Elastic's sysmon pipeline drops these
 * from event_data before it maps; secai leaves event_data whole and skips them for the ECS fields
 * of every channel (Elastic's security pipeline copies a `-` account or workstation name as is).
 */
const blank = (value: string | undefined): value is undefined =>
  value === undefined || value === '' || value === '-' || value === '{00000000-0000-0000-0000-000000000000}';
const present = (value: unknown): string | undefined => {
  const s = text(value);
  return blank(s) ? undefined : s;
};

/** An EventData value as winlogbeat renders it: text; lists and structures kept; null dropped. */
function dataValue(value: unknown): unknown {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(dataValue).filter((v) => v !== undefined);
  if (isObject(value)) return Object.hasOwn(value, '#text') ? dataValue(value['#text']) : value;
  return undefined;
}

/** Which of the shapes `doc` is, if any. */
export function windowsShape(doc: Json): WindowsShape | undefined {
  const event = own(doc, 'Event');
  if (isObject(own(event, 'System')) || own(own(doc, 'System'), 'EventID') !== undefined) return 'evtx';
  const winlog = own(doc, 'winlog');
  if (isObject(winlog) && (own(winlog, 'event_id') !== undefined || typeof own(winlog, 'channel') === 'string')) return 'winlogbeat';
  if (integer(own(doc, 'EventID')) === undefined) return undefined;
  const type = own(doc, 'Type');
  if (
    ((type === 'SecurityEvent' || type === 'Event' || type === 'WindowsEvent') && Object.hasOwn(doc, 'TimeGenerated')) ||
    (Object.hasOwn(doc, 'TimeGenerated') && Object.hasOwn(doc, 'Computer'))
  ) {
    return 'sentinel';
  }
  if (['Channel', 'SourceName', 'Hostname', 'EventTime'].some((key) => typeof own(doc, key) === 'string')) return 'nxlog';
  return undefined;
}

/** A record read from any shape, before it becomes an event. */
interface WindowsRecord {
  channel?: string;
  provider?: string;
  providerGuid?: string;
  eventId?: string;
  version?: number;
  level?: string;
  task?: string;
  opcode?: string;
  keywords?: string[];
  recordId?: string;
  computer?: string;
  timeCreated?: string;
  /** A time to use when the record has no TimeCreated (NXLog's EventTime, an ingest `@timestamp`). */
  otherTime?: string;
  pid?: number;
  threadId?: number;
  activityId?: string;
  user: { identifier?: string; name?: string; domain?: string; type?: string };
  eventData: Json;
  userData?: Json;
  message?: string;
  outcome?: LogEvent['event']['outcome'];
  tags?: string[];
}

/**
 * A Windows record in `shape` (from `windowsShape`) onto `event`: the base event, or for
 * winlogbeat the document itself kept as ECS.
 *
 * @example
 * windowsEvent(JSON.parse(evtxDumpLine), 'evtx', baseEvent(evtxDumpLine, ctx), ctx)
 * // for the Sysmon 1 record: winlog.event_id '1', process.executable 'C:\\Windows\\System32\\cmd.exe', process.parent.name 'explorer.exe'
 */
export function windowsEvent(doc: Json, shape: WindowsShape, event: LogEvent, ctx: ParseContext): LogEvent {
  const record =
    shape === 'evtx'
      ? readEvtx(isObject(own(doc, 'Event')) ? (own(doc, 'Event') as Json) : doc)
      : shape === 'winlogbeat'
        ? readWinlogbeat(doc, ctx.timezone)
        : shape === 'nxlog'
          ? readNxlog(doc, ctx.timezone)
          : readSentinel(doc, ctx.timezone);
  completeRecord(record);
  toEvent(record, event, ctx);
  return event;
}

// -------------------------------------------------------------------------------------------
// The four shapes

function readWinlogbeat(doc: Json, zone: string | undefined): WindowsRecord {
  const winlog = own(doc, 'winlog') as Json;
  const ecs = isObject(own(doc, 'event')) ? (own(doc, 'event') as Json) : {};
  const user = own(winlog, 'user');
  const outcome = own(ecs, 'outcome');
  const keywords = own(winlog, 'keywords');
  return {
    channel: text(own(winlog, 'channel')),
    provider: text(own(winlog, 'provider_name')) ?? text(own(ecs, 'provider')),
    providerGuid: text(own(winlog, 'provider_guid')),
    eventId: text(own(winlog, 'event_id')) ?? text(own(ecs, 'code')),
    version: integer(own(winlog, 'version')),
    level: level(own(winlog, 'level') ?? own(own(doc, 'log'), 'level')),
    task: text(own(winlog, 'task')),
    opcode: text(own(winlog, 'opcode')),
    keywords: Array.isArray(keywords) ? keywords.filter((k): k is string => typeof k === 'string') : undefined,
    recordId: text(own(winlog, 'record_id')),
    computer: text(own(winlog, 'computer_name')),
    timeCreated: timestamp(own(winlog, 'time_created')),
    otherTime: timestamp(own(doc, '@timestamp'), zone),
    pid: integer(own(own(winlog, 'process'), 'pid')),
    threadId: integer(own(own(own(winlog, 'process'), 'thread'), 'id')),
    activityId: text(own(winlog, 'activity_id')),
    user: {
      identifier: text(own(user, 'identifier')),
      name: text(own(user, 'name')),
      domain: text(own(user, 'domain')),
      type: text(own(user, 'type')),
    },
    eventData: dataFields(own(winlog, 'event_data')),
    userData: isObject(own(winlog, 'user_data')) ? dataFields(own(winlog, 'user_data')) : undefined,
    message: text(own(doc, 'message')),
    outcome: outcome === 'success' || outcome === 'failure' || outcome === 'unknown' ? outcome : undefined,
  };
}

/** winlogbeat's and the flat shapes' name → value maps, values as text. */
function dataFields(node: unknown): Json {
  const out: Json = {};
  if (!isObject(node)) return out;
  for (const [key, value] of Object.entries(node)) {
    const v = dataValue(value);
    if (v !== undefined) put(out, key, v);
  }
  return out;
}

/** `node[name]`'s XML attribute `attr`, in any of the converters' spellings. */
function attribute(parent: unknown, name: string, attr: string): string | undefined {
  const node = own(parent, name);
  return (
    text(own(own(node, '#attributes'), attr)) ??
    text(own(node, `@${attr}`)) ??
    text(own(own(node, '_attributes'), attr)) ??
    text(own(own(node, '$'), attr)) ??
    text(own(own(parent, `${name}_attributes`), attr))
  );
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * evtx renders GUID-typed values bare and upper case (`0197231E-005A-…`); the event log's own XML,
 * and so winlogbeat and NXLog, write `{0197231e-005a-…}`. Written the latter way so the shapes agree.
 */
const braceGuid = (value: string): string => (GUID.test(value) ? `{${value.toLowerCase()}}` : value);

/** A header GUID (provider, activity) braced and lower case, as winlogbeat has them, from any shape. */
const headerGuid = (value: string | undefined): string | undefined =>
  value === undefined ? undefined : braceGuid(value.replace(/^\{(.*)\}$/, '$1'));

function readEvtx(root: Json): WindowsRecord {
  const system = isObject(own(root, 'System')) ? (own(root, 'System') as Json) : {};
  const eventData = readEventData(own(root, 'EventData'));
  for (const [key, value] of Object.entries(eventData)) if (typeof value === 'string') put(eventData, key, braceGuid(value));
  const userData = isObject(own(root, 'UserData')) ? readUserData(own(root, 'UserData') as Json) : undefined;
  const opcode = text(own(system, 'Opcode'));
  return {
    channel: text(own(system, 'Channel')),
    provider: attribute(system, 'Provider', 'Name') ?? attribute(system, 'Provider', 'EventSourceName'),
    providerGuid: attribute(system, 'Provider', 'Guid'),
    eventId: text(own(system, 'EventID')),
    version: integer(text(own(system, 'Version'))),
    level: level(text(own(system, 'Level'))),
    opcode: opcode !== undefined && /^\d+$/.test(opcode) ? OPCODES[opcode] : opcode,
    keywords: keywordNames(text(own(system, 'Keywords'))),
    recordId: text(own(system, 'EventRecordID')),
    computer: text(own(system, 'Computer')),
    timeCreated: timestamp(attribute(system, 'TimeCreated', 'SystemTime'), 'UTC'),
    pid: integer(attribute(system, 'Execution', 'ProcessID')),
    threadId: integer(attribute(system, 'Execution', 'ThreadID')),
    activityId: attribute(system, 'Correlation', 'ActivityID'),
    user: { identifier: attribute(system, 'Security', 'UserID') },
    eventData,
    userData,
  };
}

/**
 * EventData as evtx_dump writes it (named `<Data>` as keys, unnamed as `Data`) or xmltodict does
 * (`Data: [{"@Name": …, "#text": …}]`); unnamed values become `param1`, `param2`… as in winlogbeat.
 */
function readEventData(node: unknown): Json {
  const out: Json = {};
  let unnamed = 0;
  const addUnnamed = (value: unknown) => {
    for (const item of Array.isArray(value) ? value : [value]) {
      const v = dataValue(item);
      if (v !== undefined) put(out, `param${++unnamed}`, v);
    }
  };
  if (!isObject(node)) {
    addUnnamed(node);
    return out;
  }
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('#') || key.startsWith('@') || key === 'xmlns' || key === '_attributes' || key === '$') continue;
    if (key !== 'Data') {
      const v = dataValue(value);
      if (v !== undefined) put(out, key, v);
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      const name = isObject(item)
        ? (text(own(own(item, '#attributes'), 'Name')) ?? text(own(item, '@Name')) ?? text(own(item, 'Name')))
        : undefined;
      if (name === undefined) {
        addUnnamed(isObject(item) && Object.hasOwn(item, '#text') ? item['#text'] : item);
        continue;
      }
      const v = dataValue(own(item, '#text') ?? own(item, 'value'));
      if (v !== undefined) put(out, name, v);
    }
  }
  return out;
}

/** UserData's one child element: its fields, and its name as winlogbeat's `xml_name`. */
function readUserData(node: Json): Json | undefined {
  const name = Object.keys(node).find((key) => !key.startsWith('#') && !key.startsWith('@'));
  if (name === undefined) return undefined;
  const fields = readEventData(node[name]);
  return { xml_name: name, ...fields };
}

/** NXLog's own keys; everything else in an NXLog record is EventData. */
const NXLOG_KEYS = new Set([
  ...words(`
    EventTime EventReceivedTime Hostname Keywords EventType SeverityValue Severity EventID SourceName ProviderGuid
    Version Task OpcodeValue Opcode RecordNumber ActivityID RelatedActivityID ProcessID ThreadID Channel Domain
    AccountName UserID AccountType Category Message SourceModuleName SourceModuleType ERROR_EVT_UNRESOLVED
  `),
  // Added on the way by Logstash and the Mordor datasets' pipeline.
  ...words('@timestamp @version host port tags Level TimeCreated ExecutionProcessID EventTypeOrignal'),
]);

function readNxlog(doc: Json, zone: string | undefined): WindowsRecord {
  const eventData: Json = {};
  for (const [key, value] of Object.entries(doc)) {
    if (NXLOG_KEYS.has(key)) continue;
    const v = dataValue(value);
    if (v !== undefined) put(eventData, key, v);
  }
  const eventType = text(own(doc, 'EventType'));
  const keywords = keywordNames(own(doc, 'Keywords')) ?? [];
  if (eventType === 'AUDIT_SUCCESS' && !keywords.includes('Audit Success')) keywords.push('Audit Success');
  if (eventType === 'AUDIT_FAILURE' && !keywords.includes('Audit Failure')) keywords.push('Audit Failure');
  const tags = own(doc, 'tags');
  return {
    channel: text(own(doc, 'Channel')),
    provider: text(own(doc, 'SourceName')),
    providerGuid: text(own(doc, 'ProviderGuid')),
    eventId: text(own(doc, 'EventID')),
    version: integer(own(doc, 'Version')),
    // NXLog's Severity is ERROR for every audit failure; the record's Level is what winlogbeat reports.
    level: level(own(doc, 'Level')) ?? (eventType?.startsWith('AUDIT_') ? 'information' : level(own(doc, 'Severity'))),
    task: text(own(doc, 'Category')),
    opcode: text(own(doc, 'Opcode')),
    keywords: keywords.length > 0 ? keywords : undefined,
    recordId: text(own(doc, 'RecordNumber')),
    computer: text(own(doc, 'Hostname')),
    // NXLog's EventTime is local time without an offset. The Mordor datasets add a TimeCreated,
    // in UTC when it says `Z`, else local on a 12-hour clock (`07:50` for 19:50): a time with an
    // offset (theirs, or Logstash's @timestamp) is taken before one without.
    timeCreated: zoned(own(doc, 'TimeCreated')),
    otherTime:
      timestamp(own(doc, '@timestamp'), zone) ?? timestamp(own(doc, 'EventTime'), zone) ?? timestamp(own(doc, 'TimeCreated'), zone),
    pid: integer(own(doc, 'ExecutionProcessID') ?? own(doc, 'ProcessID')),
    threadId: integer(own(doc, 'ThreadID')),
    activityId: text(own(doc, 'ActivityID')),
    user: {
      identifier: text(own(doc, 'UserID')),
      name: text(own(doc, 'AccountName')),
      domain: text(own(doc, 'Domain')),
      type: text(own(doc, 'AccountType')),
    },
    eventData,
    message: text(own(doc, 'Message')),
    tags: Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : undefined,
  };
}

/** Sentinel's own columns, and the ones it derives from the data (`Account`, `LogonTypeName`…). */
const SENTINEL_KEYS = new Set(
  words(`
  TenantId SourceSystem TimeGenerated TimeCollected Computer EventID MG ManagementGroupName Type _ResourceId
  EventSourceName Source Channel EventLog Task Level EventLevel EventLevelName Keywords Activity
  SourceComputerId EventOriginId Account AccountType SubjectAccount TargetAccount LogonTypeName
  RenderedDescription UserName EventData ParameterXml EventCategory InstanceId
  `),
);

/** Suffixes Log Analytics adds to a column whose type differs from the table's. */
const COLUMN_SUFFIX = /_(?:string|dynamic|int|long|real|bool|datetime|guid)$/;

function readSentinel(doc: Json, zone: string | undefined): WindowsRecord {
  const eventData: Json = {};
  for (const [key, value] of Object.entries(doc)) {
    const name = key.replace(COLUMN_SUFFIX, '');
    if (SENTINEL_KEYS.has(name) || (name !== key && Object.hasOwn(doc, name))) continue;
    const v = dataValue(value);
    if (v !== undefined) put(eventData, name, v);
  }
  // `EventData_dynamic`: the unnamed values of a record as a JSON list.
  const list = own(doc, 'EventData_dynamic');
  if (typeof list === 'string' && list.startsWith('[')) {
    try {
      const values: unknown = JSON.parse(list);
      if (Array.isArray(values)) {
        for (const [i, v] of values.entries()) if (typeof v !== 'object') put(eventData, `param${i + 1}`, dataValue(v));
      }
    } catch {
      // Not a list after all: left to log.original.
    }
  }
  const account = text(own(doc, 'UserName'));
  const slash = account?.indexOf('\\') ?? -1;
  const levelName = text(own(doc, 'EventLevelName'));
  return {
    channel: text(own(doc, 'Channel')) ?? text(own(doc, 'EventLog')),
    provider: text(own(doc, 'EventSourceName')) ?? text(own(doc, 'Source')),
    eventId: text(own(doc, 'EventID')),
    level: level(levelName?.toLowerCase().startsWith('audit') ? undefined : levelName),
    keywords: levelName === 'Audit Success' || levelName === 'Audit Failure' ? [levelName] : undefined,
    computer: text(own(doc, 'Computer')),
    otherTime: timestamp(own(doc, 'TimeGenerated'), zone),
    user: { name: slash < 0 ? account : account?.slice(slash + 1), domain: slash < 0 ? undefined : account?.slice(0, slash) },
    eventData,
    message: text(own(doc, 'RenderedDescription')) ?? text(own(doc, 'Activity')),
  };
}

// -------------------------------------------------------------------------------------------
// Header fields

const LEVELS: Record<string, string> = {
  '0': 'information',
  '1': 'critical',
  '2': 'error',
  '3': 'warning',
  '4': 'information',
  '5': 'verbose',
};
const LEVEL_NAMES: Record<string, string> = { info: 'information', warn: 'warning', debug: 'verbose' };

/** winlogbeat's level names from a Level number or a name (NXLog's `INFO`, `WARNING`…). */
function level(value: unknown): string | undefined {
  const s = text(value);
  if (s === undefined) return undefined;
  if (/^\d+$/.test(s)) return LEVELS[s];
  const lower = s.toLowerCase();
  return LEVEL_NAMES[lower] ?? lower;
}

const OPCODES: Record<string, string> = {
  '0': 'Info',
  '1': 'Start',
  '2': 'Stop',
  '3': 'DCStart',
  '4': 'DCStop',
  '5': 'Extension',
  '6': 'Reply',
  '7': 'Resume',
  '8': 'Suspend',
  '9': 'Send',
  '240': 'Receive',
};

/** The standard keyword bits winlogbeat names (winmeta.xml); a provider's own bits need its manifest. */
const KEYWORDS: [bit: bigint, name: string][] = [
  [0x10000000000000n, 'Audit Failure'],
  [0x20000000000000n, 'Audit Success'],
  [0x80000000000000n, 'Classic'],
];

/** Keyword names from the mask as evtx writes it (`0x8020000000000000`) or NXLog does (a signed 64-bit number). */
function keywordNames(value: unknown): string[] | undefined {
  let mask: bigint;
  if (typeof value === 'string' && /^0x[0-9a-f]{1,16}$/i.test(value)) mask = BigInt(value);
  else if (typeof value === 'string' && /^-?\d{1,20}$/.test(value)) mask = BigInt.asUintN(64, BigInt(value));
  else if (typeof value === 'number' && Number.isInteger(value)) mask = BigInt.asUintN(64, BigInt(value));
  else return undefined;
  const names = KEYWORDS.filter(([bit]) => (mask & bit) !== 0n).map(([, name]) => name);
  return names.length > 0 ? names : undefined;
}

/** An ISO 8601 time that says its offset (or `Z`), else undefined. */
function zoned(value: unknown): string | undefined {
  const s = text(value);
  return s !== undefined && /(?:Z|[+-]\d{2}:?\d{2})$/i.test(s) ? parseIsoTimestamp(s) : undefined;
}

/** ISO 8601 (in `zone` when it has none) to ISO UTC. */
function timestamp(value: unknown, zone?: string): string | undefined {
  const s = text(value);
  return s === undefined ? undefined : parseIsoTimestamp(s, zone);
}

const SYSMON_PROVIDER = 'Microsoft-Windows-Sysmon';
const SYSMON_CHANNEL = 'Microsoft-Windows-Sysmon/Operational';
const SECURITY_PROVIDER = 'Microsoft-Windows-Security-Auditing';
const CHANNELS: Record<string, string> = {
  security: 'Security',
  system: 'System',
  application: 'Application',
  [SYSMON_CHANNEL.toLowerCase()]: SYSMON_CHANNEL,
};

/** Fills what one shape leaves out and the others have: the provider of a known channel, the channel's case. */
function completeRecord(record: WindowsRecord): void {
  record.providerGuid = headerGuid(record.providerGuid);
  record.activityId = headerGuid(record.activityId);
  if (record.channel) record.channel = CHANNELS[record.channel.toLowerCase()] ?? record.channel;
  if (!record.provider && record.channel === SYSMON_CHANNEL) record.provider = SYSMON_PROVIDER;
  const id = Number(record.eventId);
  if (!record.provider && record.channel === 'Security' && id >= 4608 && id < 7000) record.provider = SECURITY_PROVIDER;
  if (!record.channel && record.provider === SYSMON_PROVIDER) record.channel = SYSMON_CHANNEL;
  if (record.userData && Object.keys(record.eventData).length === 0) {
    for (const [key, value] of Object.entries(record.userData)) if (key !== 'xml_name') put(record.eventData, key, value);
  }
}

// -------------------------------------------------------------------------------------------
// The event

function toEvent(record: WindowsRecord, event: LogEvent, ctx: ParseContext): void {
  const winlog: NonNullable<LogEvent['winlog']> = {};
  const assign = <K extends keyof typeof winlog>(key: K, value: (typeof winlog)[K] | undefined) => {
    if (value !== undefined) winlog[key] = value;
  };
  assign('channel', record.channel);
  assign('provider_name', record.provider);
  assign('provider_guid', record.providerGuid);
  assign('event_id', record.eventId);
  assign('record_id', record.recordId);
  assign('computer_name', record.computer);
  assign('task', record.task);
  assign('opcode', record.opcode);
  assign('keywords', record.keywords);
  assign('level', record.level);
  if (record.pid !== undefined || record.threadId !== undefined) {
    winlog.process = {};
    if (record.pid !== undefined) winlog.process.pid = record.pid;
    if (record.threadId !== undefined) winlog.process.thread = { id: record.threadId };
  }
  const user = Object.fromEntries(Object.entries(record.user).filter(([, v]) => v !== undefined));
  if (Object.keys(user).length > 0) winlog.user = user;
  winlog.event_data = record.eventData;
  if (record.userData) winlog.user_data = record.userData;
  event.winlog = winlog;
  setField(event, 'winlog.version', record.version);
  setField(event, 'winlog.activity_id', record.activityId);
  setField(event, 'winlog.time_created', record.timeCreated);

  const ed = record.eventData;
  const sysmon = record.provider === SYSMON_PROVIDER;
  const security = record.channel === 'Security' || record.provider === SECURITY_PROVIDER;
  const sysmonTime = sysmon ? timestamp(own(ed, 'UtcTime'), 'UTC') : undefined;
  event['@timestamp'] = sysmonTime ?? record.timeCreated ?? record.otherTime ?? ctx.receivedAt.toISOString();
  if (sysmon) setField(event, 'event.created', record.timeCreated);
  event.event.kind = 'event';
  setField(event, 'event.code', record.eventId);
  setField(event, 'event.provider', record.provider);
  if (record.computer && !event.host?.name) setField(event, 'host.name', record.computer);
  setField(event, 'log.level', record.level);
  setField(event, 'message', record.message);
  if (record.tags?.length) event.tags = record.tags;
  const outcome = record.keywords?.includes('Audit Failure')
    ? 'failure'
    : record.keywords?.includes('Audit Success')
      ? 'success'
      : undefined;
  setField(event, 'event.outcome', outcome ?? record.outcome);

  if (record.eventId === undefined) return;
  if (sysmon) sysmonFields(event, ed, record.eventId);
  else if (security) securityFields(event, ed, record.eventId);
}

/** `setField` of an EventData value that is present (not empty, `-` or the zero GUID). */
function copy(event: LogEvent, path: string, ed: Json, name: string): void {
  setField(event, path, present(own(ed, name)));
}

/** Sets a path only while it is unset: Elastic's `rename`, which fails when the target exists. */
function setOnce(event: LogEvent, path: string, value: unknown): void {
  if (value === undefined) return;
  const [head, ...rest] = path.split('.');
  let node: unknown = head === undefined ? undefined : own(event, head);
  for (const part of rest) node = own(node, part);
  if (node === undefined) setField(event, path, value);
}

const BACKSLASH = 0x5c;
const QUOTE = 0x22;

/** The last `\`-separated part of a Windows path. */
function baseName(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const i = path.lastIndexOf('\\');
  return i < 0 ? undefined : path.slice(i + 1) || undefined;
}

/**
 * Windows' CommandLineToArgvW rules (with the "before 2008" reading of a doubled quote), as
 * Elastic's sysmon pipeline and Go's os/exec split. Elastic's security pipeline splits 4688's
 * command line on unquoted spaces instead, keeping the quotes and making an empty argument of
 * each repeated space; secai splits both channels the Windows way.
 *
 * @example
 * splitCommandLine('"C:\\Program Files\\a.exe" -x "b c"') // ['C:\\Program Files\\a.exe', '-x', 'b c']
 */
export function splitCommandLine(line: string): string[] {
  const args: string[] = [];
  const blank = (c: number) => c === 0x20 || c === 0x09;
  let i = 0;
  while (i < line.length) {
    while (i < line.length && blank(line.charCodeAt(i))) i++;
    if (i >= line.length) break;
    let arg = '';
    let quoted = false;
    // Characters are copied in runs (from `run` to `i`), not one by one: a 64 KB argument stays fast.
    let run = i;
    while (i < line.length) {
      const c = line.charCodeAt(i);
      if (blank(c) && !quoted) break;
      if (c === BACKSLASH) {
        let end = i;
        while (line.charCodeAt(end) === BACKSLASH) end++;
        if (line.charCodeAt(end) !== QUOTE) {
          // Backslashes not before a quote are themselves.
          i = end;
          continue;
        }
        const slashes = end - i;
        arg += line.slice(run, i) + '\\'.repeat(slashes >> 1);
        i = end;
        run = end;
        if (slashes % 2 === 1) {
          // An escaped quote.
          arg += '"';
          run = ++i;
          continue;
        }
      }
      if (line.charCodeAt(i) === QUOTE) {
        arg += line.slice(run, i);
        if (quoted && line.charCodeAt(i + 1) === QUOTE) {
          arg += '"';
          i++;
        }
        quoted = !quoted;
        run = ++i;
        continue;
      }
      i++;
    }
    args.push(arg + line.slice(run, i));
  }
  return args;
}

/** Sysmon `Hashes` (`SHA1=…,MD5=…,IMPHASH=…`) lower-cased, all-zero hashes dropped. */
function hashes(value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (value ?? '').split(',')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const name = pair.slice(0, eq).trim().toLowerCase();
    const hash = pair
      .slice(eq + 1)
      .trim()
      .toLowerCase();
    if (/^(?:md5|sha1|sha256|imphash)$/.test(name) && hash !== '' && !/^0+$/.test(hash)) out[name] = hash;
  }
  return out;
}

/**
 * Elastic's categorization per event id. `failure` is also set on the failed logons (4625, 4771),
 * which Elastic leaves to the `Audit Failure` keyword: exports without keywords still say so.
 */
type Categorization = readonly [category: readonly string[], type: readonly string[], action: string, outcome?: 'failure'];

/** Elastic's sysmon table; 7 as its current pipeline sets it (the corpus's expected document). */
const SYSMON: Record<string, Categorization> = {
  '1': [['process'], ['start'], 'Process creation'],
  '2': [['file'], ['change'], 'A process changed a file creation time'],
  '3': [['network'], ['start', 'connection', 'protocol'], 'Network connection'],
  '4': [['process'], ['change'], 'Sysmon service state changed'],
  '5': [['process'], ['end'], 'Process terminated'],
  '6': [['driver'], ['start'], 'Driver loaded'],
  '7': [['process', 'library'], ['change', 'start'], 'Image loaded'],
  '8': [['process'], ['change'], 'CreateRemoteThread'],
  '9': [['process'], ['access'], 'RawAccessRead'],
  '10': [['process'], ['access'], 'ProcessAccess'],
  '11': [['file'], ['creation'], 'FileCreate'],
  '12': [['configuration', 'registry'], ['change'], 'RegistryEvent (Object create and delete)'],
  '13': [['configuration', 'registry'], ['change'], 'RegistryEvent (Value Set)'],
  '14': [['configuration', 'registry'], ['change'], 'RegistryEvent (Key and Value Rename)'],
  '15': [['file'], ['access'], 'FileCreateStreamHash'],
  '16': [['configuration'], ['change'], 'ServiceConfigurationChange'],
  '17': [['file'], ['creation'], 'PipeEvent (Pipe Created)'],
  '18': [['file'], ['access'], 'PipeEvent (Pipe Connected)'],
  '19': [['process'], ['info'], 'WmiEvent (WmiEventFilter activity detected)'],
  '20': [['process'], ['change'], 'WmiEvent (WmiEventConsumer activity detected)'],
  '21': [['process'], ['access'], 'WmiEvent (WmiEventConsumerToFilter activity detected)'],
  '22': [['network'], ['connection', 'protocol', 'info'], 'DNSEvent (DNS query)'],
  '23': [['file'], ['deletion'], 'FileDelete (File Delete archived)'],
  '24': [[], ['change'], 'ClipboardChange (New content in the clipboard)'],
  '25': [['process'], ['change'], 'ProcessTampering (Process image change)'],
  '26': [['file'], ['deletion'], 'FileDeleteDetected (File Delete logged)'],
  '27': [['file'], ['creation'], 'FileBlockExecutable', 'failure'],
  '28': [['file'], ['deletion'], 'FileBlockShredding'],
  '29': [['file'], ['creation'], 'FileExecutableDetected'],
  '255': [['process'], [], 'Error', 'failure'],
};

const HIVES: Record<string, string> = {
  HKEY_CLASSES_ROOT: 'HKCR',
  HKCR: 'HKCR',
  HKEY_CURRENT_CONFIG: 'HKCC',
  HKCC: 'HKCC',
  HKEY_CURRENT_USER: 'HKCU',
  HKCU: 'HKCU',
  HKEY_DYN_DATA: 'HKDD',
  HKDD: 'HKDD',
  HKEY_LOCAL_MACHINE: 'HKLM',
  HKLM: 'HKLM',
  HKEY_PERFORMANCE_DATA: 'HKPD',
  HKPD: 'HKPD',
  HKEY_USERS: 'HKU',
  HKU: 'HKU',
};

const DNS_TYPES: Record<string, string> = {
  '1': 'A',
  '2': 'NS',
  '5': 'CNAME',
  '6': 'SOA',
  '12': 'PTR',
  '15': 'MX',
  '16': 'TXT',
  '28': 'AAAA',
  '33': 'SRV',
};

/** The ECS fields of Elastic's windows.sysmon_operational pipeline, in its order (its renames keep the first value). */
function sysmonFields(event: LogEvent, ed: Json, code: string): void {
  categorize(event, SYSMON[code]);
  const hash = hashes(present(own(ed, 'Hashes')) ?? present(own(ed, 'Hash')));
  addRelated(event, 'hash', ...Object.values(hash));

  // Process
  setOnce(event, 'process.entity_id', present(own(ed, 'ProcessGuid')));
  setOnce(event, 'process.entity_id', present(own(ed, 'SourceProcessGuid')) ?? present(own(ed, 'SourceProcessGUID')));
  setField(event, 'process.pid', integer(present(own(ed, 'SourceProcessId')) ?? present(own(ed, 'ProcessId'))));
  setField(event, 'process.thread.id', integer(present(own(ed, 'SourceThreadId'))));
  setOnce(event, 'process.executable', present(own(ed, 'Image')) ?? present(own(ed, 'SourceImage')) ?? present(own(ed, 'Destination')));
  copy(event, 'process.command_line', ed, 'CommandLine');
  copy(event, 'process.working_directory', ed, 'CurrentDirectory');
  copy(event, 'process.parent.entity_id', ed, 'ParentProcessGuid');
  setField(event, 'process.parent.pid', integer(present(own(ed, 'ParentProcessId'))));
  copy(event, 'process.parent.executable', ed, 'ParentImage');
  copy(event, 'process.parent.command_line', ed, 'ParentCommandLine');
  const peOf = code === '7' ? 'file' : 'process';
  copy(event, `${peOf}.pe.original_file_name`, ed, 'OriginalFileName');
  copy(event, `${peOf}.pe.company`, ed, 'Company');
  copy(event, `${peOf}.pe.description`, ed, 'Description');
  copy(event, `${peOf}.pe.file_version`, ed, 'FileVersion');
  copy(event, `${peOf}.pe.product`, ed, 'Product');
  const commandLine = str(event.process?.command_line);
  const parentCommandLine = str(event.process?.parent?.command_line);
  if (commandLine) setField(event, 'process.args', splitCommandLine(commandLine));
  if (parentCommandLine) setField(event, 'process.parent.args', splitCommandLine(parentCommandLine));
  setField(event, 'process.name', baseName(str(event.process?.executable)));
  setField(event, 'process.parent.name', baseName(str(event.process?.parent?.executable)));
  const { imphash, ...fileHashes } = hash;
  if (['1', '23', '24', '25'].includes(code)) {
    if (Object.keys(fileHashes).length > 0) setField(event, 'process.hash', fileHashes);
    setField(event, 'process.pe.imphash', imphash);
  }

  // File
  if (['6', '7', '15', '26', '29'].includes(code)) {
    if (Object.keys(fileHashes).length > 0) setField(event, 'file.hash', { ...fileHashes });
    setField(event, 'file.pe.imphash', imphash);
  }
  setOnce(event, 'file.path', present(own(ed, 'TargetFilename')) ?? present(own(ed, 'Device')) ?? present(own(ed, 'ImageLoaded')));
  copy(event, 'file.name', ed, 'PipeName');
  copy(event, 'file.code_signature.subject_name', ed, 'Signature');
  const signed = present(own(ed, 'Signed'));
  const signatureStatus = present(own(ed, 'SignatureStatus'));
  if (signed === 'true' || signed === 'false') setField(event, 'file.code_signature.signed', signed === 'true');
  // Sysmon writes why a signature failed in Signed (`failed: Invalid hash`): Elastic's current
  // pipeline gives that as the status and the signature as untrusted.
  const status = signatureStatus ?? (signed && signed !== 'true' && signed !== 'false' ? signed : undefined);
  setField(event, 'file.code_signature.status', status);
  if (signatureStatus === 'Valid') setField(event, 'file.code_signature.valid', true);
  if (signed && signed !== 'true' && signed !== 'false') setField(event, 'file.code_signature.trusted', false);
  const filePath = str(event.file?.path);
  if (filePath) {
    const name = baseName(filePath);
    if (name) {
      setField(event, 'file.name', name);
      setField(event, 'file.directory', filePath.slice(0, filePath.length - name.length - 1));
      // The extension of the name (Elastic takes the last dot of the whole path, directories included).
      const dot = name.lastIndexOf('.');
      if (dot >= 0) setField(event, 'file.extension', name.slice(dot + 1));
    }
  }
  if (code === '7' && filePath) {
    // The loaded module as ECS's dll: path, name, hashes, PE names, signature status.
    setField(event, 'dll.path', filePath);
    setField(event, 'dll.name', baseName(filePath));
    if (Object.keys(fileHashes).length > 0) setField(event, 'dll.hash', { ...fileHashes });
    setField(event, 'dll.pe.imphash', imphash);
    copy(event, 'dll.pe.original_file_name', ed, 'OriginalFileName');
    setField(event, 'dll.code_signature.status', status);
    if (signed && signed !== 'true' && signed !== 'false') setField(event, 'dll.code_signature.trusted', false);
  }

  // Network
  const transport = present(own(ed, 'Protocol'));
  copy(event, 'network.transport', ed, 'Protocol');
  if (code === '22') setField(event, 'network.protocol', 'dns');
  else setField(event, 'network.protocol', present(own(ed, 'DestinationPortName')) ?? present(own(ed, 'SourcePortName')));
  copy(event, 'source.ip', ed, 'SourceIp');
  copy(event, 'source.domain', ed, 'SourceHostname');
  setField(event, 'source.port', integer(present(own(ed, 'SourcePort'))));
  copy(event, 'destination.ip', ed, 'DestinationIp');
  copy(event, 'destination.domain', ed, 'DestinationHostname');
  setField(event, 'destination.port', integer(present(own(ed, 'DestinationPort'))));
  copy(event, 'dns.question.name', ed, 'QueryName');
  const initiated = present(own(ed, 'Initiated'));
  if (initiated === 'true') setField(event, 'network.direction', 'egress');
  if (initiated === 'false') setField(event, 'network.direction', 'ingress');
  const results = present(own(ed, 'QueryResults'));
  if (results) queryResults(event, results);
  addRelated(event, 'hosts', str(event.dns?.question?.name));
  const sourceIp = str(event.source?.ip);
  const destinationIp = str(event.destination?.ip);
  const port = (value: unknown) => (typeof value === 'number' ? value : undefined);
  if (transport && sourceIp && destinationIp) {
    setField(
      event,
      'network.community_id',
      communityId(transport, sourceIp, port(event.source?.port), destinationIp, port(event.destination?.port)),
    );
  }

  // User: the record's security identifier (Sysmon runs as SYSTEM), the User data split.
  setField(event, 'user.id', event.winlog?.user?.identifier);
  const parts = present(own(ed, 'User'))?.split('\\');
  if (parts?.length === 2) {
    setField(event, 'user.domain', parts[0]);
    setField(event, 'user.name', parts[1]);
  }
  copy(event, 'rule.name', ed, 'RuleName');
  if (code === '255') copy(event, 'error.code', ed, 'ID');
  if (code === '25') copy(event, 'message', ed, 'Type');
  addRelated(event, 'user', str(event.user?.name));
  addRelated(event, 'ip', str(event.source?.ip), str(event.destination?.ip));

  // Registry
  const target = present(own(ed, 'TargetObject'));
  if (target && ['12', '13', '14'].includes(code)) registry(event, target, present(own(ed, 'Details')));
}

function categorize(event: LogEvent, known: Categorization | undefined): void {
  if (!known) return;
  const [category, type, action, outcome] = known;
  if (category.length > 0) event.event.category = [...category];
  if (type.length > 0) event.event.type = [...type];
  event.event.action = action;
  if (outcome) event.event.outcome = outcome;
}

/** Sysmon 22's `type:  5 host;::ffff:1.2.3.4;` answers as dns.answers, dns.resolved_ip, related. */
function queryResults(event: LogEvent, results: string): void {
  const answers: { type?: string; data?: string }[] = [];
  const ips: string[] = [];
  for (const answer of results.split(';')) {
    if (answer === '') continue;
    if (answer.startsWith('type:')) {
      const [, type = '', data] = answer.split(/\s+/);
      answers.push(data === undefined ? { type: DNS_TYPES[type] ?? type } : { type: DNS_TYPES[type] ?? type, data });
      addRelated(event, 'hosts', data);
    } else ips.push(answer.replace(/^\[?::ffff:(\d+\.\d+\.\d+\.\d+)(?:\](?::\d+)?)?$/, '$1'));
  }
  for (const ip of ips) answers.push({ type: ip.includes(':') ? 'AAAA' : 'A', data: ip });
  if (answers.length > 0) setField(event, 'dns.answers', answers);
  if (ips.length > 0) setField(event, 'dns.resolved_ip', ips);
  addRelated(event, 'ip', ...ips);
}

/** Sysmon 12–14's TargetObject and Details as registry.* (Elastic's script, data types included). */
function registry(event: LogEvent, path: string, details: string | undefined): void {
  setField(event, 'registry.path', path);
  const tokens = path.split('\\');
  const hive = HIVES[tokens[0] ?? ''];
  if (hive) {
    setField(event, 'registry.hive', hive);
    if (tokens.length > 1) setField(event, 'registry.key', tokens.slice(1).join('\\'));
  }
  setField(event, 'registry.value', tokens[tokens.length - 1]);
  if (!details) return;
  const qword = /^QWORD \((0x[0-9A-F]{8})-(0x[0-9A-F]{8})\)$/i.exec(details);
  const dword = /^DWORD \((0x[0-9A-F]{8})\)$/i.exec(details);
  if (qword) {
    // Elastic's high << 8: the value as its pipeline computes it.
    const value = (BigInt(qword[1] ?? '0') << 8n) + BigInt(qword[2] ?? '0');
    setField(event, 'registry.data', { strings: [value.toString()], type: 'SZ_QWORD' });
  } else if (dword) setField(event, 'registry.data', { strings: [String(Number(dword[1]))], type: 'SZ_DWORD' });
  else setField(event, 'registry.data', { strings: [details], type: details === 'Binary Data' ? 'REG_BINARY' : 'REG_SZ' });
}

// -------------------------------------------------------------------------------------------
// Security

/** Elastic's system.security table: [categories, types, action] per event id. */
const SECURITY: Record<string, Categorization> = {
  '1100': [['process'], ['end'], 'logging-service-shutdown'],
  '1102': [['iam'], ['admin', 'change'], 'audit-log-cleared'],
  '1104': [['iam'], ['admin'], 'logging-full'],
  '1105': [['iam'], ['admin'], 'auditlog-archieved'],
  '1108': [['iam'], ['admin'], 'logging-processing-error'],
  '4610': [['configuration'], ['access'], 'authentication-package-loaded'],
  '4611': [['configuration'], ['change'], 'trusted-logon-process-registered'],
  '4614': [['configuration'], ['access'], 'notification-package-loaded'],
  '4616': [['configuration'], ['change'], 'system-time-changed'],
  '4622': [['configuration'], ['access'], 'security-package-loaded'],
  '4624': [['authentication'], ['start'], 'logged-in'],
  '4625': [['authentication'], ['start'], 'logon-failed', 'failure'],
  '4634': [['authentication'], ['end'], 'logged-out'],
  '4647': [['authentication'], ['end'], 'logged-out'],
  '4648': [['authentication'], ['start'], 'logged-in-explicit'],
  '4657': [['registry', 'configuration'], ['change'], 'registry-value-modified'],
  '4670': [['iam', 'configuration'], ['admin', 'change'], 'permissions-changed'],
  '4672': [['iam'], ['admin'], 'logged-in-special'],
  '4673': [['iam'], ['admin'], 'privileged-service-called'],
  '4674': [['iam'], ['admin'], 'privileged-operation'],
  '4688': [['process'], ['start'], 'created-process'],
  '4689': [['process'], ['end'], 'exited-process'],
  '4697': [['iam', 'configuration'], ['admin', 'change'], 'service-installed'],
  '4698': [['iam', 'configuration'], ['creation', 'admin'], 'scheduled-task-created'],
  '4699': [['iam', 'configuration'], ['deletion', 'admin'], 'scheduled-task-deleted'],
  '4700': [['iam', 'configuration'], ['change', 'admin'], 'scheduled-task-enabled'],
  '4701': [['iam', 'configuration'], ['change', 'admin'], 'scheduled-task-disabled'],
  '4702': [['iam', 'configuration'], ['change', 'admin'], 'scheduled-task-updated'],
  '4706': [['configuration'], ['creation'], 'domain-trust-added'],
  '4707': [['configuration'], ['deletion'], 'domain-trust-removed'],
  '4713': [['configuration'], ['change'], 'kerberos-policy-changed'],
  '4714': [['configuration'], ['change'], 'encrypted-data-recovery-policy-changed'],
  '4715': [['configuration'], ['change'], 'object-audit-policy-changed'],
  '4716': [['configuration'], ['change'], 'trusted-domain-information-changed'],
  '4717': [['iam', 'configuration'], ['admin', 'change'], 'system-security-access-granted'],
  '4718': [['iam', 'configuration'], ['admin', 'deletion'], 'system-security-access-removed'],
  '4719': [['iam', 'configuration'], ['admin', 'change'], 'changed-audit-config'],
  '4720': [['iam'], ['user', 'creation'], 'added-user-account'],
  '4722': [['iam'], ['user', 'change'], 'enabled-user-account'],
  '4723': [['iam'], ['user', 'change'], 'changed-password'],
  '4724': [['iam'], ['user', 'change'], 'reset-password'],
  '4725': [['iam'], ['user', 'deletion'], 'disabled-user-account'],
  '4726': [['iam'], ['user', 'deletion'], 'deleted-user-account'],
  '4727': [['iam'], ['group', 'creation'], 'added-group-account'],
  '4728': [['iam'], ['group', 'change'], 'added-member-to-group'],
  '4729': [['iam'], ['group', 'change'], 'removed-member-from-group'],
  '4730': [['iam'], ['group', 'deletion'], 'deleted-group-account'],
  '4731': [['iam'], ['group', 'creation'], 'added-group-account'],
  '4732': [['iam'], ['group', 'change'], 'added-member-to-group'],
  '4733': [['iam'], ['group', 'change'], 'removed-member-from-group'],
  '4734': [['iam'], ['group', 'deletion'], 'deleted-group-account'],
  '4735': [['iam'], ['group', 'change'], 'modified-group-account'],
  '4737': [['iam'], ['group', 'change'], 'modified-group-account'],
  '4738': [['iam'], ['user', 'change'], 'modified-user-account'],
  '4739': [['configuration'], ['change'], 'domain-policy-changed'],
  '4740': [['iam'], ['user', 'change'], 'locked-out-user-account'],
  '4741': [['iam'], ['creation', 'admin'], 'added-computer-account'],
  '4742': [['iam'], ['change', 'admin'], 'changed-computer-account'],
  '4743': [['iam'], ['deletion', 'admin'], 'deleted-computer-account'],
  '4744': [['iam'], ['group', 'creation'], 'added-distribution-group-account'],
  '4745': [['iam'], ['group', 'change'], 'changed-distribution-group-account'],
  '4746': [['iam'], ['group', 'change'], 'added-member-to-distribution-group'],
  '4747': [['iam'], ['group', 'change'], 'removed-member-from-distribution-group'],
  '4748': [['iam'], ['group', 'deletion'], 'deleted-distribution-group-account'],
  '4749': [['iam'], ['group', 'creation'], 'added-distribution-group-account'],
  '4750': [['iam'], ['group', 'change'], 'changed-distribution-group-account'],
  '4751': [['iam'], ['group', 'change'], 'added-member-to-distribution-group'],
  '4752': [['iam'], ['group', 'change'], 'removed-member-from-distribution-group'],
  '4753': [['iam'], ['group', 'deletion'], 'deleted-distribution-group-account'],
  '4754': [['iam'], ['group', 'creation'], 'added-group-account'],
  '4755': [['iam'], ['group', 'change'], 'modified-group-account'],
  '4756': [['iam'], ['group', 'change'], 'added-member-to-group'],
  '4757': [['iam'], ['group', 'change'], 'removed-member-from-group'],
  '4758': [['iam'], ['group', 'deletion'], 'deleted-group-account'],
  '4759': [['iam'], ['group', 'creation'], 'added-distribution-group-account'],
  '4760': [['iam'], ['group', 'change'], 'changed-distribution-group-account'],
  '4761': [['iam'], ['group', 'change'], 'added-member-to-distribution-group'],
  '4762': [['iam'], ['group', 'change'], 'removed-member-from-distribution-group'],
  '4763': [['iam'], ['group', 'deletion'], 'deleted-distribution-group-account'],
  '4764': [['iam'], ['group', 'change'], 'type-changed-group-account'],
  '4767': [['iam'], ['user', 'change'], 'unlocked-user-account'],
  '4768': [['authentication'], ['start'], 'kerberos-authentication-ticket-requested'],
  '4769': [['authentication'], ['start'], 'kerberos-service-ticket-requested'],
  '4770': [['authentication'], ['start'], 'kerberos-service-ticket-renewed'],
  '4771': [['authentication'], ['start'], 'kerberos-preauth-failed', 'failure'],
  '4776': [['authentication'], ['start'], 'credential-validated'],
  '4778': [['authentication', 'session'], ['start'], 'session-reconnected'],
  '4779': [['authentication', 'session'], ['end'], 'session-disconnected'],
  '4781': [['iam'], ['user', 'change'], 'renamed-user-account'],
  '4798': [['iam'], ['user', 'info'], 'group-membership-enumerated'],
  '4799': [['iam'], ['group', 'info'], 'user-member-enumerated'],
  '4817': [['iam', 'configuration'], ['admin', 'change'], 'object-audit-changed'],
  '4902': [['iam', 'configuration'], ['admin', 'creation'], 'user-audit-policy-created'],
  '4904': [['iam', 'configuration'], ['admin', 'change'], 'security-event-source-added'],
  '4905': [['iam', 'configuration'], ['admin', 'deletion'], 'security-event-source-removed'],
  '4906': [['iam', 'configuration'], ['admin', 'change'], 'crash-on-audit-changed'],
  '4907': [['iam', 'configuration'], ['admin', 'change'], 'audit-setting-changed'],
  '4908': [['iam', 'configuration'], ['admin', 'change'], 'special-group-table-changed'],
  '4912': [['iam', 'configuration'], ['admin', 'change'], 'per-user-audit-policy-changed'],
  '4950': [['configuration'], ['change'], 'windows-firewall-setting-changed'],
  '4954': [['configuration'], ['change'], 'windows-firewall-group-policy-changed'],
  '4964': [['iam'], ['admin', 'group'], 'logged-in-special'],
  '5024': [['process'], ['start'], 'windows-firewall-service-started'],
  '5025': [['process'], ['end'], 'windows-firewall-service-stopped'],
  '5033': [['driver'], ['start'], 'windows-firewall-driver-started'],
  '5034': [['driver'], ['end'], 'windows-firewall-driver-stopped'],
  '5037': [['driver'], ['end'], 'windows-firewall-driver-error'],
  '5140': [['network', 'file'], ['info', 'access'], 'network-share-object-accessed'],
  '5145': [['network', 'file'], ['info', 'access'], 'network-share-object-access-checked'],
};

const LOGON_TYPES: Record<string, string> = {
  '2': 'Interactive',
  '3': 'Network',
  '4': 'Batch',
  '5': 'Service',
  '7': 'Unlock',
  '8': 'NetworkCleartext',
  '9': 'NewCredentials',
  '10': 'RemoteInteractive',
  '11': 'CachedInteractive',
};

/** A set of event ids from `4624 4625 4722-4726`. */
const ids = (spec: string) =>
  new Set(
    spec.split(' ').flatMap((part) => {
      const [from = 0, to = from] = part.split('-').map(Number);
      return Array.from({ length: to - from + 1 }, (_, k) => String(from + k));
    }),
  );

/** Elastic's security pipeline: who each event names as the user, per event id. */
const TARGET_AS_USER = ids('4624 4625 4634 4647 4648 4768 4769 4770 4771 4776 4964');
const SUBJECT_AS_USER = ids(
  '1102 4648 4657 4670 4672-4674 4688 4689 4697-4702 4706 4707 4713 4716-4720 4722-4735 4737-4764 4767 4781 4798 4799 4817 4904 4905 4907 4912 5140 5145',
);
const TARGET_AS_TARGET = ids('4670 4720 4722-4726 4738 4740 4767 4798 4817 4907');
const TARGET_AS_EFFECTIVE = ids('4648 4688');
const GROUP_EVENTS = ids('4727-4735 4737 4744-4764 4799');
const COMMON_AUTH = ids(
  '1100 1102 1104 1105 1108 4624 4625 4648 4670 4673 4674 4689 4697 4719 4720 4722-4735 4737 4738 4740-4764 4767-4771 4798 4799 4817 4904 4905 4907 4912 5140 5145',
);
const RELATED_TARGET = ids('4688 4720 4722-4726 4738 4740 4767 4798');

/** The ECS fields of Elastic's system.security pipeline, in its order. */
function securityFields(event: LogEvent, ed: Json, code: string): void {
  categorize(event, SECURITY[code]);
  setField(event, 'winlog.logon.type', LOGON_TYPES[present(own(ed, 'LogonType')) ?? '']);
  const value = (name: string) => present(own(ed, name));
  const userName = (name: string | undefined) => name?.split('@')[0];

  if (code === '4778' || code === '4779') {
    setField(event, 'user.name', value('AccountName'));
    setField(event, 'user.domain', value('AccountDomain'));
    addRelated(event, 'user', value('AccountName'));
    setField(event, 'source.ip', value('ClientAddress'));
    addRelated(event, 'ip', value('ClientAddress'));
    setField(event, 'source.domain', value('ClientName'));
    setField(event, 'winlog.logon.id', value('LogonID'));
  }
  if (TARGET_AS_USER.has(code)) {
    // The first account named is the user; Elastic's script puts a second one in user.target.
    const into = (path: string, v: string | undefined) => setField(event, `user.${own(event.user, path) ? 'target.' : ''}${path}`, v);
    into('id', value('TargetUserSid') ?? value('TargetSid'));
    const name = userName(value('TargetUserName'));
    into('name', name);
    addRelated(event, 'user', name);
    into('domain', value('TargetDomainName'));
  }
  if (GROUP_EVENTS.has(code)) {
    const member = value('MemberName');
    if (member) {
      const parts = member.split(',');
      const name = parts[0]?.replace(/^cn=/i, '');
      setField(event, 'user.target.name', name);
      addRelated(event, 'user', name);
      if (parts.length >= 4) setField(event, 'user.target.domain', parts[3]?.replace(/^dc=/i, ''));
    }
    setField(event, 'group.id', value('TargetSid') ?? value('TargetUserSid'));
    setField(event, 'group.name', value('TargetUserName'));
    setField(event, 'group.domain', value('TargetDomainName')?.replace(/^dc=/i, ''));
  }
  if (['4634', '4647', '4964'].includes(code)) setField(event, 'winlog.logon.id', value('TargetLogonId'));
  if (SUBJECT_AS_USER.has(code)) {
    setField(event, 'user.id', value('SubjectUserSid'));
    setField(event, 'user.name', value('SubjectUserName'));
    addRelated(event, 'user', value('SubjectUserName'));
    setField(event, 'user.domain', value('SubjectDomainName'));
  }
  for (const [codes, who] of [
    [TARGET_AS_TARGET, 'target'],
    [TARGET_AS_EFFECTIVE, 'effective'],
  ] as const) {
    if (!codes.has(code)) continue;
    setField(event, `user.${who}.id`, who === 'target' ? value('TargetSid') : value('TargetUserSid'));
    const name = userName(value('TargetUserName'));
    setField(event, `user.${who}.name`, name);
    addRelated(event, 'user', name);
    setField(event, `user.${who}.domain`, value('TargetDomainName'));
  }
  setField(event, 'winlog.logon.id', value('SubjectLogonId'));

  if (COMMON_AUTH.has(code)) {
    setField(event, 'process.pid', integer(value('ProcessId')));
    setField(event, 'process.executable', value('ProcessName'));
    setField(event, 'source.ip', value('IpAddress'));
    setField(event, 'source.port', integer(value('IpPort')));
    setField(event, 'source.domain', value('WorkstationName'));
    addRelated(event, 'ip', value('ClientAddress'));
  }
  if (code === '4688') {
    setField(event, 'process.pid', integer(value('NewProcessId')));
    setField(event, 'process.executable', value('NewProcessName'));
    setField(event, 'process.parent.executable', value('ParentProcessName'));
    setField(event, 'process.parent.pid', integer(value('ProcessId')));
    const commandLine = value('CommandLine');
    if (commandLine) {
      setField(event, 'process.command_line', commandLine);
      setField(event, 'process.args', splitCommandLine(commandLine));
    }
  }
  const executable = str(event.process?.executable);
  const parentExecutable = str(event.process?.parent?.executable);
  if (executable) setField(event, 'process.name', baseName(executable) ?? executable);
  if (parentExecutable) setField(event, 'process.parent.name', baseName(parentExecutable) ?? parentExecutable);
  if (code === '4624' || code === '4648') addRelated(event, 'user', value('SubjectUserName'));
  if (RELATED_TARGET.has(code)) addRelated(event, 'user', value('TargetUserName'));
  setField(event, 'user.target.name', value('OldTargetUserName'));
  setField(event, 'user.changes.name', value('NewTargetUserName'));
  addRelated(event, 'user', value('NewTargetUserName'), value('OldTargetUserName'));
  addRelated(event, 'ip', str(event.source?.ip));

  if (code === '5140' || code === '5145') {
    const name = value('RelativeTargetName');
    const directory = value('ShareLocalPath');
    setField(event, 'file.name', name);
    setField(event, 'file.directory', directory);
    if (name && directory) setField(event, 'file.path', `${directory}\\${name}`);
    const dot = name?.lastIndexOf('.') ?? -1;
    if (name && dot >= 0) setField(event, 'file.extension', name.slice(dot + 1));
  }
}
