// secai vulns import and check as a CI pipeline runs them: a wrong --format changes nothing,
// --dry-run writes nothing, and the gate judges one scope, names where each finding is, and
// writes SARIF that the official 2.1.0 schema accepts.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Secai } from '@secai/sdk';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ADMIN_PASSWORD, type CliWorld, startWorld } from './harness.js';

/** The parts of a SARIF 2.1.0 run these tests read. */
type SarifRun = {
  tool: { driver: { rules: { id: string }[] } };
  results: { ruleId: string; ruleIndex: number; locations: object[] }[];
};

let world: CliWorld;
let admin: Secai;

test.before(async () => {
  world = await startWorld();
  admin = await Secai.login({ baseUrl: world.server.url, username: 'admin', password: ADMIN_PASSWORD });
  const login = await world.run(['login', '--username', 'admin', '--password-stdin'], { stdin: `${ADMIN_PASSWORD}\n` });
  assert.is(login.code, 0, login.stderr);
});
test.after(() => world.close());

interface Vuln {
  id: string;
  severity: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';
  path?: string;
}

/** A Trivy report of image `app:1` with these vulnerabilities, written to a file of the test's own. */
function trivyFile(name: string, vulns: Vuln[]): string {
  const file = join(world.configDir, name);
  const report = {
    SchemaVersion: 2,
    ArtifactName: 'app:1',
    Results: [
      {
        Target: 'app:1 (debian 12)',
        Vulnerabilities: vulns.map((v) => ({
          VulnerabilityID: v.id,
          PkgName: `pkg-${v.id}`,
          InstalledVersion: '1.0',
          FixedVersion: '1.1',
          Severity: v.severity,
          Title: `${v.id} title`,
          ...(v.path && { PkgPath: v.path }),
        })),
      },
    ],
  };
  writeFileSync(file, JSON.stringify(report));
  return file;
}

async function openIn(tag: string): Promise<string[]> {
  const res = await world.run(['vulns', 'list', '--tag', tag, '--json']);
  assert.is(res.code, 0, res.stderr);
  return (JSON.parse(res.stdout) as { cve_ids: string[] }[]).map((v) => v.cve_ids[0] as string).sort();
}

const FIVE: Vuln[] = ['0001', '0002', '0003', '0004', '0005'].map((n) => ({ id: `CVE-2025-${n}`, severity: 'HIGH' }));

test('a report of another format than --format says exits 2 with REPORT_INVALID and closes nothing', async () => {
  const file = trivyFile('trivy.json', FIVE);
  const first = await world.run(['vulns', 'import', file, '--tag', 'g2']);
  assert.is(first.code, 0, first.stderr);
  const wrong = await world.run(['vulns', 'import', file, '--format', 'grype', '--tag', 'g2']);
  assert.is(wrong.code, 2, wrong.stderr);
  assert.match(wrong.stderr, /REPORT_INVALID/);
  assert.match(wrong.stderr, /not a Grype report/);
  assert.equal(
    await openIn('g2'),
    FIVE.map((v) => v.id),
  );
});

test('--dry-run shows what the import would open, fix and reopen, and writes nothing', async () => {
  const next = trivyFile('trivy-next.json', [...FIVE.slice(1), { id: 'CVE-2025-0006', severity: 'CRITICAL' }]);
  const before = (await admin.imports.list({ limit: 100 })).data.length;
  const shown = await world.run(['vulns', 'import', next, '--tag', 'g2', '--dry-run']);
  assert.is(shown.code, 0, shown.stderr);
  assert.match(shown.stderr, /Dry run, nothing written: 5 findings; would open 1, refresh 4, fix 1, reopen 0/);
  assert.match(shown.stdout, /^open\tcritical\tCVE-2025-0006 title\t/m);
  assert.match(shown.stdout, /^fix\thigh\tCVE-2025-0001 title\t/m);
  const json = JSON.parse((await world.run(['vulns', 'import', next, '--tag', 'g2', '--dry-run', '--json'])).stdout);
  assert.equal([json.dry_run, json.new, json.closed, json.changes.fix[0].title], [true, 1, 1, 'CVE-2025-0001 title']);
  assert.equal(
    await openIn('g2'),
    FIVE.map((v) => v.id),
  );
  assert.is((await admin.imports.list({ limit: 100 })).data.length, before);
});

test('the gate judges only the scope asked for, and --new-only only what its latest import brought', async () => {
  const app = trivyFile('app.json', [
    { id: 'CVE-2025-1001', severity: 'CRITICAL', path: 'srv/node_modules/left-pad/package.json' },
    { id: 'CVE-2025-1002', severity: 'HIGH' },
  ]);
  assert.is((await world.run(['vulns', 'import', app, '--tag', 'app'])).code, 0);
  // g2 has highs only: a critical gate on it passes although "app" has a critical.
  const g2 = await world.run(['vulns', 'check', '--fail-on', 'critical', '--tag', 'g2']);
  assert.is(g2.code, 0, g2.stderr);
  assert.match(g2.stderr, /No open vulnerabilities at critical or worse in --tag g2/);
  const failing = await world.run(['vulns', 'check', '--fail-on', 'critical', '--tag', 'app']);
  assert.is(failing.code, 1, failing.stderr);
  assert.match(failing.stderr, /1 open vulnerability at critical or worse in --tag app/);
  // Piped output: the row names where the finding is.
  assert.match(failing.stdout, /CVE-2025-1001.*srv\/node_modules\/left-pad\/package\.json/);

  const again = trivyFile('app-2.json', [
    { id: 'CVE-2025-1001', severity: 'CRITICAL', path: 'srv/node_modules/left-pad/package.json' },
    { id: 'CVE-2025-1003', severity: 'CRITICAL' },
  ]);
  assert.is((await world.run(['vulns', 'import', again, '--tag', 'app'])).code, 0);
  // Another scope imported later must not make "app"'s new findings old, nor add its own.
  assert.is((await world.run(['vulns', 'import', trivyFile('other.json', FIVE), '--tag', 'other'])).code, 0);
  const fresh = await world.run(['vulns', 'check', '--fail-on', 'critical', '--tag', 'app', '--new-only', '--json']);
  assert.is(fresh.code, 1, fresh.stderr);
  const result = JSON.parse(fresh.stdout);
  assert.equal(
    result.failing.map((v: { cve_ids: string[] }) => v.cve_ids[0]),
    ['CVE-2025-1003'],
  );
  assert.is(result.failing[0].where, 'app:1 (debian 12)');
});

test('--asset takes a hostname, and the gate names the asset', async () => {
  await admin.assets.create({ hostname: 'web-1.example', criticality: 'high', exposure: 'internet' });
  const file = trivyFile('web.json', [{ id: 'CVE-2025-2001', severity: 'CRITICAL' }]);
  assert.is((await world.run(['vulns', 'import', file, '--asset', 'web-1.example'])).code, 0);
  const res = await world.run(['vulns', 'check', '--fail-on', 'critical', '--asset', 'web-1.example', '--json']);
  assert.is(res.code, 1, res.stderr);
  const result = JSON.parse(res.stdout);
  assert.equal(
    result.failing.map((v: { cve_ids: string[]; where: string }) => [v.cve_ids[0], v.where]),
    [['CVE-2025-2001', 'web-1.example']],
  );
  const unknown = await world.run(['vulns', 'check', '--asset', 'no-such-host.example']);
  assert.is(unknown.code, 2, unknown.stderr);
  assert.match(unknown.stderr, /--asset/);
});

test('a --tag no import carries fails the gate with exit 2 instead of passing an empty scope', async () => {
  for (const command of ['check', 'list']) {
    const res = await world.run(['vulns', command, '--tag', 'no-such-tag']);
    assert.is(res.code, 2, `${command}: ${res.stderr}`);
    assert.match(res.stderr, /--tag/);
    assert.match(res.stderr, /no import has the tag no-such-tag/);
  }
});

test('--sarif carries rules and locations and is valid SARIF 2.1.0', async () => {
  const res = await world.run(['vulns', 'check', '--fail-on', 'high', '--sarif']);
  assert.is(res.code, 1, res.stderr);
  const log = JSON.parse(res.stdout);
  const {
    id,
    $schema: _draft,
    ...schema
  } = JSON.parse(readFileSync(new URL('./fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const validate = ajv.compile({ ...schema, $id: id });
  assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  // Valid SARIF 2.1.0 (checked just above) has at least the one run the gate writes.
  const [run] = (log as { runs: [SarifRun] }).runs;
  const results = run.results;
  assert.ok(results.length >= 8, `${results.length} results`);
  assert.ok(
    results.every((r) => r.locations.length === 1 && run.tool.driver.rules[r.ruleIndex]?.id === r.ruleId),
    'each result has a location and its rule',
  );
  const physical = results.find((r) => r.ruleId === 'CVE-2025-1001')?.locations[0];
  assert.equal(physical, { physicalLocation: { artifactLocation: { uri: 'srv/node_modules/left-pad/package.json' } } });
  const logical = results.find((r) => r.ruleId === 'CVE-2025-2001')?.locations[0];
  assert.equal(logical, { logicalLocations: [{ name: 'web-1.example', kind: 'resource' }] });
});

test.run();
