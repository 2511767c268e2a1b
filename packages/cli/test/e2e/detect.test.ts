// `secai detect test`: Sigma rules as code, run offline on event files (issue 11).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BIN } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'secai-detect-'));
const rules = join(dir, 'rules');
mkdirSync(join(rules, 'windows'), { recursive: true });
const rule = (id: string, title: string, logsource: string, detection: string) =>
  `title: ${title}\nid: ${id}\nlevel: high\nauthor: Someone\nlogsource:\n${logsource}\ndetection:\n${detection}\n`;
const PROCESS = '  product: windows\n  category: process_creation';
writeFileSync(
  join(rules, 'windows', 'certutil.yml'),
  rule(
    '11111111-0000-0000-0000-000000000001',
    'Certutil Download',
    PROCESS,
    "  s:\n    Image|endswith: '\\certutil.exe'\n    CommandLine|contains: 'urlcache'\n  condition: s",
  ),
);
writeFileSync(
  join(rules, 'windows', 'mimikatz.yml'),
  rule('11111111-0000-0000-0000-000000000002', 'Mimikatz', PROCESS, "  s:\n    CommandLine|contains: 'sekurlsa::'\n  condition: s"),
);
writeFileSync(
  join(rules, 'linux.yaml'),
  rule(
    '11111111-0000-0000-0000-000000000003',
    'Linux Thing',
    '  product: linux\n  service: auditd',
    '  s:\n    type: EXECVE\n  condition: s',
  ),
);
writeFileSync(
  join(rules, 'admins.yml'),
  rule('11111111-0000-0000-0000-000000000004', 'Admins', PROCESS, "  s:\n    User|expand: '%admins%'\n  condition: s"),
);
const sysmon = (commandLine: string, image: string) => ({
  Event: {
    System: {
      Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon' } },
      EventID: 1,
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Computer: 'ws1',
      TimeCreated: { '#attributes': { SystemTime: '2026-12-03T10:00:00Z' } },
    },
    EventData: { Image: image, CommandLine: commandLine },
  },
});
const ndjson = join(dir, 'events.ndjson');
writeFileSync(
  ndjson,
  `${[sysmon('notepad.exe a.txt', 'C:\\Windows\\notepad.exe'), sysmon('certutil -urlcache -f http://x/a.exe', 'C:\\Windows\\System32\\certutil.exe')].map((e) => JSON.stringify(e)).join('\n')}\n`,
);
const pretty = join(dir, 'evtx.json');
writeFileSync(
  pretty,
  `Record 1\n${JSON.stringify(sysmon('certutil.exe -urlcache x', 'C:\\Windows\\System32\\CERTUTIL.EXE'), null, 2)}\nRecord 2\n${JSON.stringify(sysmon('ping', 'C:\\ping.exe'), null, 2)}\n`,
);

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, 'detect', 'test', ...args], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    return err as { code: number; stdout: string; stderr: string };
  }
}
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('the rules of a folder run on an NDJSON file: the rules that fired, their hits and first event; what could not run, and why', async () => {
  const res = await run([rules, '--events', ndjson]);
  assert.is(res.code, 0, res.stderr);
  assert.equal(res.stdout.trim().split('\n'), [`high\t1\tCertutil Download\t${ndjson}:2\t11111111-0000-0000-0000-000000000001`]);
  assert.match(res.stderr, /^3 rules run, 1 not run \(1 × placeholder %…% has no values configured\)/);
  assert.match(res.stderr, /; 2 events; 1 hits by 1 rule\n$/);
});

test('JSON objects written one after another (evtx_dump) are events, each at the line it starts on', async () => {
  const res = await run([join(rules, 'windows'), '--events', pretty, '--json']);
  assert.is(res.code, 0, res.stderr);
  const out = JSON.parse(res.stdout);
  assert.is(out.events, 2);
  assert.equal(out.hits[0].events, [{ file: pretty, line: 2 }]);
  assert.equal([out.hits[0].author, out.hits[0].level, out.refused], ['Someone', 'high', []]);
});

test('--expect and --expect-silent make it a test: exit 1 and why when a rule does not do as expected', async () => {
  const ok = await run([rules, '--events', ndjson, '--expect', '11111111-0000-0000-0000-000000000001', '--expect-silent', 'Mimikatz']);
  assert.is(ok.code, 0, ok.stderr);
  const silent = await run([rules, '--events', ndjson, '--expect', 'Mimikatz']);
  assert.is(silent.code, 1);
  assert.match(silent.stderr, /✗ Mimikatz was expected to fire and did not\n/);
  const fired = await run([rules, '--events', ndjson, '--expect-silent', join(rules, 'windows', 'certutil.yml'), '--json']);
  assert.is(fired.code, 1);
  assert.equal(JSON.parse(fired.stdout).expectations, [
    {
      rule: join(rules, 'windows', 'certutil.yml'),
      expect: 'silent',
      hits: 1,
      ok: false,
      message: `${join(rules, 'windows', 'certutil.yml')} was expected to stay silent and fired 1 times`,
    },
  ]);
  const unknown = await run([rules, '--events', ndjson, '--expect', 'Admins', '--expect', 'nothing']);
  assert.is(unknown.code, 1);
  assert.match(unknown.stderr, /✗ Admins: not run: search "s": placeholder %admins% has no values configured/);
  assert.match(unknown.stderr, /✗ nothing: no rule given has this id, title or file/);
});

test('a correlation in the same file as its base rule counts its hits in event time, whatever the order of the events in the file', async () => {
  const file = join(dir, 'spray.yml');
  writeFileSync(
    file,
    `${rule('22222222-0000-0000-0000-000000000001', 'Failed Logon', '  product: windows\n  service: security', '  s:\n    EventID: 4625\n  condition: s').replace('title:', 'name: failed_logon\ntitle:')}---\ntitle: Password Spray\nid: 22222222-0000-0000-0000-000000000002\nlevel: high\ncorrelation:\n  type: value_count\n  rules: [failed_logon]\n  group-by: [WorkstationName]\n  timespan: 1m\n  condition:\n    field: TargetUserName\n    gte: 3\n`,
  );
  const failure = (user: string, second: number) =>
    JSON.stringify({
      EventID: 4625,
      Channel: 'Security',
      Computer: 'dc1',
      EventTime: `2026-12-03 10:00:${String(second).padStart(2, '0')}`,
      WorkstationName: 'WS5',
      TargetUserName: user,
    });
  const events = join(dir, 'spray.ndjson');
  writeFileSync(events, `${[failure('carol', 30), failure('alice', 10), failure('bob', 20)].join('\n')}\n`);
  const res = await run([file, '--events', events, '--json']);
  assert.is(res.code, 0, res.stderr);
  const out = JSON.parse(res.stdout);
  assert.equal(
    out.hits.map((h: { title: string; hits: number; events: { line: number }[] }) => [h.title, h.hits, h.events[0]?.line]),
    [
      ['Failed Logon', 3, 2],
      ['Password Spray', 1, 1],
    ],
    'the spray completes with carol, line 1, the last in time',
  );
});

test('a correlation over another correlation is not run, and says so', async () => {
  const file = join(dir, 'chain.yml');
  writeFileSync(
    file,
    'title: Inner\nname: inner\ncorrelation:\n  type: event_count\n  rules: [x]\n  timespan: 1m\n  condition:\n    gte: 2\n---\ntitle: Outer\ncorrelation:\n  type: temporal\n  rules: [inner, y]\n  timespan: 1m\n',
  );
  const res = await run([file, '--events', ndjson, '--json']);
  const out = JSON.parse(res.stdout);
  assert.equal(
    [out.rules, out.refused.map((r: { title: string; reason: string }) => `${r.title}: ${r.reason}`)],
    [1, ['Outer: a correlation of correlations is not supported yet']],
  );
});

test('--logsource says what the events are, for rules on other than Windows event logs', async () => {
  const file = join(dir, 'okta.yml');
  writeFileSync(
    file,
    rule(
      '33333333-0000-0000-0000-000000000001',
      'Okta MFA Reset',
      '  product: okta\n  service: okta',
      '  s:\n    eventType: user.mfa.factor.reset_all\n    outcome.result: SUCCESS\n  condition: s',
    ),
  );
  const events = join(dir, 'okta.ndjson');
  writeFileSync(
    events,
    `${JSON.stringify({ published: '2026-12-03T10:00:00Z', eventType: 'user.mfa.factor.reset_all', outcome: { result: 'SUCCESS' } })}\n`,
  );
  const unsaid = await run([file, '--events', events, '--json']);
  assert.equal(JSON.parse(unsaid.stdout).hits, [], 'nothing says these are Okta events');
  const said = await run([file, '--events', events, '--logsource', 'product=okta,service=okta', '--json']);
  assert.equal(
    JSON.parse(said.stdout).hits.map((h: { title: string }) => h.title),
    ['Okta MFA Reset'],
  );
  const bad = await run([file, '--events', events, '--logsource', 'vendor=okta']);
  assert.is(bad.code, 2);
  assert.match(bad.stderr.replace(/\s+/g, ' '), /--logsource: "vendor=okta" is not product=, service= or category= with a value/);
});

test('a rules path or an events file that is not there: exit 2 with the file named', async () => {
  const noRules = await run([join(dir, 'missing'), '--events', ndjson]);
  assert.is(noRules.code, 2);
  assert.match(noRules.stderr, /no such file: .*missing/);
  const noEvents = await run([rules, '--events', join(dir, 'nope.json')]);
  assert.is(noEvents.code, 2);
  assert.match(noEvents.stderr, /no such file: .*nope\.json/);
});

test.run();
