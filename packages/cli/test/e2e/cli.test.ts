import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Secai } from '@secai/sdk';
import jwt from 'jsonwebtoken';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ADMIN_PASSWORD, type CliWorld, JWT_SECRET, startWorld } from './harness.js';

let world: CliWorld;
let admin: Secai;

test.before(async () => {
  world = await startWorld();
  admin = await Secai.login({ baseUrl: world.server.url, username: 'admin', password: ADMIN_PASSWORD });
  await admin.users.create({ username: 'alice', password: 'alice-password-1', roles: ['analyst'] });
});
test.after(() => world.close());

const login = () => world.run(['login', '--username', 'alice', '--password-stdin'], { stdin: 'alice-password-1\n' });

test('login with --password-stdin saves a 0600 profile; whoami reads it', async () => {
  const res = await login();
  assert.is(res.code, 0, res.stderr);
  assert.match(res.stderr, /Logged in to .* as alice \(analyst\)/);
  const file = join(world.configDir, 'config.json');
  assert.is(statSync(file).mode & 0o777, 0o600);
  const who = await world.run(['whoami', '--json']);
  assert.is(who.code, 0);
  assert.is(JSON.parse(who.stdout).username, 'alice');
});

test('a wrong password exits 4 with the reason and a hint', async () => {
  const res = await world.run(['login', '--username', 'alice', '--password-stdin', '--profile', 'other'], { stdin: 'nope-nope-nope\n' });
  assert.is(res.code, 4);
  assert.match(res.stderr, /Wrong username or password/);
  assert.match(res.stderr, /INVALID_CREDENTIALS/);
});

test('no prompt blocks a script: missing credentials exit 2', async () => {
  const res = await world.run(['login', '--profile', 'other']);
  assert.is(res.code, 2);
  assert.match(res.stderr, /--password-stdin/);
});

test('assets import reads CSV, reports rejected lines, and is idempotent', async () => {
  await login();
  const csv = join(world.configDir, 'hosts.csv');
  const rows = ['hostname,ip_addresses,criticality,exposure,tags,owner'];
  for (let i = 0; i < 50; i++) rows.push(`host-${i}.cli.example,10.1.0.${i};10.2.0.${i},high,internal,cli;prod,ops`);
  rows.push('bad host name,10.9.9.9,high,internal,cli,ops');
  writeFileSync(csv, `${rows.join('\n')}\n`);
  const first = await world.run(['assets', 'import', csv]);
  assert.is(first.code, 1, 'some rows were rejected');
  assert.match(first.stdout, /50 created, 0 updated, 1 rejected/);
  assert.match(first.stderr, /line 52: .*hostname/);
  const again = await world.run(['assets', 'import', csv, '--json']);
  const summary = JSON.parse(again.stdout);
  assert.equal([summary.created, summary.updated, summary.failed], [0, 50, 1]);
  assert.is(summary.rejected[0].line, 52);
  const listed = await world.run(['assets', 'list', '--tag', 'cli', '--all', '--json']);
  const assets = JSON.parse(listed.stdout);
  assert.is(assets.length, 50);
  assert.equal(assets[0].ip_addresses.length, 2);
});

test('assets import reads NDJSON from stdin and keeps bad lines', async () => {
  const ndjson = '{"hostname":"nd-1.example"}\nnot json\n{"hostname":"nd-2.example"}\n';
  const res = await world.run(['assets', 'import', '-', '--json'], { stdin: ndjson });
  const summary = JSON.parse(res.stdout);
  assert.is(summary.created, 2);
  assert.equal(summary.rejected, [{ line: 2, error: 'not valid JSON', code: 'MALFORMED_INPUT' }]);
});

test('assets import takes an Nmap scan: hosts become assets', async () => {
  const xml = join(world.configDir, 'scan.xml');
  writeFileSync(
    xml,
    '<?xml version="1.0"?><nmaprun><host><status state="up"/><address addr="10.9.0.5" addrtype="ipv4"/><hostnames><hostname name="nmap-5.example"/></hostnames><ports><port protocol="tcp" portid="443"><state state="open"/><service name="https"/></port></ports></host></nmaprun>',
  );
  const res = await world.run(['assets', 'import', xml]);
  assert.is(res.code, 0, res.stderr);
  assert.match(res.stdout, /1 hosts recorded as assets; 1 open ports and CVEs/);
  const found = JSON.parse((await world.run(['assets', 'list', '--search', 'nmap-5', '--json'])).stdout);
  assert.equal(
    found.map((a: { hostname: string }) => a.hostname),
    ['nmap-5.example'],
  );
});

test('piped lists are tab-separated without colour; --csv has a header; --columns picks', async () => {
  const tsv = await world.run(['assets', 'list', '--tag', 'cli', '--limit', '3', '--columns', 'hostname,criticality']);
  assert.is(tsv.code, 0);
  const lines = tsv.stdout.trim().split('\n');
  assert.is(lines.length, 3);
  assert.match(lines[0] as string, /^host-\d+\.cli\.example\thigh$/);
  assert.not.ok(tsv.stdout.includes('\u001b['), 'no colour codes when piped');
  const csv = await world.run(['assets', 'list', '--tag', 'cli', '--limit', '2', '--csv', '--columns', 'hostname,tags']);
  assert.equal(csv.stdout.trim().split('\n')[0], 'hostname,tags');
  assert.match(csv.stdout, /"cli,prod"/);
  const bad = await world.run(['assets', 'list', '--columns', 'nope']);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /Unknown column "nope"; choose from id, hostname/);
});

test('alerts: list, ack with a comment, resolve as false positive, show with comments', async () => {
  const a = await admin.alerts.create({ title: 'CLI alert one', severity: 'critical', source: 'cli-test' });
  const b = await admin.alerts.create({ title: 'CLI alert two', severity: 'low', source: 'cli-test' });
  const list = JSON.parse((await world.run(['alerts', 'list', '--source', 'cli-test', '--sort', '-severity', '--json'])).stdout);
  assert.equal(
    list.map((x: { id: string }) => x.id),
    [a.id, b.id],
  );
  const ack = await world.run(['alerts', 'ack', a.id, b.id, '--comment', 'looking']);
  assert.is(ack.code, 0, ack.stderr);
  const fp = await world.run(['alerts', 'resolve', b.id, '--false-positive', '--json']);
  assert.is(JSON.parse(fp.stdout)[0].status, 'false_positive');
  const shown = JSON.parse((await world.run(['alerts', 'show', a.id, '--json'])).stdout);
  assert.is(shown.status, 'acknowledged');
  assert.equal(
    shown.comments.map((c: { body: string }) => c.body),
    ['looking'],
  );
  const assigned = await world.run(['alerts', 'assign', a.id, '--to', 'me', '--json']);
  assert.ok(JSON.parse(assigned.stdout)[0].assignee_id);
  const open = JSON.parse((await world.run(['alerts', 'list', '--source', 'cli-test', '--json'])).stdout);
  assert.equal(
    open.map((x: { id: string }) => x.id),
    [a.id],
  );
});

test('errors exit with distinct codes: usage 2, conflict 1, not found 3', async () => {
  const a = await admin.alerts.create({ title: 'closed', severity: 'low' });
  await admin.alerts.markFalsePositive(a.id);
  const usage = await world.run(['alerts', 'list', '--sort', 'sideways']);
  assert.is(usage.code, 2);
  const conflict = await world.run(['alerts', 'resolve', a.id]);
  assert.is(conflict.code, 1);
  assert.match(conflict.stderr, /ALERT_TRANSITION_INVALID/);
  assert.match(conflict.stderr, /from\s+false_positive\s+it\s+can\s+go\s+to\s+acknowledged/);
  const missing = await world.run(['alerts', 'show', 'no-such-alert']);
  assert.is(missing.code, 3);
  assert.match(missing.stderr, /ALERT_NOT_FOUND/);
  const down = await world.run(['alerts', 'list', '--json'], { env: { SECAI_URL: 'http://127.0.0.1:9' } });
  assert.is(down.code, 5);
  assert.is(JSON.parse(down.stdout).error.code, 'CONNECTION_FAILED');
});

test('personal API tokens work through SECAI_TOKEN and respect their scope', async () => {
  const created = JSON.parse((await world.run(['tokens', 'create', 'ci', '--permission', 'alerts:read', '--json'])).stdout);
  assert.match(created.token, /^secai_pat_/);
  const env = { SECAI_TOKEN: created.token, SECAI_CONFIG_DIR: join(world.configDir, 'empty') };
  assert.is((await world.run(['alerts', 'list', '--json'], { env })).code, 0);
  const denied = await world.run(['assets', 'list'], { env });
  assert.is(denied.code, 4);
  assert.match(denied.stderr, /assets:read/);
  const tokens = JSON.parse((await world.run(['tokens', 'list', '--json'])).stdout);
  assert.ok(tokens.some((t: { id: string }) => t.id === created.id));
  assert.is((await world.run(['tokens', 'revoke', created.id])).code, 0);
  assert.is((await world.run(['alerts', 'list'], { env })).code, 4);
});

test('an expired access token is refreshed and the profile is updated', async () => {
  const file = join(world.configDir, 'config.json');
  const saved = JSON.parse(readFileSync(file, 'utf8'));
  const { sub, sid } = jwt.decode(saved.profiles.default.token) as { sub: string; sid: string };
  saved.profiles.default.token = jwt.sign({ sub, sid, exp: Math.floor(Date.now() / 1000) - 5 }, JWT_SECRET, {
    algorithm: 'HS256',
    issuer: 'secai',
    audience: 'secai-api',
  });
  const expired = saved.profiles.default.token;
  writeFileSync(file, JSON.stringify(saved));
  const who = await world.run(['whoami', '--json']);
  assert.is(who.code, 0, who.stderr);
  const after = JSON.parse(readFileSync(file, 'utf8'));
  assert.is.not(after.profiles.default.token, expired);
  assert.is.not(after.profiles.default.refresh_token, saved.profiles.default.refresh_token);
});

test('sessions, users, roles and audit answer as tables and JSON', async () => {
  const sessions = JSON.parse((await world.run(['sessions', 'list', '--active', '--json'])).stdout);
  assert.ok(sessions.some((s: { current: boolean }) => s.current));
  const users = JSON.parse((await world.run(['users', 'list', '--json'])).stdout);
  assert.ok(users.some((u: { username: string }) => u.username === 'alice'));
  const roles = (await world.run(['roles', 'list'])).stdout;
  assert.match(roles, /^admin\tyes\t\*/m);
  const audit = await world.run(['audit', 'list']);
  assert.is(audit.code, 4, 'analysts cannot read the audit log');
});

test('alerts triage refuses to run without a terminal', async () => {
  const res = await world.run(['alerts', 'triage']);
  assert.is(res.code, 2);
  assert.match(res.stderr, /needs a terminal/);
});

test('vulns import reads a report from a file or stdin; vulns check gates on severity, new-only and SARIF', async () => {
  const report = (cves: string[], severity = 'HIGH') =>
    JSON.stringify({
      SchemaVersion: 2,
      ArtifactName: 'ci:1',
      Results: [
        {
          Target: 'ci:1',
          Vulnerabilities: cves.map((id) => ({
            VulnerabilityID: id,
            PkgName: 'openssl',
            InstalledVersion: '3.0.2',
            FixedVersion: '3.0.9',
            Severity: severity,
          })),
        },
      ],
    });
  const file = join(world.configDir, 'trivy.json');
  writeFileSync(file, report(['CVE-2023-2650']));
  const first = await world.run(['vulns', 'import', file, '--tag', 'ci', '--json']);
  assert.is(first.code, 0, first.stderr);
  assert.equal([JSON.parse(first.stdout).format, JSON.parse(first.stdout).new], ['trivy', 1]);
  const gate = await world.run(['vulns', 'check', '--fail-on', 'high', '--json']);
  assert.is(gate.code, 1);
  assert.is(JSON.parse(gate.stdout).failing.length, 1);
  assert.is((await world.run(['vulns', 'check', '--fail-on', 'critical'])).code, 0);
  const second = await world.run(['vulns', 'import', '-', '--tag', 'ci', '--format', 'trivy', '--json'], {
    stdin: report(['CVE-2023-2650', 'CVE-2024-0727']),
  });
  assert.equal([JSON.parse(second.stdout).new, JSON.parse(second.stdout).updated], [1, 1]);
  const fresh = await world.run(['vulns', 'check', '--fail-on', 'high', '--new-only', '--json']);
  assert.equal(
    JSON.parse(fresh.stdout).failing.map((v: { cve_ids: string[] }) => v.cve_ids[0]),
    ['CVE-2024-0727'],
  );
  const sarif = await world.run(['vulns', 'check', '--fail-on', 'high', '--sarif']);
  assert.is(sarif.code, 1);
  const log = JSON.parse(sarif.stdout);
  assert.is(log.version, '2.1.0');
  assert.is(log.runs[0].results.length, 2);
  const broken = await world.run(['vulns', 'import', '-', '--format', 'trivy'], { stdin: '{"SchemaVersion": 2, "Results": [' });
  assert.is(broken.code, 2);
  assert.match(broken.stderr, /stdin: not valid JSON/);
});

test('vulns enrich loads KEV and EPSS files; vulns list filters on KEV and sorts by priority', async () => {
  const kev = join(world.configDir, 'kev.json');
  const epss = join(world.configDir, 'epss.csv');
  writeFileSync(
    kev,
    JSON.stringify({
      catalogVersion: '2026.11.01',
      vulnerabilities: [{ cveID: 'CVE-2024-0727', dueDate: '2024-02-01', knownRansomwareCampaignUse: 'Unknown' }],
    }),
  );
  writeFileSync(
    epss,
    '#model_version:v1,score_date:2026-11-01T00:00:00Z\ncve,epss,percentile\nCVE-2024-0727,0.5,0.9\nCVE-2023-2650,0.001,0.1\n',
  );
  const res = await world.run(['vulns', 'enrich', '--kev', kev, '--epss', epss, '--json']);
  assert.is(res.code, 0, res.stderr);
  assert.equal([JSON.parse(res.stdout).kev_cves, JSON.parse(res.stdout).epss_cves], [1, 2]);
  const kevOnly = JSON.parse((await world.run(['vulns', 'list', '--kev', '--json'])).stdout);
  assert.equal(
    kevOnly.map((v: { cve_ids: string[] }) => v.cve_ids[0]),
    ['CVE-2024-0727'],
  );
  const ranked = JSON.parse((await world.run(['vulns', 'list', '--json'])).stdout);
  assert.is(ranked[0].cve_ids[0], 'CVE-2024-0727');
  assert.ok(ranked[0].priority > ranked[1].priority);
  assert.is((await world.run(['vulns', 'enrich'])).code, 2);
});

test('logout ends the session and forgets the profile', async () => {
  const res = await world.run(['logout']);
  assert.is(res.code, 0);
  const who = await world.run(['whoami']);
  assert.is(who.code, 4);
  assert.match(who.stderr, /Not logged in/);
  assert.match(who.stderr, /secai login/);
});

test.run();
