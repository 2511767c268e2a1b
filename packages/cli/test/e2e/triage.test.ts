// Drives the interactive triage loop through a real pseudo-terminal (util-linux `script`).
import { spawn } from 'node:child_process';
import { Secai } from '@secai/sdk';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ADMIN_PASSWORD, BIN, type CliWorld, startWorld } from './harness.js';

const DOWN = '\u001b[B';
const UP = '\u001b[A';
const ENTER = '\r';

let world: CliWorld;
let admin: Secai;

test.before(async () => {
  world = await startWorld();
  admin = await Secai.login({ baseUrl: world.server.url, username: 'admin', password: ADMIN_PASSWORD });
  await world.run(['login', '--username', 'admin', '--password-stdin'], { stdin: `${ADMIN_PASSWORD}\n` });
});
test.after(() => world.close());

/** Starts `secai alerts triage` in a PTY; `until(text)` waits for output, `type(keys)` presses keys. */
function triage(args: string[] = []) {
  const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
  const command = [process.execPath, BIN, 'alerts', 'triage', ...args].map(quote).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    env: { ...process.env, SECAI_CONFIG_DIR: world.configDir, SECAI_URL: world.server.url, NO_COLOR: '1', COLUMNS: '120' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  let seen = 0;
  child.stdout.on('data', (c) => (screen += c));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    exited,
    screen: () => screen,
    /** Waits until `text` appears after what earlier waits consumed. */
    async until(text: string, timeoutMs = 15_000) {
      const start = Date.now();
      for (;;) {
        const at = screen.indexOf(text, seen);
        if (at >= 0) {
          seen = at + text.length;
          return;
        }
        if (Date.now() - start > timeoutMs)
          throw new Error(`timed out waiting for ${JSON.stringify(text)}; screen:\n${screen.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    type(keys: string) {
      child.stdin.write(keys);
    },
  };
}

test('the menu shows every choice at once, Skip and Quit included', async () => {
  const { id } = await admin.alerts.create({ title: 'Triage menu', severity: 'critical', source: 'triage-menu' });
  const t = triage();
  await t.until('What now?');
  // Ten choices for a new, unassigned alert: all on screen before any key is pressed.
  await t.until('Skip', 5000);
  await t.until('Quit', 5000);
  t.type('\u0003');
  assert.is(await t.exited, 130);
  // Out of the way of the tests that follow, which count what triage shows.
  await admin.alerts.delete(id);
});

test('walks open alerts most severe first: acknowledge, resolve with a comment, then quit', async () => {
  const low = await admin.alerts.create({ title: 'Triage low', severity: 'low', source: 'triage' });
  const critical = await admin.alerts.create({ title: 'Triage critical', severity: 'critical', source: 'triage' });
  const t = triage();
  await t.until('[1/2]  CRITICAL  Triage critical');
  await t.until('What now?');
  t.type(ENTER); // Acknowledge (first choice of a new alert)
  await t.until('→ acknowledged');
  await t.until('What now?');
  // Choices now: Start investigating, Assign to me, Assign to someone…, Resolve, …
  t.type(`${DOWN}${DOWN}${DOWN}${ENTER}`);
  await t.until('How was it resolved?');
  t.type(`rotated the credentials${ENTER}`);
  await t.until('→ resolved');
  await t.until('[2/2]  LOW  Triage low');
  await t.until('What now?');
  t.type(`${UP}${ENTER}`); // Quit (the list wraps)
  await t.until('Reviewed 2 alerts');
  assert.is(await t.exited, 0);
  assert.match(t.screen(), /Reviewed 2 alerts: 1 acknowledged, 1 resolved, 1 commented\./);
  const after = await admin.alerts.get(critical.id);
  assert.is(after.status, 'resolved');
  assert.equal(
    (await admin.alerts.comments(critical.id)).data.map((c) => c.body),
    ['rotated the credentials'],
  );
  assert.is((await admin.alerts.get(low.id)).status, 'new');
});

test('Ctrl-C ends the loop with its summary and exits 130, as shells expect of an interrupt', async () => {
  const t = triage(['--min-severity', 'low']);
  await t.until('What now?');
  t.type('\u0003');
  await t.until('Reviewed 1 alert');
  assert.is(await t.exited, 130);
});

test.run();
