import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { LogEvent } from '../events/event.js';
import { parseLine } from '../events/parse.js';
import { compileRule } from './compile.js';
import { parseCondition } from './condition.js';
import { RuleRefused } from './errors.js';
import { readRules } from './rule.js';

/** A Sysmon process creation (EID 1) as the Windows parser makes it. */
function sysmon1(data: Record<string, string>, eventId = '1'): LogEvent {
  return {
    '@timestamp': '2026-12-03T10:00:00.000Z',
    event: { kind: 'event' },
    log: { original: JSON.stringify(data) },
    message: `Process Create: ${data.CommandLine ?? ''}`,
    winlog: { channel: 'Microsoft-Windows-Sysmon/Operational', event_id: eventId, event_data: data },
  } as unknown as LogEvent;
}

function rule(detection: string, logsource = 'product: windows\n  category: process_creation') {
  const [r] = readRules(`title: t\nid: 00000000-0000-0000-0000-000000000001\nlogsource:\n  ${logsource}\ndetection:\n${detection}`);
  return compileRule(r as NonNullable<typeof r>);
}
function refusal(detection: string, logsource?: string): string {
  try {
    rule(detection, logsource);
  } catch (err) {
    assert.instance(err, RuleRefused);
    return (err as Error).message;
  }
  return assert.unreachable('compiled') as never;
}

const receivedAt = new Date('2026-12-03T10:00:00Z');
const sysmonLike = (e: LogEvent) =>
  ({ ...e, winlog: { channel: 'Microsoft-Windows-Sysmon/Operational', event_id: '1', event_data: {} } }) as unknown as LogEvent;
const certutil = sysmon1({ Image: 'C:\\Windows\\System32\\certutil.exe', CommandLine: 'certutil -urlcache -f http://x/a.exe a.exe' });
const notepad = sysmon1({ Image: 'C:\\Windows\\notepad.exe', CommandLine: 'notepad.exe a.txt' });

test('a map is an and of its fields; a list of maps an or', () => {
  const and = rule(`  selection:\n    Image|endswith: '\\certutil.exe'\n    CommandLine|contains: 'urlcache'\n  condition: selection`);
  assert.equal([and.matches(certutil), and.matches(notepad)], [true, false]);
  const or = rule(`  selection:\n    - Image|endswith: '\\notepad.exe'\n    - CommandLine|contains: 'urlcache'\n  condition: selection`);
  assert.equal([or.matches(certutil), or.matches(notepad)], [true, true]);
});

test('and, or, not and parentheses, with not binding tightest and or loosest', () => {
  const d = `  a:\n    Image|endswith: certutil.exe\n  b:\n    CommandLine|contains: urlcache\n  c:\n    Image|endswith: notepad.exe\n`;
  assert.equal(rule(`${d}  condition: a and not b`).matches(certutil), false);
  assert.equal(rule(`${d}  condition: not a and b or c`).matches(notepad), true);
  assert.equal(rule(`${d}  condition: not (a and b) or c`).matches(certutil), false);
  assert.equal(rule(`${d}  condition: a and (b or c)`).matches(certutil), true);
  assert.equal(rule(`${d}  condition: a AND NOT c`).matches(certutil), true, 'keywords in any case');
});

test('1 of, all of, them and name wildcards; them leaves out names starting with _', () => {
  const d = `  selection_img:\n    Image|endswith: certutil.exe\n  selection_cli:\n    CommandLine|contains: urlcache\n  filter_x:\n    CommandLine|contains: nothing-here\n  _helper:\n    Image|contains: nothing\n`;
  assert.equal(rule(`${d}  condition: all of selection_*`).matches(certutil), true);
  assert.equal(rule(`${d}  condition: all of selection_* and not 1 of filter_*`).matches(certutil), true);
  assert.equal(rule(`${d}  condition: all of them`).matches(certutil), false);
  assert.equal(rule(`${d}  condition: 1 of them`).matches(notepad), false);
  assert.equal(rule(`${d}  condition: 2 of selection_* or 1 of filter_*`).matches(certutil), true);
  const tree = parseCondition('all of them', ['a', '_b', 'c']);
  assert.equal(tree, { kind: 'of', count: Number.POSITIVE_INFINITY, names: ['a', 'c'] });
});

test('keywords are searched in the message and the original line; a list of them is any', () => {
  const k = rule(`  keywords:\n    - 'urlcache'\n    - 'mimikatz'\n  condition: keywords`);
  assert.equal([k.matches(certutil), k.matches(notepad)], [true, false]);
  const all = rule(`  keywords:\n    '|all':\n      - 'certutil'\n      - 'urlcache'\n  condition: keywords`);
  assert.equal([all.matches(certutil), all.matches(notepad)], [true, false]);
});

test('several conditions are any of them', () => {
  const r = rule(`  a:\n    Image|endswith: notepad.exe\n  b:\n    Image|endswith: certutil.exe\n  condition:\n    - a\n    - b`);
  assert.equal([r.matches(certutil), r.matches(notepad)], [true, true]);
});

test('the logsource decides which records a rule sees: a category is its channel and event ids', () => {
  const r = rule(`  selection:\n    Image|endswith: certutil.exe\n  condition: selection`);
  const asFileEvent = sysmon1({ Image: 'C:\\Windows\\System32\\certutil.exe' }, '11');
  assert.equal([r.matches(certutil), r.matches(asFileEvent)], [true, false]);
  const security4688 = {
    ...certutil,
    winlog: { channel: 'Security', event_id: '4688', event_data: { NewProcessName: 'C:\\Windows\\System32\\certutil.exe' } },
  } as unknown as LogEvent;
  assert.ok(r.matches(security4688), 'Security 4688 has Image as NewProcessName');
  const bySecurity = rule(`  selection:\n    EventID: 4688\n  condition: selection`, 'product: windows\n  service: security');
  assert.equal([bySecurity.matches(security4688), bySecurity.matches(certutil)], [true, false]);
});

test('refused with the reason: an unknown name, an aggregation, bad parentheses, an unmapped logsource', () => {
  const d = `  selection:\n    Image: x\n`;
  assert.match(refusal(`${d}  condition: selection and other`), '"other" is not a search');
  assert.match(refusal(`${d}  condition: selection | count() > 5`), 'aggregation');
  assert.match(refusal(`${d}  condition: (selection`), 'not closed');
  assert.match(refusal(`${d}  condition: 1 of filter_*`), 'no search matches');
  assert.match(refusal(`${d}  condition: selection`, 'definition: none'), 'names no product, service or category');
  assert.match(refusal(`  selection:\n    Image|nope: x\n  condition: selection`), 'search "selection": unknown value modifier');
  assert.match(refusal(`  unused:\n    Image|re: '(?<=x'\n  selection:\n    Image: x\n  condition: selection`), 'search "unused"');
});

test('other logsources: web access logs by W3C names, CloudTrail and any JSON by path, syslog programs, auditd, and what an event declares', () => {
  const web = rule(`  s:\n    cs-method: GET\n    c-uri|contains: "' or 1=1"\n    sc-status: 200\n  condition: s`, 'category: webserver');
  const access = parseLine('10.0.0.5 - - [03/Dec/2026:10:00:00 +0000] "GET /a.php?id=1%27%20or%201=1 HTTP/1.1" 200 5 "-" "sqlmap"', {
    receivedAt,
  }).event;
  assert.ok(web.matches({ ...access, url: { ...access.url, original: "/a.php?id=1' or 1=1" } } as LogEvent));
  assert.not.ok(web.matches(sysmonLike(access)), 'a Windows record is not a web log');
  const trail = rule(
    `  s:\n    eventSource: iam.amazonaws.com\n    eventName: CreateUser\n    userIdentity.type: IAMUser\n  condition: s`,
    'product: aws\n  service: cloudtrail',
  );
  const call = parseLine(
    JSON.stringify({
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateUser',
      eventTime: '2026-12-03T10:00:00Z',
      userIdentity: { type: 'IAMUser' },
    }),
    { receivedAt },
  ).event;
  assert.ok(trail.matches(call));
  const sshd = rule(`  keywords:\n    - 'Failed password for root'\n  condition: keywords`, 'product: linux\n  service: sshd');
  const line = '<38>Dec  3 10:00:00 web-1 sshd[7]: Failed password for root from 10.0.0.9 port 2222 ssh2';
  assert.ok(sshd.matches(parseLine(line, { receivedAt }).event));
  assert.not.ok(sshd.matches(parseLine(line.replace('sshd[7]', 'sudo[7]'), { receivedAt }).event), 'another program');
  const audit = rule(`  s:\n    type: EXECVE\n    a0: dd\n  condition: s`, 'product: linux\n  service: auditd');
  assert.ok(
    audit.matches(parseLine('type=EXECVE msg=audit(1604996384.965:93777): argc=2 a0="dd" a1="if=/dev/zero"', { receivedAt }).event),
  );
  const edr = rule(`  s:\n    FileName|endswith: .kdbx\n  condition: s`, 'product: windows\n  category: file_access');
  const declared = {
    secai: { logsource: { product: 'windows', category: 'file_access' } },
    FileName: 'C:\\vault.kdbx',
  } as unknown as LogEvent;
  assert.ok(edr.matches(declared), 'a source that declares an EDR category');
  assert.not.ok(edr.matches({ FileName: 'C:\\vault.kdbx' } as unknown as LogEvent));
});

test('a correlation rule or a document without detection is refused when read', () => {
  assert.throws(() => readRules('title: c\ncorrelation:\n  type: event_count\n'), /a correlation rule/);
  assert.throws(() => readRules('title: x\nlogsource:\n  product: windows\n'), /no detection/);
  assert.throws(() => readRules('title: [unclosed\n'), /not YAML/);
});

test.run();
