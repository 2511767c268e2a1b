import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CORPUS, corpusAvailable } from '../../_lib/corpus.js';
import { concatenatedObjects, csvCells } from '../_test/corpus-files.js';
import { agreement } from '../agreement.js';
import { flattenEvent, getField, type LogEvent, type ParseContext } from '../event.js';
import { jsonLines } from './json.js';
import { splitCommandLine, WINDOWS_CLAIMS, windowsShape } from './json-windows.js';

const corpusTest = corpusAvailable ? test : test.skip;
const ctx: ParseContext = { receivedAt: new Date('2020-04-28T11:07:58.223Z') };

function parsed(line: string, context: ParseContext = ctx): LogEvent {
  const outcome = jsonLines.parse(line, context);
  if (!outcome.ok) throw new Error(`refused: ${outcome.reason}\n${line}`);
  return outcome.event;
}

function fields(event: LogEvent, paths: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(paths.map((path) => [path, getField(event, path)]));
}

// ---------------------------------------------------------------------------------------------
// Elastic's pipeline tests: winlogbeat documents and what Elastic's sysmon and security pipelines make

/**
 * Per folder, the claimed fields compared. Sysmon: not `event.action`, which Elastic's current
 * sysmon pipeline makes a list (`["Image loaded", "load"]`) and ECS and secai a keyword.
 */
const FOLDERS: Record<string, readonly string[]> = {
  'elastic-integrations/windows/sysmon_operational': WINDOWS_CLAIMS.filter((path) => path !== 'event.action'),
  'elastic-package/system/security': WINDOWS_CLAIMS,
};

for (const [folder, claims] of Object.entries(FOLDERS)) {
  corpusTest(`agrees with Elastic's ${folder} pipeline on every claimed field`, () => {
    const dir = join(CORPUS, 'parsers', folder);
    const pairs = readdirSync(dir).filter((file) => file.endsWith('.json') && !file.endsWith('-expected.json'));
    let events = 0;
    let compared = 0;
    let agreed = 0;
    const mismatches: string[] = [];
    for (const file of pairs) {
      const input = (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { events: unknown[] }).events;
      const expected = (JSON.parse(readFileSync(join(dir, `${file}-expected.json`), 'utf8')) as { expected: Record<string, unknown>[] })
        .expected;
      assert.is(input.length, expected.length, file);
      input.forEach((doc, i) => {
        const ours = parsed(JSON.stringify(doc));
        const theirs = expected[i] as Record<string, unknown>;
        events++;
        const result = agreement(ours, theirs, claims);
        compared += result.compared;
        agreed += result.agreed;
        mismatches.push(...result.mismatches.map((m) => `${file}#${i} ${m}`));
        const mine = new Map(flattenEvent(ours));
        for (const [path, value] of flattenEvent(theirs)) {
          if (claims.includes(path) && !mine.has(path))
            mismatches.push(`${file}#${i} ${path}: missing, Elastic has ${JSON.stringify(value)}`);
        }
      });
    }
    console.log(
      `  ${folder}: ${pairs.length} pairs, ${events} events, ${compared} fields compared, ${agreed} agreed (${((100 * agreed) / compared).toFixed(1)}%)`,
    );
    assert.equal(mismatches, []);
    assert.ok(compared > 0);
  });
}

// ---------------------------------------------------------------------------------------------
// Sigma's regression events: evtx_dump JSON, several pretty-printed objects to a file

/** The field names a rule's detection matches on (`Image|endswith:` → Image), minus the logsource ones. */
function ruleFields(rule: string): string[] {
  const lines = rule.split('\n');
  const names = new Set<string>();
  let selectionIndent = -1;
  for (const line of lines.slice(lines.findIndex((l) => l.startsWith('detection:')) + 1)) {
    if (/^\S/.test(line)) break;
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    if (selectionIndent < 0) selectionIndent = indent;
    const key = /^\s+(?:- )?([A-Za-z][\w.]*)(?:\|[\w|]+)?:/.exec(line)?.[1];
    if (key && indent > selectionIndent) names.add(key);
  }
  for (const meta of ['EventID', 'Channel', 'Provider_Name']) names.delete(meta);
  return [...names];
}

/** evtx renders GUIDs bare and upper case; the event has them as the event log's XML does. */
const asWinlogbeat = (value: unknown) =>
  typeof value === 'string' && /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/i.test(value)
    ? `{${value.toLowerCase()}}`
    : typeof value === 'number'
      ? String(value)
      : value;

corpusTest('every Sigma regression event parses, with the EventData fields its rule names in winlog.event_data', () => {
  const sigma = join(CORPUS, 'sigma');
  const [, ...rows] = readFileSync(join(sigma, 'regression_index.csv'), 'utf8').trim().split('\n');
  const forms: Record<string, number> = {};
  let events = 0;
  let compared = 0;
  for (const row of rows) {
    const [, , rulePath = '', , , testType, , , files = '', counts = ''] = csvCells(row);
    if (testType !== 'evtx') continue;
    const named = ruleFields(readFileSync(join(sigma, rulePath), 'utf8'));
    files.split(';').forEach((file, k) => {
      const objects = concatenatedObjects(readFileSync(join(sigma, file), 'utf8'));
      assert.is(objects.length, Number(counts.split(';')[k]), file);
      for (const text of objects) {
        const line = JSON.stringify(JSON.parse(text));
        const doc = JSON.parse(line) as { Event: Record<string, Record<string, unknown>> };
        const event = parsed(line);
        events++;
        const { EventData, UserData, System } = doc.Event;
        const form = `${windowsShape(doc)}${EventData ? '' : ' with UserData'}${EventData?.['#attributes'] ? ' with EventData attributes' : ''}${
          Object.values(EventData ?? {}).some((v) => typeof v === 'number') ? ' with numbers in EventData' : ''
        }`;
        forms[form] = (forms[form] ?? 0) + 1;
        assert.is(event.winlog?.event_id, String(System?.EventID));
        assert.is(event.winlog?.channel, System?.Channel);
        assert.is(event.winlog?.provider_name, getField(doc as never, 'Event.System.Provider.#attributes.Name'));
        const raw = (EventData ?? Object.values(UserData ?? {})[0]) as Record<string, unknown>;
        const present = named.filter((name) => Object.hasOwn(raw, name));
        assert.ok(named.length === 0 || present.length > 0, `${file}: none of ${named.join(', ')}`);
        for (const name of present) {
          compared++;
          assert.equal(event.winlog?.event_data?.[name], asWinlogbeat(raw[name]), `${file}: ${name}`);
        }
      }
    });
  }
  console.log(
    `  sigma/regression_data: ${events} events, ${compared} rule fields found in winlog.event_data; ${Object.entries(forms)
      .map(([form, n]) => `${n} ${form}`)
      .join(', ')}`,
  );
  assert.is(events, 239);
});

// ---------------------------------------------------------------------------------------------
// OTRF Security-Datasets: NXLog and Sentinel records of attack simulations

corpusTest('every Windows record of the Security-Datasets parses, counted by shape', () => {
  const root = join(CORPUS, 'security-datasets');
  const shapes: Record<string, number> = {};
  let records = 0;
  for (const dir of ['windows', 'windows-subsets']) {
    for (const file of readdirSync(join(root, dir))) {
      for (const line of readFileSync(join(root, dir, file), 'utf8').split('\n')) {
        if (line === '') continue;
        const doc = JSON.parse(line) as Record<string, unknown>;
        const shape = windowsShape(doc) ?? 'none';
        shapes[shape] = (shapes[shape] ?? 0) + 1;
        const event = parsed(line);
        records++;
        assert.is(event.winlog?.event_id, String(doc.EventID), file);
        if (doc.Channel) assert.is(event.winlog?.channel?.toLowerCase(), String(doc.Channel).toLowerCase(), file);
        if (event.winlog?.provider_name === 'Microsoft-Windows-Sysmon') {
          assert.is(
            event['@timestamp'],
            `${String(doc.UtcTime)
              .replace(' ', 'T')
              .replace(/(\.\d{3})\d*Z?$/, '$1')}Z`,
            line,
          );
        }
        assert.is.not(event['@timestamp'], ctx.receivedAt.toISOString(), `no time read: ${line}`);
      }
    }
  }
  console.log(
    `  security-datasets windows: ${records} records: ${Object.entries(shapes)
      .map(([shape, n]) => `${n} ${shape}`)
      .join(', ')}`,
  );
  assert.equal(shapes, { nxlog: 2398, sentinel: 38 });
});

// ---------------------------------------------------------------------------------------------
// One Sysmon process creation in each shape

const SYSMON_1 = {
  RuleName: '-',
  UtcTime: '2024-03-01 10:15:30.120',
  ProcessGuid: '{a1b2c3d4-0001-65e1-2a00-000000001300}',
  ProcessId: '6204',
  Image: 'C:\\Windows\\System32\\cmd.exe',
  FileVersion: '10.0.22621.1 (WinBuild.160101.0800)',
  Description: 'Windows Command Processor',
  Product: 'Microsoft® Windows® Operating System',
  Company: 'Microsoft Corporation',
  OriginalFileName: 'Cmd.Exe',
  CommandLine: '"C:\\Windows\\System32\\cmd.exe" /c "whoami /all"',
  CurrentDirectory: 'C:\\Users\\alice\\',
  User: 'CORP\\alice',
  LogonGuid: '{a1b2c3d4-f00d-65e1-8e3a-0a0000000000}',
  LogonId: '0xa3a8e',
  TerminalSessionId: '1',
  IntegrityLevel: 'Medium',
  Hashes: 'SHA256=EB2A2B8E1E5C0D6F1E2D3C4B5A69788796A5B4C3D2E1F0A9B8C7D6E5F4A3B2C1,IMPHASH=272245E2988E1E430500B852C4FB5E18',
  ParentProcessGuid: '{a1b2c3d4-0002-65e1-1f00-000000001300}',
  ParentProcessId: '5120',
  ParentImage: 'C:\\Windows\\explorer.exe',
  ParentCommandLine: 'C:\\Windows\\Explorer.EXE',
};
const bare = (guid: string) => guid.slice(1, -1).toUpperCase();

/** As evtx_dump prints it: numbers for integer types, GUIDs bare and upper case. */
const evtxDump = {
  Event: {
    '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
    System: {
      Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon', Guid: '5770385F-C22A-43E0-BF4C-06F5698FFBD9' } },
      EventID: 1,
      Version: 5,
      Level: 4,
      Task: 1,
      Opcode: 0,
      Keywords: '0x8000000000000000',
      TimeCreated: { '#attributes': { SystemTime: '2024-03-01T10:15:30.123456Z' } },
      EventRecordID: 4242,
      Correlation: null,
      Execution: { '#attributes': { ProcessID: 3112, ThreadID: 4096 } },
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Computer: 'ws01.corp.example',
      Security: { '#attributes': { UserID: 'S-1-5-18' } },
    },
    EventData: {
      ...SYSMON_1,
      ProcessGuid: bare(SYSMON_1.ProcessGuid),
      ProcessId: 6204,
      LogonGuid: bare(SYSMON_1.LogonGuid),
      TerminalSessionId: 1,
      ParentProcessGuid: bare(SYSMON_1.ParentProcessGuid),
      ParentProcessId: 5120,
    },
  },
};

/** As python-evtx's XML through xmltodict: `@` attributes, a `Data` list, text everywhere. */
const xmltodict = {
  Event: {
    '@xmlns': 'http://schemas.microsoft.com/win/2004/08/events/event',
    System: {
      Provider: { '@Name': 'Microsoft-Windows-Sysmon', '@Guid': '{5770385f-c22a-43e0-bf4c-06f5698ffbd9}' },
      EventID: { '@Qualifiers': '', '#text': '1' },
      Version: '5',
      Level: '4',
      Task: '1',
      Opcode: '0',
      Keywords: '0x8000000000000000',
      TimeCreated: { '@SystemTime': '2024-03-01 10:15:30.123456' },
      EventRecordID: '4242',
      Correlation: null,
      Execution: { '@ProcessID': '3112', '@ThreadID': '4096' },
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Computer: 'ws01.corp.example',
      Security: { '@UserID': 'S-1-5-18' },
    },
    EventData: { Data: Object.entries(SYSMON_1).map(([name, text]) => ({ '@Name': name, '#text': text })) },
  },
};

/** As NXLog's im_msvistalog writes it, through Logstash. */
const nxlog = {
  EventTime: '2024-03-01 11:15:30',
  Hostname: 'ws01.corp.example',
  Keywords: 'KEYWORDS',
  EventType: 'INFO',
  SeverityValue: 2,
  Severity: 'INFO',
  EventID: 1,
  SourceName: 'Microsoft-Windows-Sysmon',
  ProviderGuid: '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}',
  Version: 5,
  Task: 1,
  OpcodeValue: 0,
  RecordNumber: 4242,
  ProcessID: 3112,
  ThreadID: 4096,
  Channel: 'Microsoft-Windows-Sysmon/Operational',
  Domain: 'NT AUTHORITY',
  AccountName: 'SYSTEM',
  UserID: 'S-1-5-18',
  AccountType: 'User',
  Message: 'Process Create:\r\nRuleName: -\r\n…',
  Category: 'Process Create (rule: ProcessCreate)',
  Opcode: 'Info',
  ...SYSMON_1,
  EventReceivedTime: '2024-03-01 11:15:31',
  SourceModuleName: 'eventlog',
  SourceModuleType: 'im_msvistalog',
};

/** NXLog writes the keyword mask as a signed 64-bit number, more digits than a double holds. */
const withKeywords = (doc: object, digits: string) => JSON.stringify(doc).replace('"KEYWORDS"', digits);

/** As winlogbeat 8 ships it, before any ingest pipeline. */
const winlogbeat = {
  '@timestamp': '2024-03-01T10:15:30.123Z',
  agent: { type: 'winlogbeat', version: '8.12.0', name: 'ws01' },
  host: { name: 'ws01.corp.example' },
  event: { code: '1', kind: 'event', provider: 'Microsoft-Windows-Sysmon', created: '2024-03-01T10:15:31.000Z' },
  log: { level: 'information' },
  message: 'Process Create:\nRuleName: -\n…',
  winlog: {
    api: 'wineventlog',
    channel: 'Microsoft-Windows-Sysmon/Operational',
    computer_name: 'ws01.corp.example',
    event_data: SYSMON_1,
    event_id: '1',
    opcode: 'Info',
    process: { pid: 3112, thread: { id: 4096 } },
    provider_guid: '{5770385f-c22a-43e0-bf4c-06f5698ffbd9}',
    provider_name: 'Microsoft-Windows-Sysmon',
    record_id: 4242,
    task: 'Process Create (rule: ProcessCreate)',
    user: { identifier: 'S-1-5-18', name: 'SYSTEM', domain: 'NT AUTHORITY', type: 'User' },
    version: 5,
  },
};

/** What every shape carries alike (NXLog and winlogbeat add the rendered task, user name and message). */
const SHARED = [
  '@timestamp',
  'event.kind',
  'event.code',
  'event.provider',
  'event.category',
  'event.type',
  'event.action',
  'host.name',
  'log.level',
  'winlog.channel',
  'winlog.provider_name',
  'winlog.provider_guid',
  'winlog.event_id',
  'winlog.record_id',
  'winlog.computer_name',
  'winlog.level',
  'winlog.opcode',
  'winlog.keywords',
  'winlog.version',
  'winlog.process',
  'winlog.user.identifier',
  'winlog.event_data',
  'process',
  'user',
  'related',
];

test('evtx_dump, python-evtx, NXLog and winlogbeat records of one Sysmon process creation give the same event', () => {
  const shapes = { evtxDump, xmltodict, nxlog, winlogbeat };
  const line = (doc: object) => (doc === nxlog ? withKeywords(nxlog, '-9223372036854775808') : JSON.stringify(doc));
  const events = Object.fromEntries(Object.entries(shapes).map(([name, doc]) => [name, parsed(line(doc))]));
  assert.equal(Object.fromEntries(Object.entries(shapes).map(([name, doc]) => [name, windowsShape(doc)])), {
    evtxDump: 'evtx',
    xmltodict: 'evtx',
    nxlog: 'nxlog',
    winlogbeat: 'winlogbeat',
  });
  const reference = fields(events.winlogbeat as LogEvent, SHARED);
  for (const [name, event] of Object.entries(events)) assert.equal(fields(event, SHARED), reference, name);
  assert.equal(reference.process, {
    entity_id: '{a1b2c3d4-0001-65e1-2a00-000000001300}',
    pid: 6204,
    executable: 'C:\\Windows\\System32\\cmd.exe',
    command_line: '"C:\\Windows\\System32\\cmd.exe" /c "whoami /all"',
    working_directory: 'C:\\Users\\alice\\',
    parent: {
      entity_id: '{a1b2c3d4-0002-65e1-1f00-000000001300}',
      pid: 5120,
      executable: 'C:\\Windows\\explorer.exe',
      command_line: 'C:\\Windows\\Explorer.EXE',
      args: ['C:\\Windows\\Explorer.EXE'],
      name: 'explorer.exe',
    },
    pe: {
      original_file_name: 'Cmd.Exe',
      company: 'Microsoft Corporation',
      description: 'Windows Command Processor',
      file_version: '10.0.22621.1 (WinBuild.160101.0800)',
      product: 'Microsoft® Windows® Operating System',
      imphash: '272245e2988e1e430500b852c4fb5e18',
    },
    args: ['C:\\Windows\\System32\\cmd.exe', '/c', 'whoami /all'],
    name: 'cmd.exe',
    hash: { sha256: 'eb2a2b8e1e5c0d6f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1' },
  });
  assert.equal(reference.user, { id: 'S-1-5-18', domain: 'CORP', name: 'alice' });
  assert.equal(fields(events.evtxDump as LogEvent, ['@timestamp', 'event.created', 'winlog.time_created', 'winlog.record_id']), {
    '@timestamp': '2024-03-01T10:15:30.120Z',
    'event.created': '2024-03-01T10:15:30.123Z',
    'winlog.time_created': '2024-03-01T10:15:30.123Z',
    'winlog.record_id': '4242',
  });
  assert.equal(
    [reference['event.category'], reference['event.type'], reference['event.action']],
    [['process'], ['start'], 'Process creation'],
  );
});

// ---------------------------------------------------------------------------------------------
// Security events

/** An evtx_dump Security record. */
function security(eventId: number, data: Record<string, unknown>, keywords = '0x8020000000000000'): string {
  return JSON.stringify({
    Event: {
      System: {
        Provider: { '#attributes': { Name: 'Microsoft-Windows-Security-Auditing', Guid: '54849625-5478-4994-A5BA-3E3B0328C30D' } },
        EventID: eventId,
        Version: 2,
        Level: 0,
        Task: 12544,
        Opcode: 0,
        Keywords: keywords,
        TimeCreated: { '#attributes': { SystemTime: '2024-03-01T10:00:00.000000Z' } },
        EventRecordID: 77,
        Execution: { '#attributes': { ProcessID: 640, ThreadID: 700 } },
        Channel: 'Security',
        Computer: 'dc01.corp.example',
        Security: null,
      },
      EventData: data,
    },
  });
}

test('4624 logon: the logged-on account as user, the source address and port, the logon type', () => {
  const event = parsed(
    security(4624, {
      SubjectUserSid: 'S-1-5-18',
      SubjectUserName: 'DC01$',
      SubjectDomainName: 'CORP',
      SubjectLogonId: '0x3e7',
      TargetUserSid: 'S-1-5-21-1-2-3-1104',
      TargetUserName: 'alice@corp.example',
      TargetDomainName: 'CORP',
      TargetLogonId: '0x8f0cd568',
      LogonType: 10,
      LogonProcessName: 'User32 ',
      AuthenticationPackageName: 'Negotiate',
      WorkstationName: 'WS01',
      ProcessId: '0x2a4',
      ProcessName: 'C:\\Windows\\System32\\svchost.exe',
      IpAddress: '192.0.2.15',
      IpPort: '51234',
    }),
  );
  assert.equal(
    fields(event, [
      'event.category',
      'event.type',
      'event.action',
      'event.outcome',
      'user.id',
      'user.name',
      'user.domain',
      'source.ip',
      'source.port',
      'source.domain',
      'process.pid',
      'process.name',
      'winlog.logon.type',
      'winlog.logon.id',
      'winlog.keywords',
      'related.user',
      'related.ip',
      'winlog.event_data.LogonType',
    ]),
    {
      'event.category': ['authentication'],
      'event.type': ['start'],
      'event.action': 'logged-in',
      'event.outcome': 'success',
      'user.id': 'S-1-5-21-1-2-3-1104',
      'user.name': 'alice',
      'user.domain': 'CORP',
      'source.ip': '192.0.2.15',
      'source.port': 51234,
      'source.domain': 'WS01',
      'process.pid': 676,
      'process.name': 'svchost.exe',
      'winlog.logon.type': 'RemoteInteractive',
      'winlog.logon.id': '0x3e7',
      'winlog.keywords': ['Audit Success'],
      'related.user': ['alice', 'DC01$'],
      'related.ip': ['192.0.2.15'],
      'winlog.event_data.LogonType': '10',
    },
  );
});

test('4625 failed logon from NXLog: a failure, whatever NXLog calls its severity', () => {
  const event = parsed(
    withKeywords(
      {
        EventTime: '2020-10-22 04:29:53',
        Hostname: 'WORKSTATION5.theshire.local',
        Keywords: 'KEYWORDS',
        EventType: 'AUDIT_FAILURE',
        Severity: 'ERROR',
        EventID: 4625,
        SourceName: 'Microsoft-Windows-Security-Auditing',
        Channel: 'security',
        TargetUserSid: 'S-1-0-0',
        TargetUserName: 'lrodriguez',
        TargetDomainName: 'theshire.local',
        Status: '0xc000006d',
        SubStatus: '0xc000006a',
        LogonType: '2',
        IpAddress: '-',
        IpPort: '-',
      },
      '-9218868437227405312',
    ),
  );
  assert.equal(
    fields(event, [
      'winlog.channel',
      'event.outcome',
      'event.action',
      'log.level',
      'winlog.keywords',
      'user.name',
      'user.id',
      'source.ip',
      'source.port',
    ]),
    {
      'winlog.channel': 'Security',
      'event.outcome': 'failure',
      'event.action': 'logon-failed',
      'log.level': 'information',
      'winlog.keywords': ['Audit Failure'],
      'user.name': 'lrodriguez',
      'user.id': 'S-1-0-0',
      'source.ip': undefined,
      'source.port': undefined,
    },
  );
});

test('4688 process creation: new and parent process, the command line split the Windows way, the effective user', () => {
  const event = parsed(
    security(4688, {
      SubjectUserSid: 'S-1-5-21-1-2-3-500',
      SubjectUserName: 'wardog',
      SubjectDomainName: 'WORKSTATION5',
      SubjectLogonId: '0xc61d9',
      NewProcessId: '0x242c',
      NewProcessName: 'C:\\Windows\\System32\\bitsadmin.exe',
      TokenElevationType: '%%1936',
      ProcessId: '0x273c',
      CommandLine: 'bitsadmin.exe  /transfer /Download "C:\\Users\\wardog\\My Files\\flag.ps1"',
      TargetUserSid: 'S-1-0-0',
      TargetUserName: '-',
      TargetDomainName: '-',
      TargetLogonId: '0x0',
      ParentProcessName: 'C:\\Windows\\System32\\cmd.exe',
      MandatoryLabel: 'S-1-16-12288',
    }),
  );
  assert.equal(event.process, {
    pid: 9260,
    executable: 'C:\\Windows\\System32\\bitsadmin.exe',
    parent: { executable: 'C:\\Windows\\System32\\cmd.exe', pid: 10044, name: 'cmd.exe' },
    command_line: 'bitsadmin.exe  /transfer /Download "C:\\Users\\wardog\\My Files\\flag.ps1"',
    args: ['bitsadmin.exe', '/transfer', '/Download', 'C:\\Users\\wardog\\My Files\\flag.ps1'],
    name: 'bitsadmin.exe',
  });
  assert.equal(event.user, { id: 'S-1-5-21-1-2-3-500', name: 'wardog', domain: 'WORKSTATION5', effective: { id: 'S-1-0-0' } });
  assert.equal(event.related?.user, ['wardog']);
  assert.equal([event.event.category, event.event.type, event.event.action], [['process'], ['start'], 'created-process']);
  // Sigma's process_creation rules read Security 4688 through these names (thor.yml renames them).
  assert.equal(
    fields(event, ['winlog.event_data.NewProcessName', 'winlog.event_data.ParentProcessName', 'winlog.event_data.CommandLine']),
    {
      'winlog.event_data.NewProcessName': 'C:\\Windows\\System32\\bitsadmin.exe',
      'winlog.event_data.ParentProcessName': 'C:\\Windows\\System32\\cmd.exe',
      'winlog.event_data.CommandLine': 'bitsadmin.exe  /transfer /Download "C:\\Users\\wardog\\My Files\\flag.ps1"',
    },
  );
});

test('4720 and 4722 account changes: iam, the subject as user and the account as target', () => {
  for (const [id, type, action] of [
    [4720, ['user', 'creation'], 'added-user-account'],
    [4722, ['user', 'change'], 'enabled-user-account'],
  ] as const) {
    const event = parsed(
      security(id, {
        TargetUserName: 'svc-backup',
        TargetDomainName: 'CORP',
        TargetSid: 'S-1-5-21-1-2-3-1201',
        SubjectUserSid: 'S-1-5-21-1-2-3-500',
        SubjectUserName: 'Administrator',
        SubjectDomainName: 'CORP',
        SubjectLogonId: '0x264b2',
      }),
    );
    assert.equal([event.event.category, event.event.type, event.event.action], [['iam'], type, action]);
    assert.equal(event.user, {
      id: 'S-1-5-21-1-2-3-500',
      name: 'Administrator',
      domain: 'CORP',
      target: { id: 'S-1-5-21-1-2-3-1201', name: 'svc-backup', domain: 'CORP' },
    });
    assert.equal(event.related?.user, ['Administrator', 'svc-backup']);
  }
});

test('1102 log cleared (UserData): user_data as winlogbeat has it, mirrored into event_data, the subject as user', () => {
  const event = parsed(
    JSON.stringify({
      Event: {
        System: {
          Provider: { '#attributes': { Name: 'Microsoft-Windows-Eventlog' } },
          EventID: 1102,
          Keywords: '0x4020000000000000',
          Channel: 'Security',
          Computer: 'ws01',
          TimeCreated: { '#attributes': { SystemTime: '2024-03-01T10:00:00Z' } },
        },
        UserData: {
          LogFileCleared: {
            '#attributes': { xmlns: 'http://manifests.microsoft.com/win/2004/08/windows/eventlog' },
            SubjectUserSid: 'S-1-5-21-1-2-3-500',
            SubjectUserName: 'wardog',
            SubjectDomainName: 'WS01',
            SubjectLogonId: '0xc61d9',
          },
        },
      },
    }),
  );
  assert.equal(event.winlog?.user_data, {
    xml_name: 'LogFileCleared',
    SubjectUserSid: 'S-1-5-21-1-2-3-500',
    SubjectUserName: 'wardog',
    SubjectDomainName: 'WS01',
    SubjectLogonId: '0xc61d9',
  });
  assert.is(event.winlog?.event_data?.SubjectUserName, 'wardog');
  assert.equal([event.event.action, event.user?.name, event.event.outcome], ['audit-log-cleared', 'wardog', 'success']);
});

// ---------------------------------------------------------------------------------------------
// Sysmon events

/** An NXLog Sysmon record. */
const sysmon = (eventId: number, data: Record<string, unknown>) =>
  JSON.stringify({
    EventID: eventId,
    SourceName: 'Microsoft-Windows-Sysmon',
    Channel: 'Microsoft-Windows-Sysmon/Operational',
    Hostname: 'ws01',
    UtcTime: '2024-03-01 10:00:00.000',
    ...data,
  });

test('Sysmon 3 network connection: both ends, transport, protocol, direction, community id', () => {
  const event = parsed(
    sysmon(3, {
      Image: 'C:\\Windows\\System32\\bitsadmin.exe',
      ProcessId: '9260',
      User: 'CORP\\alice',
      Protocol: 'tcp',
      Initiated: 'true',
      SourceIsIpv6: 'false',
      SourceIp: '10.0.1.15',
      SourceHostname: 'ws01.corp.example',
      SourcePort: '50123',
      DestinationIp: '151.101.0.133',
      DestinationHostname: '-',
      DestinationPort: '443',
      DestinationPortName: 'https',
    }),
  );
  assert.equal(
    fields(event, [
      'event.category',
      'event.type',
      'source.ip',
      'source.port',
      'source.domain',
      'destination.ip',
      'destination.port',
      'destination.domain',
      'network.transport',
      'network.protocol',
      'network.direction',
      'process.name',
      'related.ip',
    ]),
    {
      'event.category': ['network'],
      'event.type': ['start', 'connection', 'protocol'],
      'source.ip': '10.0.1.15',
      'source.port': 50123,
      'source.domain': 'ws01.corp.example',
      'destination.ip': '151.101.0.133',
      'destination.port': 443,
      'destination.domain': undefined,
      'network.transport': 'tcp',
      'network.protocol': 'https',
      'network.direction': 'egress',
      'process.name': 'bitsadmin.exe',
      'related.ip': ['10.0.1.15', '151.101.0.133'],
    },
  );
  assert.match(String(event.network?.community_id), /^1:/);
});

test('Sysmon 22 DNS query: the question, the answers (v4-mapped addresses unwrapped), related hosts and addresses', () => {
  const event = parsed(
    sysmon(22, {
      Image: 'C:\\Windows\\System32\\bitsadmin.exe',
      QueryName: 'raw.githubusercontent.com',
      QueryStatus: '0',
      QueryResults: 'type:  5 github.map.fastly.net;::ffff:151.101.0.133;::ffff:151.101.64.133;',
    }),
  );
  assert.equal(event.dns, {
    question: { name: 'raw.githubusercontent.com' },
    answers: [
      { type: 'CNAME', data: 'github.map.fastly.net' },
      { type: 'A', data: '151.101.0.133' },
      { type: 'A', data: '151.101.64.133' },
    ],
    resolved_ip: ['151.101.0.133', '151.101.64.133'],
  } as never);
  assert.equal(event.related?.hosts, ['github.map.fastly.net', 'raw.githubusercontent.com']);
  assert.is(event.network?.protocol, 'dns');
});

test('Sysmon 11, 13 and 7: file, registry and loaded-module fields', () => {
  const created = parsed(
    sysmon(11, { Image: 'C:\\Windows\\System32\\rundll32.exe', TargetFilename: 'C:\\Users\\w\\AppData\\Local\\Temp\\lsass.dmp' }),
  );
  assert.equal(created.file, {
    path: 'C:\\Users\\w\\AppData\\Local\\Temp\\lsass.dmp',
    name: 'lsass.dmp',
    directory: 'C:\\Users\\w\\AppData\\Local\\Temp',
    extension: 'dmp',
  });
  const set = parsed(
    sysmon(13, {
      EventType: 'SetValue',
      TargetObject: 'HKU\\S-1-5-21-1\\Environment\\UserInitMprLogonScript',
      Details: 'DWORD (0x00000010)',
    }),
  );
  assert.equal(set.registry, {
    path: 'HKU\\S-1-5-21-1\\Environment\\UserInitMprLogonScript',
    hive: 'HKU',
    key: 'S-1-5-21-1\\Environment\\UserInitMprLogonScript',
    value: 'UserInitMprLogonScript',
    data: { strings: ['16'], type: 'SZ_DWORD' },
  });
  const loaded = parsed(
    sysmon(7, {
      Image: 'C:\\Windows\\System32\\wbem\\WMIC.exe',
      ImageLoaded: 'C:\\Windows\\System32\\wbem\\jscript.dll',
      Hashes: 'SHA1=0000000000000000000000000000000000000000,MD5=C7C45610F644906E6F7D664EF2E45B08',
      Signed: 'true',
      Signature: 'Microsoft Windows',
      SignatureStatus: 'Valid',
    }),
  );
  assert.equal(loaded.dll, {
    path: 'C:\\Windows\\System32\\wbem\\jscript.dll',
    name: 'jscript.dll',
    hash: { md5: 'c7c45610f644906e6f7d664ef2e45b08' },
    code_signature: { status: 'Valid' },
  });
  assert.equal(loaded.file?.code_signature, { subject_name: 'Microsoft Windows', signed: true, status: 'Valid', valid: true });
});

// ---------------------------------------------------------------------------------------------
// Shapes and their edge cases

test('evtx forms: EventID with Qualifiers, unnamed Data as param1…, EventData null, attributes in a sibling key', () => {
  const qualified = parsed(
    JSON.stringify({
      Event: {
        System: {
          Provider: { '#attributes': { Name: 'Service Control Manager', EventSourceName: 'Service Control Manager' } },
          EventID: { '#attributes': { Qualifiers: 16384 }, '#text': 7036 },
          Channel: 'System',
          Computer: 'ws01',
        },
        EventData: { Data: { '#text': ['Windows Update', 'running'] }, Binary: '770075' },
      },
    }),
  );
  assert.equal(
    [qualified.winlog?.event_id, qualified.winlog?.event_data],
    ['7036', { param1: 'Windows Update', param2: 'running', Binary: '770075' }],
  );
  const empty = parsed(JSON.stringify({ Event: { System: { EventID: 4608, Channel: 'Security' }, EventData: null } }));
  assert.equal([empty.winlog?.event_data, empty.winlog?.provider_name], [{}, 'Microsoft-Windows-Security-Auditing']);
  const separate = parsed(
    JSON.stringify({
      Event: {
        System: {
          Provider_attributes: { Name: 'Microsoft-Windows-Sysmon' },
          EventID: 1,
          TimeCreated_attributes: { SystemTime: '2024-03-01T10:15:30.123456Z' },
          Channel: 'Microsoft-Windows-Sysmon/Operational',
        },
        EventData: { Image: 'C:\\x.exe' },
      },
    }),
  );
  assert.equal(
    [separate.winlog?.provider_name, separate['@timestamp'], separate.process?.name],
    ['Microsoft-Windows-Sysmon', '2024-03-01T10:15:30.123Z', 'x.exe'],
  );
});

test('Sentinel rows: column suffixes dropped, derived columns left out, the Event table read', () => {
  const logon = parsed(
    JSON.stringify({
      TenantId: '0',
      TimeGenerated: '2021-08-02T13:06:38.33Z',
      Computer: 'DC01.simulandlabs.com',
      EventID: 4624,
      Type: 'SecurityEvent',
      Account: 'SIMULANDLABS.COM\\wardog',
      EventSourceName: 'Microsoft-Windows-Security-Auditing',
      Channel: 'Security',
      Activity: '4624 - An account was successfully logged on.',
      LogonType: 3,
      LogonTypeName: '3 - Network',
      ProcessId_string: '0x0',
      TargetUserName: 'wardog',
      TargetUserSid: 'S-1-5-21-1-2-3-500',
      IpAddress: '192.168.2.5',
      IpPort: '53085',
    }),
  );
  assert.equal(logon.winlog?.event_data, {
    LogonType: '3',
    ProcessId: '0x0',
    TargetUserName: 'wardog',
    TargetUserSid: 'S-1-5-21-1-2-3-500',
    IpAddress: '192.168.2.5',
    IpPort: '53085',
  });
  assert.equal(fields(logon, ['@timestamp', 'host.name', 'message', 'user.name', 'source.ip', 'winlog.logon.type']), {
    '@timestamp': '2021-08-02T13:06:38.330Z',
    'host.name': 'DC01.simulandlabs.com',
    message: '4624 - An account was successfully logged on.',
    'user.name': 'wardog',
    'source.ip': '192.168.2.5',
    'winlog.logon.type': 'Network',
  });
  const pipe = parsed(
    JSON.stringify({
      TimeGenerated: '2021-08-02T13:05:32.77Z',
      Source: 'Microsoft-Windows-Sysmon',
      EventLog: 'Microsoft-Windows-Sysmon/Operational',
      Computer: 'ADFS01',
      EventLevelName: 'Information',
      EventID: 18,
      UserName: 'NT AUTHORITY\\SYSTEM',
      Type: 'Event',
      Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      PipeName: '\\MICROSOFT##WID\\tsql\\query',
      ProcessId_dynamic: '5692',
      UtcTime: '2021-08-02T13:05:32.7650000Z',
    }),
  );
  assert.equal(fields(pipe, ['winlog.channel', 'winlog.user', 'process.pid', 'file.name', '@timestamp', 'log.level']), {
    'winlog.channel': 'Microsoft-Windows-Sysmon/Operational',
    'winlog.user': { name: 'SYSTEM', domain: 'NT AUTHORITY' },
    'process.pid': 5692,
    'file.name': '\\MICROSOFT##WID\\tsql\\query',
    '@timestamp': '2021-08-02T13:05:32.765Z',
    'log.level': 'information',
  });
});

test('NXLog: a lower-case channel, a missing SourceName, keywords as a signed number, EventTime in the source zone', () => {
  const event = parsed(
    withKeywords(
      {
        EventTime: '2020-10-22 04:29:52',
        Hostname: 'WS5',
        Keywords: 'KEYWORDS',
        EventID: 4689,
        Channel: 'security',
        ProcessName: 'C:\\x\\wmic.exe',
      },
      '-9214364837600034816',
    ),
    { ...ctx, timezone: 'America/New_York' },
  );
  assert.equal(
    fields(event, ['@timestamp', 'winlog.channel', 'winlog.provider_name', 'winlog.keywords', 'event.outcome', 'process.name']),
    {
      '@timestamp': '2020-10-22T08:29:52.000Z',
      'winlog.channel': 'Security',
      'winlog.provider_name': 'Microsoft-Windows-Security-Auditing',
      'winlog.keywords': ['Audit Success'],
      'event.outcome': 'success',
      'process.name': 'wmic.exe',
    },
  );
});

test('winlogbeat: the document stays ECS, event_data values become text, an outcome it set is kept', () => {
  const event = parsed(
    JSON.stringify({
      '@timestamp': '2024-03-01T10:00:01Z',
      agent: { type: 'winlogbeat' },
      event: { code: 65536, outcome: 'success', kind: 'event' },
      winlog: { channel: 'Security', event_id: 65536, record_id: 9, keywords: ['Unknown Event ID'], event_data: { Count: 3, Flag: true } },
    }),
  );
  assert.equal(fields(event, ['agent.type', 'event.code', 'event.outcome', 'winlog.record_id', 'winlog.event_data', '@timestamp']), {
    'agent.type': 'winlogbeat',
    'event.code': '65536',
    'event.outcome': 'success',
    'winlog.record_id': '9',
    'winlog.event_data': { Count: '3', Flag: 'true' },
    '@timestamp': '2024-03-01T10:00:01.000Z',
  });
});

test('EventData names are kept as own properties, `__proto__` included, and no prototype changes', () => {
  const event = parsed(
    `{"Event":{"System":{"EventID":1,"Channel":"Security"},"EventData":{"__proto__":"x","constructor":"y","Image":"C:\\\\a.exe"}}}`,
  );
  const data = event.winlog?.event_data as Record<string, unknown>;
  assert.ok(Object.hasOwn(data, '__proto__'));
  assert.equal([data.constructor, Object.getPrototypeOf(data)], ['y', Object.prototype]);
  assert.is(({} as Record<string, unknown>).x, undefined);
});

test('a winlogbeat document whose ECS fields hold other types is mapped without throwing', () => {
  const event = parsed(
    JSON.stringify({
      winlog: {
        channel: 'Microsoft-Windows-Sysmon/Operational',
        provider_name: 'Microsoft-Windows-Sysmon',
        event_id: 3,
        event_data: { Protocol: 'tcp' },
      },
      process: { executable: 5, command_line: ['a'] },
      source: { ip: 7, port: 'x' },
      destination: { ip: '10.0.0.1' },
      file: { path: {} },
      user: { name: 3 },
      related: { user: 'bob' },
    }),
  );
  assert.equal(getField(event, 'json.related'), { user: 'bob' });
  assert.is(event.network?.community_id, undefined);
});

test('a failed logon (4625, 4771) is a failure without the Audit Failure keyword too', () => {
  for (const id of ['4625', '4771']) {
    const event = parsed(
      JSON.stringify({
        '@timestamp': '2026-12-03T10:00:00Z',
        winlog: {
          channel: 'Security',
          provider_name: 'Microsoft-Windows-Security-Auditing',
          event_id: id,
          event_data: { TargetUserName: 'bob' },
        },
      }),
    );
    assert.is(event.event.outcome, 'failure', id);
  }
});

test('splitCommandLine follows Windows: quotes group, backslashes escape only before a quote, doubled quotes', () => {
  const cases: [string, string[]][] = [
    ['', []],
    ['  a   b  ', ['a', 'b']],
    ['"C:\\Program Files\\a.exe" -x "b c"', ['C:\\Program Files\\a.exe', '-x', 'b c']],
    ['a\\\\b \\"c\\" "d\\\\"', ['a\\\\b', '"c"', 'd\\']],
    // Before 2008 (and in Elastic's pipeline) a doubled quote inside quotes is a quote that ends them.
    ['"a""b" c', ['a"b c']],
    ['a\tb', ['a', 'b']],
    ['"unterminated arg', ['unterminated arg']],
    ['trailing\\', ['trailing\\']],
  ];
  for (const [line, args] of cases) assert.equal(splitCommandLine(line), args, line);
});

test.run();
