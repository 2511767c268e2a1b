// `secai logs` and `secai collectors` as a user of log collection met them (issue 10): a query
// with lower-case operators that finds nothing, --fields that names a fixed column, and errors
// printed as every other command prints them.
import { spawn } from 'node:child_process';
import { Secai } from '@secai/sdk';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ADMIN_PASSWORD, BIN, type CliWorld, startWorld } from './harness.js';

let world: CliWorld;
const DOWN = { SECAI_URL: 'http://127.0.0.1:9' };

test.before(async () => {
  world = await startWorld();
  const admin = await Secai.login({ baseUrl: world.server.url, username: 'admin', password: ADMIN_PASSWORD });
  await admin.logs.ingest(['<38>Dec  3 10:00:00 web-1 sshd[7]: Failed password for root from 10.0.0.9 port 2222 ssh2'], { source: 'auth' });
  await world.server.runtime.pipeline.drained();
  const login = await world.run(['login', '--username', 'admin', '--password-stdin'], { stdin: `${ADMIN_PASSWORD}\n` });
  assert.is(login.code, 0, login.stderr);
});
test.after(() => world.close());

test('a search that finds nothing says on stderr how its lower-case and, or, not read as operators', async () => {
  const none = await world.run(['logs', 'search', 'failed and root or alice']);
  assert.is(none.code, 0, none.stderr);
  assert.is(none.stdout, '');
  const hint = none.stderr.trimEnd().split('\n');
  assert.is(hint.length, 1, none.stderr);
  assert.match(hint[0] as string, /failed AND root OR alice$/);
  const found = await world.run(['logs', 'search', 'failed AND root']);
  assert.match(found.stdout, /Failed password for root/);
  assert.is(found.stderr, '');
  const nothing = await world.run(['logs', 'search', 'failed AND alice']);
  assert.is(nothing.stderr, '', 'no hint without lower-case operators');
  const json = await world.run(['logs', 'search', 'failed and alice', '--json']);
  assert.equal([JSON.parse(json.stdout), json.stderr], [[], ''], '--json stays quiet');
});

test('--fields that lists message, or a field twice, shows each column once', async () => {
  const res = await world.run(['logs', 'search', 'failed', '--fields', 'message,user.name,message,user.name', '--csv']);
  assert.is(res.code, 0, res.stderr);
  assert.is(res.stdout.split('\n')[0], 'time,host,user.name,message');
  const picked = await world.run(['logs', 'search', 'failed', '--columns', 'message,time,message', '--csv']);
  assert.is(picked.stdout.split('\n')[0], 'message,time');
});

test('logs tail shows the last events; with -f it follows new ones, and shows none twice', async () => {
  const last = await world.run(['logs', 'tail', '-n', '1']);
  assert.is(last.code, 0, last.stderr);
  assert.match(last.stdout, /web-1 .*Failed password for root/);

  const admin = await Secai.login({ baseUrl: world.server.url, username: 'admin', password: ADMIN_PASSWORD });
  const line = (n: number) => `<38>Dec  3 10:00:0${n} tail-1 sshd[${n}]: Failed password for tail${n} from 10.0.0.${n} port 22 ssh2`;
  await admin.logs.ingest([line(1)], { source: 'auth' });
  await world.server.runtime.pipeline.drained();
  const child = spawn(process.execPath, [BIN, 'logs', 'tail', '-f', '-n', '5', '--json', 'host.hostname:tail-1'], {
    env: { ...process.env, SECAI_CONFIG_DIR: world.configDir, SECAI_URL: world.server.url, NO_COLOR: '1', SECAI_TOKEN: undefined },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const lines = () =>
    stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l).message as string);
  const until = async (what: () => boolean, why: string) => {
    for (let waited = 0; !what(); waited += 50) {
      if (waited > 15_000) throw new Error(`timed out waiting for ${why}: ${stdout} ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await until(() => lines().length === 1, 'the last event');
  // The pipeline learns within a second that someone follows the events.
  await new Promise((r) => setTimeout(r, 1_200));
  await admin.logs.ingest([line(2), line(3)], { source: 'auth' });
  await until(() => lines().length === 3, 'the two new events');
  child.kill('SIGINT');
  const code = await new Promise((resolve) => child.on('close', resolve));
  assert.is(code, 0, stderr);
  assert.equal(
    lines().map((m) => /for (tail\d)/.exec(m)?.[1]),
    ['tail1', 'tail2', 'tail3'],
  );
  assert.is(stderr, '', 'quiet with --json');
});

const FAILURES: [why: string, args: string[], exit: number, env?: Record<string, string>][] = [
  ['a bad flag value', ['logs', 'search', '--limit', '0'], 2],
  ['a bad flag value', ['logs', 'stats', '--by', 'host.name', '--limit', '0'], 2],
  ['a bad flag value', ['logs', 'tail', '-n', '5000'], 2],
  ['a bad flag value', ['logs', 'send', '-', '--batch-size', '0'], 2],
  ['a bad flag value', ['logs', 'parse', '-', '--timezone', 'Nowhere/Else'], 2],
  ['a bad flag value', ['logs', 'search', '--since', 'yesterday'], 2],
  ['a bad flag value', ['collectors', 'list', '--columns', 'nope'], 2],
  ['a bad flag value', ['alerts', 'list', '--limit', '0'], 2],
  ['a server that is down', ['logs', 'search', 'failed'], 5, DOWN],
  ['a server that is down', ['logs', 'stats', '--by', 'host.name'], 5, DOWN],
  ['a server that is down', ['logs', 'tail'], 5, DOWN],
  ['a server that is down', ['logs', 'tail', '-f'], 5, DOWN],
  ['a server that is down', ['alerts', 'watch'], 5, DOWN],
  ['a server that is down', ['collectors', 'list'], 5, DOWN],
  ['a problem document', ['logs', 'search', 'user.name:(root'], 2],
  ['a problem document', ['logs', 'stats', 'user.name:(root', '--by', 'host.name'], 2],
  ['a problem document', ['logs', 'tail', 'user.name:(root'], 2],
  ['a problem document', ['logs', 'tail', '-f', 'user.name:(root'], 2],
];

test('logs and collectors errors are printed in the one style: Error, Code, exit status', async () => {
  for (const [why, args, exit, env] of FAILURES) {
    const res = await world.run(args, { ...(env && { env }), stdin: '' });
    const shown = `${why}: secai ${args.join(' ')}\n${res.stderr}`;
    assert.is(res.code, exit, shown);
    const stderr = res.stderr.trimEnd().split('\n');
    assert.match(stderr[0] as string, /^ {4}Error: /, shown);
    for (const line of stderr) assert.match(line, /^ {4}\S/, shown);
    assert.ok(
      stderr.some((l) => /^ {4}Code: [A-Z_]+$/.test(l)),
      shown,
    );
  }
});

test('with --json the same errors are one JSON error on stdout whose exit_code is the status', async () => {
  // --columns picks table columns: with --json, as for every list, there is no table to pick from.
  for (const [why, args, exit, env] of FAILURES.filter(([, args]) => !args.includes('--columns'))) {
    const res = await world.run([...args, '--json'], { ...(env && { env }), stdin: '' });
    const shown = `${why}: secai ${args.join(' ')} --json\n${res.stdout}${res.stderr}`;
    assert.is(res.code, exit, shown);
    const { error } = JSON.parse(res.stdout);
    assert.equal([typeof error.code, typeof error.message, error.exit_code], ['string', 'string', exit], shown);
    assert.is(res.stderr, '', shown);
  }
});

test.run();
