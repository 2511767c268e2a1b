import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { LogEvent } from '../events/event.js';
import { Automaton } from './aho-corasick.js';
import { compileRule } from './compile.js';
import { readRules } from './rule.js';
import { RuleSet } from './rule-set.js';

function found(patterns: string[], text: string): string[] {
  const out: string[] = [];
  new Automaton(patterns).scan(text, (i) => out.push(patterns[i] as string));
  return out;
}

test('the automaton finds every occurrence of every pattern, overlapping ones and suffixes of others included', () => {
  assert.equal(found(['he', 'she', 'his', 'hers'], 'ushers'), ['she', 'he', 'hers']);
  assert.equal(found(['aa'], 'aaaa'), ['aa', 'aa', 'aa']);
  assert.equal(found(['abcd', 'bc', 'c'], 'xabcy'), ['bc', 'c']);
  assert.equal(found(['x'], ''), []);
  assert.equal(found(['é', '\\cmd.exe'], 'c:\\windows\\cmd.exe é'), ['\\cmd.exe', 'é']);
});

function rule(detection: string) {
  const [r] = readRules(`title: t\nlogsource:\n  product: windows\n  category: process_creation\ndetection:\n${detection}`);
  return compileRule(r as NonNullable<typeof r>);
}
function process(data: Record<string, string>): LogEvent {
  return { winlog: { channel: 'Microsoft-Windows-Sysmon/Operational', event_id: '1', event_data: data } } as unknown as LogEvent;
}

test("a rule's anchors: an and needs one part's, an or all of them, a not none", () => {
  const d = `  a:\n    Image|endswith: '\\certutil.exe'\n  b:\n    CommandLine|contains:\n      - '-urlcache'\n      - '-verifyctl'\n  c:\n    CommandLine|re: 'x+'\n`;
  assert.equal(rule(`${d}  condition: a and b`).anchors, ['\\certutil.exe']);
  assert.equal(rule(`${d}  condition: a or b`).anchors, ['\\certutil.exe', '-urlcache', '-verifyctl']);
  assert.equal(rule(`${d}  condition: a or c`).anchors, null, 'a regular expression has no anchor');
  assert.equal(rule(`${d}  condition: c and not a`).anchors, null);
  assert.equal(rule(`${d}  condition: b and not a`).anchors, ['-urlcache', '-verifyctl']);
  assert.equal(rule(`  s:\n    CommandLine|contains: 'ab'\n  condition: s`).anchors, null, 'too short to be worth looking for');
});

test('a rule set tries a rule only when one of its anchors is in the event, and rules without anchors always', () => {
  const certutil = rule(`  s:\n    Image|endswith: '\\certutil.exe'\n  condition: s`);
  const notCmd = rule(`  s:\n    Image|endswith: '\\cmd.exe'\n  condition: not s`);
  const set = new RuleSet([certutil, notCmd]);
  assert.equal(set.match(process({ Image: 'C:\\Windows\\CERTUTIL.EXE' })), [certutil, notCmd]);
  assert.equal(set.match(process({ Image: 'C:\\Windows\\cmd.exe' })), []);
  assert.equal(set.match({ message: 'not a Windows record' } as unknown as LogEvent), []);
});

test('a Windows record that declares another logsource is tried on that logsource’s rules too', () => {
  const [r] = readRules(
    `title: edr\nlogsource:\n  product: windows\n  category: file_access\ndetection:\n  s:\n    winlog.event_data.TargetFilename|endswith: evil.txt\n  condition: s`,
  );
  const edr = compileRule(r as NonNullable<typeof r>);
  const event = {
    secai: { logsource: { product: 'windows', category: 'file_access' } },
    winlog: { channel: 'Microsoft-Windows-Sysmon/Operational', event_id: '11', event_data: { TargetFilename: 'C:\\evil.txt' } },
  } as unknown as LogEvent;
  assert.ok(edr.matches(event));
  assert.equal(new RuleSet([edr]).match(event), [edr]);
});

test('keywords: cased ones keep their case on Windows records; a wildcard does not reach from one value into the next', () => {
  const cased = rule(`  k:\n    '|cased':\n      - Mimikatz\n  condition: k`);
  const set = new RuleSet([cased]);
  assert.equal(set.match(process({ CommandLine: 'Mimikatz.exe' })), [cased]);
  assert.equal(set.match(process({ CommandLine: 'mimikatz.exe' })), []);
  const across = rule(`  k:\n    - 'foo*bar'\n  condition: k`);
  assert.equal(new RuleSet([across]).match(process({ A: 'foo', B: 'bar' })), []);
  assert.equal(new RuleSet([across]).match(process({ A: 'foo and bar' })), [across]);
});

test.run();
