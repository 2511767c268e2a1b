// client.rules against a real `secai serve` (SQLite, port 0): a rule set imported, listed,
// tuned, silenced and tested.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type RunningServer, startServer } from '@secai/server';
import { pino } from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NotFoundError, Secai, ValidationError } from './index.js';

let server: RunningServer;
let dataDir: string;
let admin: Secai;

const WHOAMI_ID = '6f1d2c3b-0a9e-4d8c-b7f6-5e4d3c2b1a00';
const WHOAMI = `title: Whoami run
id: ${WHOAMI_ID}
status: test
level: medium
tags: [attack.discovery, attack.t1033]
logsource: { product: windows, category: process_creation }
detection:
  selection: { Image|endswith: '\\whoami.exe' }
  condition: selection
`;
const SIDEWAYS = `title: Sideways
status: experimental
level: high
logsource: { product: windows, category: process_creation }
detection:
  selection: { Image|sideways: x }
  condition: selection
`;

test.before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'secai-sdk-rules-'));
  const config = loadConfig({
    env: {},
    flags: {
      port: 0,
      dataDir,
      adminPassword: 'sdk-admin-password',
      jwtSecret: 'sdk-rules-secret-sdk-rules-secret-sdk',
      logLevel: 'silent',
    },
  });
  server = await startServer(config, { logger: pino({ level: 'silent' }) });
  admin = await Secai.login({ baseUrl: server.url, username: 'admin', password: 'sdk-admin-password' });
});

test.after(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('imports a set, keeps a refused rule disabled with why, and a second import changes nothing', async () => {
  const files = [
    { path: 'whoami.yml', content: WHOAMI },
    { path: 'sideways.yml', content: SIDEWAYS },
  ];
  const first = await admin.rules.import({ rule_set: 'sdk', files });
  assert.equal([first.version, first.added, first.refused.length], [1, 2, 1]);
  assert.is(first.refused[0]?.path, 'sideways.yml');
  const again = await admin.rules.import({ rule_set: 'sdk', files });
  assert.equal([again.version, again.added, again.unchanged], [1, 0, 2]);
  const refused = await admin.rules.list({ rule_set: 'sdk', runnable: false });
  assert.equal(
    refused.data.map((r) => [r.title, r.enabled]),
    [['Sideways', false]],
  );
  const [set] = (await admin.rules.sets()).data;
  assert.equal([set?.name, set?.rules, set?.enabled, set?.refused], ['sdk', 2, 1, 1]);
});

test('gets a rule by Sigma id, overrides its level, silences it and lifts the silence', async () => {
  const rule = await admin.rules.get(WHOAMI_ID);
  assert.is(rule.title, 'Whoami run');
  assert.ok(rule.yaml.includes('whoami.exe'));
  assert.is((await admin.rules.update(rule.id, { level_override: 'low' })).severity, 'low');
  const exception = await admin.rules.addException(rule.id, { match: { 'host.name': ['build-*'] }, reason: 'CI runners' });
  assert.is(exception.owner, 'admin');
  assert.equal(
    (await admin.rules.get(rule.id)).exceptions.map((e) => e.id),
    [exception.id],
  );
  await admin.rules.deleteException(rule.id, exception.id);
  assert.is((await admin.rules.get(rule.id)).exceptions.length, 0);
  try {
    await admin.rules.deleteException(rule.id, exception.id);
    assert.unreachable('deleted twice');
  } catch (err) {
    assert.instance(err, NotFoundError);
    assert.is((err as NotFoundError).code, 'RULE_EXCEPTION_NOT_FOUND');
  }
});

test('disables by tag in bulk; a refused rule cannot be enabled', async () => {
  assert.is((await admin.rules.updateMany({ filter: { rule_set: 'sdk', tag: ['attack.t1033'] }, enabled: false })).updated, 1);
  assert.is((await admin.rules.list({ rule_set: 'sdk', enabled: true })).data.length, 0);
  const [refused] = (await admin.rules.list({ rule_set: 'sdk', runnable: false })).data;
  try {
    await admin.rules.update(refused?.id ?? '', { enabled: true });
    assert.unreachable('enabled');
  } catch (err) {
    assert.instance(err, ValidationError);
  }
});

test('tests rules on events without storing anything', async () => {
  const result = await admin.rules.test({
    rules: WHOAMI,
    events: [{ EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Image: 'C:\\Windows\\System32\\whoami.exe' }, 'a log line'],
  });
  assert.is(result.events, 2);
  assert.equal(
    result.hits.map((h) => [h.sigma_id, h.events]),
    [[WHOAMI_ID, [0]]],
  );
});

test.run();
