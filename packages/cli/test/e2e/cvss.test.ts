import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BIN } from './harness.js';

const run = async (args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, 'cvss', ...args], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return e;
  }
};

test('secai cvss scores vectors as JSON with the fields scripts rely on', async () => {
  const res = await run([
    'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P',
    'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U',
    '--json',
  ]);
  assert.is(res.code, 0);
  const [v3, v4] = JSON.parse(res.stdout);
  assert.equal([v3.version, v3.base_score, v3.temporal_score, v3.severity], ['3.1', 9.8, 9.3, 'critical']);
  assert.equal([v4.version, v4.base_score, v4.threat_score, v4.severity], ['4.0', 9.3, 8.1, 'high']);
  assert.is(v3.environmental_score, undefined);
});

test('secai cvss prints rows when piped and exits 2 naming a malformed metric', async () => {
  const ok = await run(['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H']);
  assert.is(ok.stdout, '3.1\t9.8\t\t\tcritical\tCVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\n');
  const bad = await run(['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:Z']);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /A:Z is not allowed; A takes H, L, N/);
});

test.run();
