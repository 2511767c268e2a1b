// secai rules import|list|show|enable|disable|except|unexcept against a real server: a folder of
// two hand-made rules, one the engine runs and one it refuses (an unknown modifier).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DetectionRule, Secai } from '@secai/sdk';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ADMIN_PASSWORD, type CliWorld, onTerminal, startWorld } from './harness.js';

let world: CliWorld;
let admin: Secai;
let folder: string;

const WHOAMI_ID = '5b0f2a6e-3c1d-4e8f-9a7b-6c5d4e3f2a10';
const WHOAMI = `title: Whoami Run
id: ${WHOAMI_ID}
status: test
level: medium
author: e2e
tags:
  - attack.discovery
  - attack.t1033
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    Image|endswith: '\\whoami.exe'
  condition: selection
`;
const SIDEWAYS = `title: Sideways Image
status: experimental
level: high
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    Image|sideways: x
  condition: selection
`;
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
/** stderr as one line: errors are wrapped at the width of the terminal. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ');

test.before(async () => {
  world = await startWorld();
  admin = await Secai.login({ baseUrl: world.server.url, username: 'admin', password: ADMIN_PASSWORD });
  const login = await world.run(['login', '--username', 'admin', '--password-stdin'], { stdin: `${ADMIN_PASSWORD}\n` });
  assert.is(login.code, 0, login.stderr);
  folder = join(world.configDir, 'rules');
  mkdirSync(join(folder, 'windows'), { recursive: true });
  writeFileSync(join(folder, 'windows', 'whoami.yml'), WHOAMI);
  writeFileSync(join(folder, 'sideways.yaml'), SIDEWAYS);
  writeFileSync(join(folder, 'README.md'), 'not a rule');
});
test.after(() => world.close());

async function rulesOf(set: string): Promise<DetectionRule[]> {
  return (await admin.rules.list({ rule_set: set, limit: 100 })).data;
}

test('import reads the folder, paths relative to it, says what was refused and why, and sets lists the set', async () => {
  const res = await world.run(['rules', 'import', folder, '--set', 'e2e']);
  assert.is(res.code, 0, res.stderr);
  assert.equal(res.stdout.trim().split('\t'), ['e2e', '1', '2', '0', '0', '0', '1']);
  assert.match(res.stderr, /Imported e2e version 1: 2 rules from 2 files/);
  assert.match(oneLine(res.stderr), /1 rule is kept disabled, as the engine cannot run it: 1 × .*sideways/);
  const sets = await world.run(['rules', 'sets']);
  assert.is(sets.code, 0, sets.stderr);
  assert.equal(sets.stdout.split('\t').slice(0, 5), ['e2e', '1', '2', '1', '1']);
  const paths = (await rulesOf('e2e')).map((r) => r.path).sort();
  assert.equal(paths, ['sideways.yaml', 'windows/whoami.yml']);
  const again = await world.run(['rules', 'import', folder, '--set', 'e2e', '--json']);
  assert.is(again.code, 0, again.stderr);
  const result = JSON.parse(again.stdout);
  assert.equal([result.version, result.added, result.unchanged, result.refused.length], [1, 0, 2, 1]);
  assert.is(result.refused[0].path, 'sideways.yaml');
});

test('list prints a row per rule, and --json the rules; --refused shows why', async () => {
  // Independent reads, run side by side to keep the file quick.
  const [res, picked, json, none] = await Promise.all([
    world.run(['rules', 'list', '--set', 'e2e']),
    world.run(['rules', 'list', '--set', 'e2e', '--search', 'whoami', '--columns', 'sigma_id,file']),
    world.run(['rules', 'list', '--refused', '--json']),
    world.run(['rules', 'list', '--set', 'e2e', '--level', 'critical']),
  ]);
  assert.is(res.code, 0, res.stderr);
  const rows = res.stdout
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => line.split('\t'));
  // Piped: whole ids, then level, status, enabled, title, set and why refused.
  assert.equal(
    rows.map((r) => r.slice(1, 6)),
    [
      ['high', 'experimental', 'refused', 'Sideways Image', 'e2e'],
      ['medium', 'test', 'yes', 'Whoami Run', 'e2e'],
    ],
  );
  assert.match(rows[0]?.[6] ?? '', /sideways/);
  assert.is(rows[1]?.length, 7);
  assert.is(picked.code, 0, picked.stderr);
  assert.is(picked.stdout, `${WHOAMI_ID}\twindows/whoami.yml\n`);
  assert.is(json.code, 0, json.stderr);
  const refused = JSON.parse(json.stdout) as DetectionRule[];
  assert.equal(
    refused.map((r) => [r.title, r.enabled]),
    [['Sideways Image', false]],
  );
  assert.is(none.code, 0, none.stderr);
  assert.is(none.stdout, '');
});

test('on a terminal, list is a table with short ids that keeps the title whole, and says when nothing matches', async () => {
  const [{ code, screen }, none] = await Promise.all([
    onTerminal(world, ['rules', 'list', '--set', 'e2e'], 100),
    onTerminal(world, ['rules', 'list', '--set', 'e2e', '--level', 'critical']),
  ]);
  assert.is(code, 0, screen);
  const lines = screen
    .trim()
    .split('\n')
    .map((line) => line.trimEnd());
  assert.match(lines[0] ?? '', /^ID {8}LEVEL {3}STATUS {8}ENABLED {2}TITLE {11}SET {2}WHY REFUSED$/);
  // Why a rule is refused gives way to the title (the whole reason is in `rules show`).
  assert.match(
    lines[1] ?? '',
    /^[0-9a-f]{8} {2}high {4}experimental {2}refused {2}Sideways Image {2}e2e {2}search "selection": unknown.*…$/,
  );
  assert.match(lines[2] ?? '', /^[0-9a-f]{8} {2}medium {2}test {10}yes {6}Whoami Run {6}e2e {2}-$/);
  assert.match(none.screen, /No rules match\./);
});

test('show finds a rule by Sigma id and by short id, names its ATT&CK technique, and prints its YAML', async () => {
  const [rule] = (await rulesOf('e2e')).filter((r) => r.sigma_id === WHOAMI_ID);
  const [res, short, yaml] = await Promise.all([
    world.run(['rules', 'show', WHOAMI_ID]),
    world.run(['rules', 'show', rule?.id.slice(0, 8) ?? '', '--json']),
    world.run(['rules', 'show', WHOAMI_ID, '--yaml']),
  ]);
  assert.is(res.code, 0, res.stderr);
  assert.match(res.stdout, /Whoami Run/);
  assert.match(res.stdout, /techniques: {2}T1033 System Owner\/User Discovery/);
  assert.match(res.stdout, /tactics: {5}TA0007 Discovery/);
  assert.match(res.stdout, /file: {8}windows\/whoami\.yml/);
  assert.is(short.code, 0, short.stderr);
  const view = JSON.parse(short.stdout);
  assert.is(view.id, rule?.id);
  assert.equal(view.attack.technique_ids, ['T1033']);
  assert.is(yaml.code, 0, yaml.stderr);
  assert.is(yaml.stdout, WHOAMI);
});

test('a refused rule cannot be enabled, and enable and disable need ids or a selection, not both', async () => {
  const [refused] = await admin.rules.list({ rule_set: 'e2e', runnable: false }).toArray({ max: 1 });
  const [res, bare, both, empty] = await Promise.all([
    world.run(['rules', 'enable', refused?.id ?? '']),
    world.run(['rules', 'enable']),
    world.run(['rules', 'disable', WHOAMI_ID, '--set', 'e2e']),
    world.run(['rules', 'disable', '--tag', '']),
  ]);
  assert.is(res.code, 2, res.stderr);
  assert.match(oneLine(res.stderr), /cannot be enabled/);
  assert.is(bare.code, 2, bare.stderr);
  assert.match(oneLine(bare.stderr), /Give rule ids, or select rules with --set/);
  assert.is(both.code, 2, both.stderr);
  assert.is(empty.code, 2, 'an empty selection is no selection, not every rule');
});

test('disable and enable by id say what changed; by --tag they change the selection in bulk', async () => {
  const off = await world.run(['rules', 'disable', WHOAMI_ID]);
  assert.is(off.code, 0, off.stderr);
  assert.match(off.stderr, /^Disabled [0-9a-f]{8} {2}Whoami Run$/m);
  const again = await world.run(['rules', 'disable', WHOAMI_ID, '--json']);
  assert.is(again.code, 0, again.stderr);
  assert.is(JSON.parse(again.stdout).updated, 0);
  const on = await world.run(['rules', 'enable', '--tag', 'attack.t1033']);
  assert.is(on.code, 0, on.stderr);
  assert.match(on.stderr, /Enabled 1 rule \(tag attack\.t1033\)/);
  assert.equal(
    (await rulesOf('e2e')).map((r) => [r.title, r.enabled]),
    [
      ['Sideways Image', false],
      ['Whoami Run', true],
    ],
  );
  const bulkOff = await world.run(['rules', 'disable', '--set', 'e2e', '--json']);
  assert.is(bulkOff.code, 0, bulkOff.stderr);
  assert.equal(JSON.parse(bulkOff.stdout), { updated: 1 });
});

test('enable by --set leaves the refused rules disabled', async () => {
  const bulkOn = await world.run(['rules', 'enable', '--set', 'e2e', '--json']);
  assert.is(bulkOn.code, 0, bulkOn.stderr);
  assert.equal(JSON.parse(bulkOn.stdout), { updated: 1 });
  assert.is((await rulesOf('e2e')).find((r) => r.title === 'Sideways Image')?.enabled, false);
  // Put back as the tests after this one expect it, whatever the server did.
  await admin.rules.updateMany({ filter: { rule_set: 'e2e', level: ['high'] }, enabled: false });
});

test("update overrides the severity of a rule's alerts, and --severity rule takes the override away", async () => {
  const low = await world.run(['rules', 'update', WHOAMI_ID, '--severity', 'low', '--json']);
  assert.is(low.code, 0, low.stderr);
  assert.equal([JSON.parse(low.stdout).level_override, JSON.parse(low.stdout).severity], ['low', 'low']);
  const back = await world.run(['rules', 'update', WHOAMI_ID, '--severity', 'rule']);
  assert.is(back.code, 0, back.stderr);
  assert.match(back.stderr, /Whoami Run: alerts are medium \(the rule's level, medium\)/);
});

test('except adds an exception that show lists; unexcept removes it by its short id', async () => {
  const res = await world.run([
    'rules',
    'except',
    WHOAMI_ID,
    '--host',
    'build-*',
    '--user',
    'svc_ci',
    '--field',
    'source.ip=10.0.0.5',
    '--reason',
    'CI runners',
    '--expires',
    '30d',
  ]);
  assert.is(res.code, 0, res.stderr);
  const exceptionId = res.stdout.trim();
  assert.match(exceptionId, /^[0-9a-f-]{36}$/);
  const rule = await admin.rules.get(WHOAMI_ID);
  assert.equal(rule.exceptions[0]?.match, { 'host.name': ['build-*'], 'user.name': ['svc_ci'], 'source.ip': ['10.0.0.5'] });
  assert.is(rule.exceptions[0]?.owner, 'admin');
  const days = (Date.parse(rule.exceptions[0]?.expires_at ?? '') - Date.now()) / 86_400_000;
  assert.ok(days > 29.9 && days <= 30, `expires in ${days} days`);
  const shown = await world.run(['rules', 'show', WHOAMI_ID]);
  assert.match(shown.stdout, new RegExp(`${exceptionId} {2}host\\.name=build-\\* and user\\.name=svc_ci and source\\.ip=10\\.0\\.0\\.5`));
  assert.match(shown.stdout, /CI runners \(admin; expires in 29d\)/);
  const removed = await world.run(['rules', 'unexcept', WHOAMI_ID, exceptionId.slice(0, 8)]);
  assert.is(removed.code, 0, removed.stderr);
  assert.match(removed.stderr, /Removed exception/);
  assert.is((await admin.rules.get(WHOAMI_ID)).exceptions.length, 0);
  const gone = await world.run(['rules', 'unexcept', WHOAMI_ID, exceptionId]);
  assert.is(gone.code, 3, gone.stderr);
  const [noWhere, badExpiry] = await Promise.all([
    world.run(['rules', 'except', WHOAMI_ID, '--reason', 'x']),
    world.run(['rules', 'except', WHOAMI_ID, '--host', 'a', '--reason', 'x', '--expires', 'soon']),
  ]);
  assert.is(noWhere.code, 2, noWhere.stderr);
  assert.is(badExpiry.code, 2, badExpiry.stderr);
});

test('an unknown rule exits 3 with RULE_NOT_FOUND; a missing path exits 2', async () => {
  const [res, json, missing, noSet] = await Promise.all([
    world.run(['rules', 'show', UNKNOWN_ID]),
    world.run(['rules', 'show', 'deadbeef', '--json']),
    world.run(['rules', 'import', join(folder, 'nope'), '--set', 'e2e']),
    world.run(['rules', 'import', folder]),
  ]);
  assert.is(res.code, 3, res.stderr);
  assert.match(oneLine(res.stderr), new RegExp(`No rule with id or Sigma id ${UNKNOWN_ID}`));
  assert.is(json.code, 3, json.stderr);
  assert.is(JSON.parse(json.stdout).error.code, 'RULE_NOT_FOUND');
  assert.is(missing.code, 2, missing.stderr);
  assert.match(oneLine(missing.stderr), /no such file: .*nope/);
  assert.is(noSet.code, 2, noSet.stderr);
  assert.equal(
    (await rulesOf('e2e')).map((r) => r.title),
    ['Sideways Image', 'Whoami Run'],
    'a failed import changes nothing',
  );
});

test('delete-set removes a rule set and its rules; an unknown set exits 3 with RULE_SET_NOT_FOUND', async () => {
  const imported = await world.run(['rules', 'import', folder, '--set', 'e2e-gone']);
  assert.is(imported.code, 0, imported.stderr);
  const deleted = await world.run(['rules', 'delete-set', 'e2e-gone', '--yes']);
  assert.is(deleted.code, 0, deleted.stderr);
  assert.match(oneLine(deleted.stderr), /Deleted rule set e2e-gone \(2 rules\)/);
  assert.equal(await rulesOf('e2e-gone'), []);
  const again = await world.run(['rules', 'delete-set', 'e2e-gone', '--yes']);
  assert.is(again.code, 3, again.stderr);
  assert.match(oneLine(again.stderr), /RULE_SET_NOT_FOUND/);
});

test.run();
