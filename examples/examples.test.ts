// Every example runs against a real server, as a user would run it.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Secai } from '@secai/sdk';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ADMIN_PASSWORD, BIN, type CliWorld, startWorld } from '../packages/cli/test/e2e/harness.js';

const run = promisify(execFile);
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

let world: CliWorld;
let admin: Secai;
let token: string;

test.before(async () => {
  world = await startWorld();
  admin = await Secai.login({ baseUrl: world.server.url, username: 'admin', password: ADMIN_PASSWORD });
  token = (await admin.tokens.create({ name: 'examples' })).token;
});
test.after(() => world.close());

async function example(cmd: string, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(cmd, args, { env: { ...process.env, SECAI_URL: world.server.url, SECAI_TOKEN: token, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test('import-assets imports 5,000 assets from a CSV, and a second run updates them', async () => {
  const csv = join(world.configDir, 'hosts.csv');
  const rows = ['hostname,ip_addresses,criticality,exposure,owner,tags'];
  for (let i = 0; i < 5000; i++)
    rows.push(
      `ex-${i}.example,10.${(i >> 8) & 255}.${i & 255}.1,${['low', 'medium', 'high', 'critical'][i % 4]},internal,it-ops,example;batch`,
    );
  writeFileSync(csv, `${rows.join('\n')}\n`);
  const script = here('./import-assets/import-assets.ts');
  const first = await example(process.execPath, ['--import', 'tsx', script, csv]);
  assert.is(first.code, 0, first.stderr);
  assert.equal(JSON.parse(first.stdout), { created: 5000, updated: 0, failed: 0 });
  assert.match(first.stderr, /sent 5000: 5000 created/);
  const second = await example(process.execPath, ['--import', 'tsx', script, csv]);
  assert.equal(JSON.parse(second.stdout), { created: 0, updated: 5000, failed: 0 });
});

test('triage-bot acknowledges and assigns exactly the alerts whose rule matches', async () => {
  const ssh = await admin.alerts.create({ title: 'SSH brute force', severity: 'high', rule: 'sshd_bruteforce_success' });
  const other = await admin.alerts.create({ title: 'PowerShell', severity: 'high', rule: 'proc_creation_win_powershell_encoded' });
  const res = await example(process.execPath, ['--import', 'tsx', here('./triage-bot/triage-bot.ts'), '^sshd_']);
  assert.is(res.code, 0, res.stderr);
  assert.equal(JSON.parse(res.stdout), { acknowledged: 1 });
  const acked = await admin.alerts.get(ssh.id);
  assert.is(acked.status, 'acknowledged');
  assert.ok(acked.assignee_id);
  assert.match((await admin.alerts.comments(ssh.id)).data[0]?.body ?? '', /rule sshd_bruteforce_success matches/);
  assert.is((await admin.alerts.get(other.id)).status, 'new');
});

test('ci-gate passes when clear, fails on an open critical, and reports a bad token as such', async () => {
  const env = { SECAI_BIN: `${process.execPath} ${BIN}`, SECAI_CONFIG_DIR: world.configDir };
  const gate = here('./ci-gate/ci-gate.sh');
  const clear = await example('sh', [gate], env);
  assert.is(clear.code, 0, clear.stderr);
  assert.match(clear.stdout, /0 open critical vulnerabilities, 0 open critical alerts/);
  await admin.vulns.create({ title: 'Log4Shell', severity: 'critical', cve_ids: ['CVE-2021-44228'] });
  const blocked = await example('sh', [gate], env);
  assert.is(blocked.code, 1);
  assert.match(blocked.stdout, /1 open critical vulnerabilities/);
  assert.match(blocked.stderr, /CVE-2021-44228/);
  const badToken = await example('sh', [gate], { ...env, SECAI_TOKEN: 'secai_pat_wrong' });
  assert.is(badToken.code, 4);
});

test.run();
