// The CLI as a second new-user trial and a review found it: short ids everywhere, tables that cut
// text and drop optional columns before identifiers, flag errors in order, errors that read as
// sentences, malformed files that import nothing.
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
  webId = (await admin.assets.create({ hostname: 'web-01.trial.example' })).id;
  const login = await world.run(['login', '--username', 'admin', '--password-stdin'], { stdin: `${ADMIN_PASSWORD}\n` });
  assert.is(login.code, 0, login.stderr);
});
test.after(() => world.close());

test('vulns show and vulns update take the short id vulns list shows; an unknown one exits 3', async () => {
  const vuln = await admin.vulns.create({ title: 'OpenSSL heap overflow', severity: 'high', asset_id: webId, cve_ids: ['CVE-2024-12345'] });
  const short = vuln.id.slice(0, 8);
  const shown = await world.run(['vulns', 'show', short]);
  assert.is(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, new RegExp(`id: +${vuln.id}`));
  const updated = await world.run(['vulns', 'update', vuln.id.slice(0, 6).toUpperCase(), '--status', 'triaged', '--json']);
  assert.is(updated.code, 0, updated.stderr);
  assert.is(JSON.parse(updated.stdout).status, 'triaged');
  assert.is((await admin.vulns.get(vuln.id)).status, 'triaged');
  const other = vuln.id.startsWith('ffffff') ? '000000' : 'ffffff';
  const missing = await world.run(['vulns', 'show', other, '--json']);
  assert.is(missing.code, 3);
  assert.is(JSON.parse(missing.stdout).error.code, 'VULNERABILITY_NOT_FOUND');
});

test('an 80-column terminal: vulns list and vulns check keep CVE ids and hostnames whole, dropping optional columns first', async () => {
  await admin.vulns.create({
    title: 'PHP-FPM env_path_info underflow allowing remote code execution in nginx setups',
    severity: 'critical',
    asset_id: webId,
    cve_ids: ['CVE-2019-11043'],
    cvss_score: 9.8,
    component: 'php7.3-fpm',
    version: '7.3.10-1+deb10u1',
    fix_version: '7.3.11-1~deb10u1',
  });
  for (const args of [
    ['vulns', 'list', '--severity', 'critical'],
    ['vulns', 'check', '--fail-on', 'critical'],
  ]) {
    const { screen } = await onTerminal(world, args);
    const lines = screen.trimEnd().split('\n');
    for (const line of lines) assert.ok(line.length <= 80, `${args.join(' ')}: ${line.length}: ${line}`);
    assert.match(screen, /critical .*CVE-2019-11043 +PHP-FPM.*… +web-01\.trial\.example/, screen);
  }
});

test('an unknown flag is reported before any other flag value, with a guess', async () => {
  const res = await world.run(['tokens', 'create', 'ci', '--permission', 'alerts:read', '--expires-in-days', '5']);
  assert.is(res.code, 2);
  assert.match(res.stderr, /Nonexistent flag: --expires-in-days/);
  assert.match(res.stderr, /Did you mean --expires-in\?/);
  assert.not.match(res.stderr, /Expected --permission/);
});

test('serve with a mistyped flag says it as every command does: one usage line, a guess, no whole help', async () => {
  const res = await world.run(['serve', '--db-url', 'x']);
  assert.is(res.code, 2);
  assert.match(res.stderr, /Nonexistent flag: --db-url/);
  assert.match(res.stderr, /Did you mean --database-url\?/);
  assert.match(res.stderr, /Usage: secai serve \[flags\]/);
  assert.match(res.stderr, /secai serve --help/);
  assert.not.match(res.stderr, /FLAGS|--log-level/);
});

test('an unknown command with --json prints the error as JSON on stdout, exit_code and all', async () => {
  for (const args of [
    ['foo', '--json'],
    ['alerts', 'lsit', '--json'],
  ]) {
    const res = await world.run(args);
    assert.is(res.code, 2, args.join(' '));
    const { error } = JSON.parse(res.stdout);
    assert.is(error.code, 'COMMAND_UNKNOWN');
    assert.is(error.exit_code, 2);
  }
  assert.match(JSON.parse((await world.run(['alerts', 'lsit', '--json'])).stdout).error.message, /secai alerts list/);
});

test('every error is printed in one style', async () => {
  for (const args of [
    ['alerts', 'list', '--sevrity', 'high'],
    ['alerts', 'lsit'],
    ['alerts', 'show', '00000000-0000-4000-8000-000000000000'],
    ['cvss', 'AV:X'],
    ['serve', '--prot', '1'],
  ]) {
    const res = await world.run(args);
    const lines = res.stderr.trimEnd().split('\n');
    assert.match(lines[0] as string, /^ {4}Error: /, `${args.join(' ')}:\n${res.stderr}`);
    for (const line of lines) assert.match(line, /^ {4}\S/, `${args.join(' ')}:\n${res.stderr}`);
  }
});

test('error texts read as sentences: a report of another format, a missing file, a missing flag, an unknown setting', async () => {
  const bad = join(world.configDir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ SchemaVersion: 2, ArtifactName: 'app:1', Results: [] }));
  const wrongFormat = await world.run(['vulns', 'import', bad, '--format', 'grype', '--tag', 'g2']);
  assert.is(wrongFormat.code, 2, wrongFormat.stderr);
  assert.match(wrongFormat.stderr, /Error: bad\.json: /, wrongFormat.stderr);
  assert.not.match(wrongFormat.stderr, /<file>|bad\.json: bad\.json/);

  const missing = await world.run(['vulns', 'import', join(world.configDir, 'nope.json')]);
  assert.is(missing.code, 2);
  assert.match(missing.stderr, /Error: no such file: \S*nope\.json/);
  assert.match(missing.stderr, /Code: FILE_NOT_FOUND/);
  assert.not.match(missing.stderr, /ENOENT/);
  const missingAssets = await world.run(['assets', 'import', join(world.configDir, 'nope.csv'), '--json']);
  assert.is(missingAssets.code, 2);
  assert.is(JSON.parse(missingAssets.stdout).error.code, 'FILE_NOT_FOUND');

  const noTitle = await world.run(['alerts', 'create', '--severity', 'high']);
  assert.is(noTitle.code, 2);
  assert.match(noTitle.stderr, /Missing required flag --title/);

  const colour = await world.run(['settings', 'set', 'colour', 'red']);
  assert.is(colour.code, 2);
  assert.match(colour.stderr, /No setting named colour\. Settings: /);

  const short = await world.run(['vulns', 'show', 'abc', '--json']);
  assert.is(short.code, 2);
  assert.is(JSON.parse(short.stdout).error.code, 'ID_TOO_SHORT');
});

test('vulns check counts in the singular when one is open', async () => {
  const { id } = await admin.assets.create({ hostname: 'lonely.trial.example' });
  await admin.vulns.create({ title: 'One alone', severity: 'critical', asset_id: id });
  const res = await world.run(['vulns', 'check', '--fail-on', 'critical', '--asset', 'lonely.trial.example']);
  assert.is(res.code, 1);
  assert.match(res.stderr, /✗ 1 open vulnerability at critical or worse on lonely\.trial\.example:/);
});

test('a CSV with an unclosed quote on line 4 imports nothing, exits 2 and names line and column', async () => {
  const file = join(world.configDir, 'unclosed.csv');
  writeFileSync(
    file,
    'hostname,owner\ncsv-a.trial.example,ops\ncsv-b.trial.example,ops\ncsv-c.trial.example,"ops\ncsv-d.trial.example,ops\n',
  );
  const res = await world.run(['assets', 'import', file]);
  assert.is(res.code, 2, res.stderr);
  assert.match(res.stderr, /Not valid CSV at line 4, column 21: a quote opened here is never\s+closed; nothing was imported/);
  assert.match(res.stderr, /Code: MALFORMED_CSV/);
  const json = await world.run(['assets', 'import', file, '--json']);
  assert.is(JSON.parse(json.stdout).error.code, 'MALFORMED_CSV');
  for (const hostname of ['csv-a.trial.example', 'csv-b.trial.example']) {
    assert.equal((await admin.assets.list({ hostname })).data, [], `${hostname} was imported`);
  }
});

test('a scoped API token without vulns:read is told its scope lacks it, not to ask for a role its user has', async () => {
  const { token } = await admin.tokens.create({ name: 'alerts-only', permissions: ['alerts:read'] });
  const res = await world.run(['vulns', 'list'], { env: { SECAI_TOKEN: token } });
  assert.is(res.code, 4, res.stderr);
  assert.match(res.stderr, /API token's scope lacks that\s+permission/);
  assert.not.match(res.stderr, /Ask an administrator/);
});

test.run();
