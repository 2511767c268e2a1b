// The CLI as a new user meets it: names instead of UUIDs, tables that fit, errors in CLI terms,
// one exit-code contract, and the commands that were missing.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Secai } from '@secai/sdk';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ADMIN_PASSWORD, type CliWorld, onTerminal, startWorld } from './harness.js';

let world: CliWorld;
let admin: Secai;
let webId: string;

test.before(async () => {
  world = await startWorld();
  admin = await Secai.login({ baseUrl: world.server.url, username: 'admin', password: ADMIN_PASSWORD });
  await admin.users.create({ username: 'alice', password: 'alice-password-1', roles: ['analyst'] });
  webId = (await admin.assets.create({ hostname: 'web-01.gh.example', external_id: 'cmdb-77' })).id;
  await world.run(['login', '--username', 'alice', '--password-stdin'], { stdin: 'alice-password-1\n' });
});
test.after(() => world.close());

test('alerts create takes --asset by hostname; alerts show takes the short id a table shows', async () => {
  const created = await world.run([
    'alerts',
    'create',
    '--title',
    'Beacon to a known C2',
    '--severity',
    'high',
    '--asset',
    'web-01.gh.example',
    '--json',
  ]);
  assert.is(created.code, 0, created.stderr);
  const alert = JSON.parse(created.stdout);
  assert.is(alert.asset_id, webId);
  assert.is(alert.source, 'cli');
  const shown = await world.run(['alerts', 'show', alert.id.slice(0, 8)]);
  assert.is(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /asset: +web-01\.gh\.example \(/);
  const byExternal = await world.run(['alerts', 'list', '--asset', 'cmdb-77', '--json']);
  assert.equal(
    JSON.parse(byExternal.stdout).map((a: { id: string }) => a.id),
    [alert.id],
  );
});

test('--assignee takes usernames and @me; an unknown one fails naming the flag, exit 2', async () => {
  const { id } = await admin.alerts.create({ title: 'For alice', severity: 'low' });
  const assigned = await world.run(['alerts', 'assign', id.slice(0, 6), '--to', '@me']);
  assert.is(assigned.code, 0, assigned.stderr);
  const mine = JSON.parse((await world.run(['alerts', 'list', '--assignee', 'alice', '--json'])).stdout);
  assert.ok(mine.some((a: { id: string }) => a.id === id));
  const unknown = await world.run(['alerts', 'list', '--assignee', 'alicia']);
  assert.is(unknown.code, 2);
  assert.match(unknown.stderr, /--assignee: no user named alicia/);
  assert.is(unknown.stdout, '');
  const json = await world.run(['alerts', 'list', '--assignee', 'alicia', '--json']);
  assert.is(json.code, JSON.parse(json.stdout).error.exit_code);
  assert.is(JSON.parse(json.stdout).error.code, 'NAME_UNKNOWN');
});

test('an 80-column terminal: lines fit, ids and severities stay whole, names replace UUIDs, a footer counts the rest', async () => {
  for (let i = 0; i < 4; i++) {
    await admin.alerts.create({
      title: `A very long alert title that cannot possibly fit into eighty columns number ${i}`,
      severity: 'critical',
      asset_id: webId,
      source: 'a-rather-long-source-name',
    });
  }
  const { code, screen } = await onTerminal(world, ['alerts', 'list', '--limit', '3', '--severity', 'critical']);
  assert.is(code, 0, screen);
  const lines = screen.trimEnd().split('\n');
  for (const line of lines) assert.ok(line.length <= 80, `${line.length}: ${line}`);
  assert.match(lines[0] as string, /^ID +SEVERITY +STATUS +TITLE/);
  assert.match(lines[1] as string, /^[0-9a-f]{8,} +critical +new +A very long a.*… +web-01/, screen);
  assert.not.match(screen, /[0-9a-f]{8}-[0-9a-f]{4}-/, 'no whole UUIDs on a terminal');
  assert.match(lines.at(-1) as string, /^3 of 4 shown; --limit or --all for more$/);
  // Piped: whole ids, tab-separated, no footer.
  const piped = await world.run(['alerts', 'list', '--limit', '3', '--severity', 'critical']);
  assert.match(piped.stdout, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\tcritical\t/);
  assert.is(piped.stderr, '');
});

test('a mistyped flag: the problem, a guess, one usage line and a --help hint, not the whole help', async () => {
  const res = await world.run(['alerts', 'list', '--sevrity', 'high']);
  assert.is(res.code, 2);
  assert.match(res.stderr, /Nonexistent flag: --sevrity/);
  assert.match(res.stderr, /Did you mean --severity\?/);
  assert.match(res.stderr, /Usage: secai alerts list \[flags\]/);
  assert.match(res.stderr, /secai alerts list --help/);
  assert.not.match(res.stderr, /FLAGS|--min-severity/);
  assert.is(res.stderr.match(/Nonexistent flag/g)?.length, 1, 'printed once');
});

test('a mistyped command suggests the right one, exit 2', async () => {
  const res = await world.run(['alerts', 'lsit']);
  assert.is(res.code, 2);
  assert.match(res.stderr, /Did you mean `secai alerts list`\?/);
});

test('an input the server rejects names the flag, once, with no "Try this" repeating it', async () => {
  const res = await world.run(['alerts', 'list', '--severity', 'extreme']);
  assert.is(res.code, 2);
  assert.match(res.stderr, /--severity: Invalid option/);
  assert.not.match(res.stderr, /severity: .*\n.*severity:/s);
  assert.not.match(res.stderr, /Try this/);
});

test('with --json the exit status is the exit_code printed', async () => {
  for (const args of [
    ['alerts', 'show', '00000000-0000-4000-8000-000000000000', '--json'],
    ['alerts', 'show', 'abc', '--json'],
    ['alerts', 'list', '--bogus', '--json'],
  ]) {
    const res = await world.run(args);
    const printed = JSON.parse(res.stdout).error.exit_code;
    assert.ok(printed > 0, args.join(' '));
    assert.is(res.code, printed, args.join(' '));
  }
});

test('cvss --json of a bad vector prints the error as JSON and exits 2', async () => {
  const res = await world.run(['cvss', 'CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', '--json']);
  assert.is(res.code, 2);
  const out = JSON.parse(res.stdout);
  assert.is(out.error.code, 'CVSS_VECTOR_INVALID');
  assert.is(out.error.exit_code, 2);
  assert.is(res.stderr, '');
});

test('a missing file and malformed JSON exit 2; the JSON error has its line and column', async () => {
  const missing = await world.run(['assets', 'import', join(world.configDir, 'nope.csv')]);
  assert.is(missing.code, 2, missing.stderr);
  const bad = join(world.configDir, 'bad.json');
  writeFileSync(bad, '[\n  {"hostname": "a.example"},\n  {"hostname": "b.example",,}\n]\n');
  const malformed = await world.run(['assets', 'import', bad]);
  assert.is(malformed.code, 2, malformed.stderr);
  assert.match(malformed.stderr, /line 3, column 28/);
});

test('alerts update moves to every status, reopen included; an illegal move fails naming the allowed ones', async () => {
  const { id } = await admin.alerts.create({ title: 'Lifecycle', severity: 'medium' });
  const short = id.slice(0, 8);
  for (const [status, expected] of [
    ['investigating', 'investigating'],
    ['resolved', 'resolved'],
    ['reopen', 'acknowledged'],
    ['false_positive', 'false_positive'],
  ] as const) {
    const res = await world.run(['alerts', 'update', short, '--status', status, '--json']);
    assert.is(res.code, 0, res.stderr);
    assert.is(JSON.parse(res.stdout)[0].status, expected);
  }
  const illegal = await world.run(['alerts', 'update', short, '--status', 'investigating']);
  assert.is(illegal.code, 1);
  assert.match(illegal.stderr, /from\s+false_positive\s+it\s+can\s+go\s+to\s+acknowledged/, illegal.stderr);
});

test('settings: set and list; page_size is the default --limit, timezone the zone times are shown in', async () => {
  const set = await world.run(['settings', 'set', 'page_size', '10']);
  assert.is(set.code, 0, set.stderr);
  await world.run(['settings', 'set', 'timezone', 'Asia/Tokyo']);
  const list = JSON.parse((await world.run(['settings', 'list', '--json'])).stdout);
  assert.is(list.page_size, 10);
  assert.is(list.timezone, 'Asia/Tokyo');
  for (let i = 0; i < 12; i++) await admin.alerts.create({ title: `Page ${i}`, severity: 'info' });
  const listed = JSON.parse((await world.run(['alerts', 'list', '--json'])).stdout);
  assert.is(listed.length, 10);
  assert.is(JSON.parse((await world.run(['alerts', 'list', '--limit', '12', '--json'])).stdout).length, 12);
  const shown = await world.run(['alerts', 'show', listed[0].id]);
  assert.match(shown.stdout, /first seen: .*\(\d{4}-\d\d-\d\d \d\d:\d\d GMT\+9\)/);
  const typo = await world.run(['settings', 'set', 'pagesize', '10']);
  assert.is(typo.code, 2);
  assert.match(typo.stderr, /did you mean page_size/);
  const zone = await world.run(['settings', 'set', 'timezone', 'Mars/Olympus']);
  assert.is(zone.code, 2);
  assert.match(zone.stderr, /timezone: not a known time zone/);
  await world.run(['settings', 'set', 'page_size', '50']);
});

test('passwd changes your own password from stdin; a wrong current one says which', async () => {
  await admin.users.create({ username: 'pat', password: 'pat-password-123', roles: ['viewer'] });
  const profile = ['--profile', 'pat'];
  await world.run(['login', '--username', 'pat', '--password-stdin', ...profile], { stdin: 'pat-password-123\n' });
  const wrong = await world.run(['passwd', '--password-stdin', ...profile], { stdin: 'not-it\nnew-password-456\n' });
  assert.is(wrong.code, 2);
  assert.match(wrong.stderr, /the current password: does not match/);
  const ok = await world.run(['passwd', '--password-stdin', ...profile], { stdin: 'pat-password-123\nnew-password-456\n' });
  assert.is(ok.code, 0, ok.stderr);
  await Secai.login({ baseUrl: world.server.url, username: 'pat', password: 'new-password-456' });
  // An administrator sets a password from stdin too.
  const reset = await world.run(['users', 'update', 'pat', '--password-stdin', '--profile', 'default'], { stdin: 'reset-password-789\n' });
  assert.is(reset.code, 4, 'alice is an analyst without users:write');
  writeFileSync(join(world.configDir, 'noop'), '');
});

test('roles update and delete; groups create, list, show, update and delete by name', async () => {
  const adminProfile = ['--profile', 'adm'];
  await world.run(['login', '--username', 'admin', '--password-stdin', ...adminProfile], { stdin: `${ADMIN_PASSWORD}\n` });
  const run = (args: string[]) => world.run([...args, ...adminProfile]);
  assert.is((await run(['roles', 'create', 'triager', '--permission', 'alerts:read'])).code, 0);
  const updated = await run(['roles', 'update', 'triager', '--permission', 'alerts:read', '--permission', 'alerts:write', '--json']);
  assert.equal(JSON.parse(updated.stdout).permissions, ['alerts:read', 'alerts:write']);
  assert.is((await run(['roles', 'delete', 'triager', '--yes'])).code, 0);
  assert.is((await run(['roles', 'delete', 'triager', '--yes'])).code, 2, 'gone');

  const created = await run(['groups', 'create', 'web', '--asset', 'web-01.gh.example', '--json']);
  assert.is(created.code, 0, created.stderr);
  assert.is(JSON.parse(created.stdout).member_count, 1);
  const listed = JSON.parse((await run(['groups', 'list', '--json'])).stdout);
  assert.ok(listed.some((g: { name: string }) => g.name === 'web'));
  const shown = JSON.parse((await run(['groups', 'show', 'web', '--json'])).stdout);
  assert.equal(
    shown.assets.map((a: { id: string }) => a.id),
    [webId],
  );
  const emptied = await run(['groups', 'update', 'web', '--remove', 'cmdb-77', '--name', 'web-frontends', '--json']);
  assert.is(JSON.parse(emptied.stdout).member_count, 0);
  assert.is((await run(['groups', 'delete', 'web-frontends', '--yes'])).code, 0);
  const gone = await run(['groups', 'show', 'web-frontends']);
  assert.is(gone.code, 2);
  assert.match(gone.stderr, /no asset group named web-frontends/);
});

test.run();
