import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CORPUS, corpusAvailable } from '../../_lib/corpus.js';
import { flattenEvent, getField, type LogEvent, type ParseContext } from '../event.js';
import { authMessages } from './auth.js';
import { createSyslogParser } from './syslog.js';

// The agreement with Elastic's system/auth expected documents is in syslog.test.ts, with the other
// line → document references; here are loghub's real sshd logs and the messages one by one.

const corpusTest = corpusAvailable ? test : test.skip;
const parser = createSyslogParser([authMessages]);
const ctx: ParseContext = { receivedAt: new Date('2023-12-31T12:00:00Z') };

function parse(line: string): LogEvent {
  const outcome = parser.parse(line, ctx);
  if (!outcome.ok) throw new Error(`${JSON.stringify(line)} did not parse: ${outcome.reason}`);
  return outcome.event;
}

/** Every leaf of `expected` equals the event's; lists compare as sets. */
function assertFields(event: LogEvent, expected: Record<string, unknown>, line: string): void {
  for (const [path, value] of Object.entries(expected)) {
    const actual = getField(event, path);
    const norm = (v: unknown) => (Array.isArray(v) ? [...v].sort() : v);
    assert.equal(norm(actual), norm(value), `${path} of ${line}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Loghub

corpusTest('recognises every sshd Failed password and Invalid user line of loghub OpenSSH_2k', () => {
  const lines = readFileSync(join(CORPUS, 'loghub/OpenSSH/OpenSSH_2k.log'), 'utf8').split('\n').filter(Boolean);
  // What `grep -c` counts; rsyslog's `message repeated 2 times: [ Failed password …]` included.
  const failedLines = lines.filter((line) => line.includes('Failed password'));
  const invalidLines = lines.filter((line) => line.includes('Invalid user'));
  assert.is(failedLines.length, 520);
  assert.is(invalidLines.length, 113);
  let failed = 0;
  let invalid = 0;
  for (const line of failedLines) {
    const event = parse(line);
    const ok =
      event.event.action === 'ssh_login' &&
      event.event.outcome === 'failure' &&
      getField(event, 'system.auth.ssh.event') === 'Failed' &&
      getField(event, 'system.auth.ssh.method') === 'password' &&
      event.source?.ip !== undefined &&
      event.source.port !== undefined &&
      event.user?.name !== undefined;
    assert.ok(ok, line);
    failed++;
  }
  for (const line of invalidLines) {
    const event = parse(line);
    const ok =
      event.event.action === 'ssh_login' &&
      event.event.outcome === 'failure' &&
      event.source?.ip !== undefined &&
      event.user?.name !== undefined;
    assert.ok(ok, line);
    invalid++;
  }
  console.log(`  OpenSSH_2k: ${failed}/${failedLines.length} Failed password, ${invalid}/${invalidLines.length} Invalid user recognised`);
});

corpusTest('gives every sshd line of loghub OpenSSH_2k that names a client its address', () => {
  const lines = readFileSync(join(CORPUS, 'loghub/OpenSSH/OpenSSH_2k.log'), 'utf8').split('\n').filter(Boolean);
  const actions = new Map<string, number>();
  let withAddress = 0;
  for (const line of lines) {
    const event = parse(line);
    const action = event.event.action ?? (event.event.outcome ? `(${event.event.category?.join('+')} ${event.event.outcome})` : '(none)');
    actions.set(action, (actions.get(action) ?? 0) + 1);
    // Every line with an IPv4 address (a dotted quad that is not the start of a host name).
    if (/[\s[=]\d+\.\d+\.\d+\.\d+(?=[\s\]:]|$)/.test(line)) {
      assert.ok(event.source?.ip, line);
      assert.ok(event.related?.ip?.includes(event.source.ip), line);
      withAddress++;
    }
  }
  console.log(`  OpenSSH_2k: ${withAddress} lines with a client address; ${[...actions].map(([a, n]) => `${a} ${n}`).join(', ')}`);
});

corpusTest('recognises every PAM authentication failure and session line of loghub Linux_2k', () => {
  const lines = readFileSync(join(CORPUS, 'loghub/Linux/Linux_2k.log'), 'utf8').split('\n').filter(Boolean);
  const failures = lines.filter((line) => line.includes('(pam_unix)') && line.includes('authentication failure'));
  const sessions = lines.filter((line) => line.includes('(pam_unix)') && / session (opened|closed) /.test(line));
  for (const line of failures) assertFields(parse(line), { 'event.category': ['authentication'], 'event.outcome': 'failure' }, line);
  for (const line of sessions) {
    const event = parse(line);
    assert.ok(event.event.action === 'logged-on' || event.event.action === 'logged-off', line);
    assert.ok(event.user?.name, line);
  }
  const withHost = failures.filter((line) => parse(line).source?.address !== undefined).length;
  assert.is(withHost, failures.filter((line) => /rhost=\S/.test(line)).length);
  console.log(
    `  Linux_2k: ${failures.length} PAM authentication failures (${withHost} with rhost), ${sessions.length} sessions recognised`,
  );
});

// ---------------------------------------------------------------------------------------------
// Messages one by one

const H = 'Oct 11 22:14:15 host';

const MESSAGES: [name: string, line: string, fields: Record<string, unknown>][] = [
  [
    'an accepted public key, with its signature',
    `${H} sshd[1]: Accepted publickey for moe from 10.128.176.58 port 43134 ssh2: ED25519 SHA256:B9urXskvGmmfbJmVQf0Yy`,
    {
      'event.action': 'ssh_login',
      'event.category': ['authentication', 'session'],
      'event.type': ['info'],
      'event.outcome': 'success',
      'user.name': 'moe',
      'source.ip': '10.128.176.58',
      'source.address': '10.128.176.58',
      'source.port': 43134,
      'system.auth.ssh.event': 'Accepted',
      'system.auth.ssh.method': 'publickey',
      'system.auth.ssh.signature': 'ED25519 SHA256:B9urXskvGmmfbJmVQf0Yy',
      'related.ip': ['10.128.176.58'],
      'related.user': ['moe'],
      'related.hosts': ['host'],
    },
  ],
  [
    'an accepted keyboard-interactive login',
    `${H} sshd[1]: Accepted keyboard-interactive/pam for alice from 2001:db8::7 port 50000 ssh2`,
    { 'event.outcome': 'success', 'system.auth.ssh.method': 'keyboard-interactive/pam', 'source.ip': '2001:db8::7', 'source.port': 50000 },
  ],
  [
    'a failed password for an invalid user',
    `${H} sshd[1]: Failed password for invalid user admin from 1.2.3.4 port 22 ssh2`,
    {
      'event.action': 'ssh_login',
      'event.outcome': 'failure',
      'event.category': ['authentication'],
      'user.name': 'admin',
      'source.ip': '1.2.3.4',
    },
  ],
  [
    'a failed none method (OpenSSH_2k)',
    `${H} sshd[1]: Failed none for invalid user 0 from 1.2.3.4 port 22 ssh2`,
    { 'system.auth.ssh.method': 'none', 'user.name': '0', 'event.outcome': 'failure' },
  ],
  [
    'a user name that forges another source, which the real one wins over',
    `${H} sshd[1]: Failed password for invalid user x from 6.6.6.6 port 1 ssh2 from 1.2.3.4 port 22 ssh2`,
    { 'source.ip': '1.2.3.4', 'source.port': 22, 'user.name': 'x from 6.6.6.6 port 1 ssh2', 'related.ip': ['1.2.3.4'] },
  ],
  [
    'an invalid user with a port',
    `${H} sshd[1]: Invalid user oracle from 1.2.3.4 port 4242`,
    { 'system.auth.ssh.event': 'Invalid', 'event.outcome': 'failure', 'user.name': 'oracle', 'source.port': 4242 },
  ],
  [
    'an invalid user with an empty name',
    `${H} sshd[1]: Invalid user  from 1.2.3.4 port 4242`,
    { 'event.outcome': 'failure', 'user.name': undefined, 'source.ip': '1.2.3.4' },
  ],
  [
    'the first try of a brute force, repeated by rsyslog',
    `${H} sshd[1]: message repeated 2 times: [ Failed password for root from 1.2.3.4 port 22 ssh2]`,
    { 'event.outcome': 'failure', 'user.name': 'root', 'source.ip': '1.2.3.4' },
  ],
  [
    'maximum authentication attempts exceeded',
    `${H} sshd[1]: error: maximum authentication attempts exceeded for invalid user admin from 1.2.3.4 port 22 ssh2 [preauth]`,
    {
      'event.action': 'ssh_login',
      'event.outcome': 'failure',
      'event.reason': 'maximum authentication attempts exceeded',
      'user.name': 'admin',
      'source.port': 22,
    },
  ],
  [
    'a connection closed before authentication',
    `${H} sshd[1]: Connection closed by 1.2.3.4 port 5555 [preauth]`,
    { 'event.action': 'ssh_disconnect', 'event.category': ['network'], 'event.type': ['end'], 'source.ip': '1.2.3.4', 'source.port': 5555 },
  ],
  [
    'a connection closed by an authenticating user',
    `${H} sshd[1]: Connection closed by authenticating user root 1.2.3.4 port 5555 [preauth]`,
    { 'event.action': 'ssh_disconnect', 'user.name': 'root', 'source.ip': '1.2.3.4', 'source.port': 5555 },
  ],
  [
    'a disconnect of an invalid user',
    `${H} sshd[1]: Disconnected from invalid user admin 1.2.3.4 port 5555 [preauth]`,
    { 'event.action': 'ssh_disconnect', 'user.name': 'admin', 'source.ip': '1.2.3.4', 'related.user': ['admin'] },
  ],
  [
    'a received disconnect with a port',
    `${H} sshd[1]: Received disconnect from 1.2.3.4 port 5555:11: Bye Bye [preauth]`,
    { 'event.action': 'ssh_disconnect', 'source.ip': '1.2.3.4', 'source.port': 5555 },
  ],
  [
    'a received disconnect without a port (OpenSSH_2k)',
    `${H} sshd[1]: Received disconnect from 139.59.209.18: 11: Bye Bye [preauth]`,
    { 'event.action': 'ssh_disconnect', 'source.ip': '139.59.209.18', 'source.port': undefined },
  ],
  [
    'no identification string',
    `${H} sshd[1]: Did not receive identification string from 1.2.3.4 port 61234`,
    { 'system.auth.ssh.dropped_ip': '1.2.3.4', 'source.ip': '1.2.3.4', 'source.port': 61234, 'related.ip': ['1.2.3.4'] },
  ],
  [
    'a reverse mapping that fails, a possible break-in',
    `${H} sshd[1]: reverse mapping checking getaddrinfo for ns.example.com [173.234.31.186] failed - POSSIBLE BREAK-IN ATTEMPT!`,
    { 'event.action': 'ssh_possible_break_in', 'source.ip': '173.234.31.186', 'source.domain': 'ns.example.com' },
  ],
  [
    'an address that does not map back, a possible break-in',
    `${H} sshd[1]: Address 1.2.3.4 maps to bad.example.com, but this does not map back to the address - POSSIBLE BREAK-IN ATTEMPT!`,
    { 'event.action': 'ssh_possible_break_in', 'source.ip': '1.2.3.4', 'source.domain': 'bad.example.com' },
  ],
  [
    "sshd's PAM failure count",
    `${H} sshd[1]: PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4  user=root`,
    { 'event.category': ['authentication'], 'event.outcome': 'failure', 'source.ip': '1.2.3.4', 'user.name': 'root' },
  ],
  [
    "Elastic's catch-all user … from … (illegal user)",
    `${H} sshd[1]: error: PAM: User not known to the underlying authentication module for illegal user test from test.example.com`,
    {
      'system.auth.ssh.event': 'error: PAM: User not known to the underlying authentication module for illegal',
      'user.name': 'test',
      'source.domain': 'test.example.com',
    },
  ],
  [
    'an OpenSSH 9.8 sshd-session login',
    `${H} sshd-session[1]: Accepted password for bob from 1.2.3.4 port 22 ssh2`,
    { 'event.action': 'ssh_login', 'event.outcome': 'success', 'user.name': 'bob' },
  ],
  [
    'sudo',
    `${H} sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id`,
    {
      'event.category': ['process'],
      'event.outcome': 'success',
      'user.name': 'alice',
      'user.effective.name': 'root',
      'process.name': 'sudo',
      'process.command_line': '/usr/bin/id',
      'system.auth.sudo.tty': 'pts/0',
      'system.auth.sudo.pwd': '/home/alice',
      'system.auth.sudo.user': 'root',
      'related.user': ['alice', 'root'],
    },
  ],
  [
    'sudo refused',
    `${H} sudo: bob : 3 incorrect password attempts ; TTY=pts/1 ; PWD=/ ; USER=root ; COMMAND=/bin/sh`,
    { 'event.outcome': 'failure', 'system.auth.sudo.error': '3 incorrect password attempts', 'user.name': 'bob' },
  ],
  [
    'sudo of a command with ` ; ` in it',
    `${H} sudo: moe : TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/bin/sh -c echo a ; /usr/bin/python x.py`,
    { 'system.auth.sudo.command': '/bin/sh -c echo a ; /usr/bin/python x.py' },
  ],
  [
    "su's failure (RFC 3164's example)",
    `<34>${H} su: 'su root' failed for lonvick on /dev/pts/8`,
    { 'event.action': 'su', 'event.outcome': 'failure', 'user.name': 'lonvick', 'user.effective.name': 'root' },
  ],
  [
    'su by shadow-utils',
    `${H} su[1]: Successful su for root by alice`,
    { 'event.outcome': 'success', 'user.name': 'alice', 'user.effective.name': 'root' },
  ],
  ['a failed su', `${H} su[1]: FAILED su for root by mallory`, { 'event.outcome': 'failure', 'user.name': 'mallory' }],
  [
    'su by util-linux',
    `${H} su[1]: (to root) alice on pts/0`,
    { 'event.outcome': 'success', 'user.name': 'alice', 'user.effective.name': 'root' },
  ],
  [
    'su in sulog form',
    `${H} su[1]: - pts/0 mallory:root`,
    { 'event.outcome': 'failure', 'user.name': 'mallory', 'user.effective.name': 'root' },
  ],
  [
    'a PAM authentication failure',
    `${H} sshd[1]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=173.234.31.186  user=root`,
    { 'event.category': ['authentication'], 'event.outcome': 'failure', 'source.ip': '173.234.31.186', 'user.name': 'root' },
  ],
  [
    'a PAM authentication failure from a host name (old pam_unix)',
    `${H} sshd(pam_unix)[1]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=220-135-151-1.hinet-ip.hinet.net  user=root`,
    { 'event.outcome': 'failure', 'source.domain': '220-135-151-1.hinet-ip.hinet.net', 'source.ip': undefined },
  ],
  [
    'a session opened by someone',
    `${H} sudo: pam_unix(sudo-i:session): session opened for user root by userauth3(uid=0)`,
    {
      'event.action': 'logged-on',
      'event.category': ['session'],
      'event.type': ['start'],
      'user.name': 'userauth3',
      'user.id': '0',
      'user.effective.name': 'root',
      'related.user': ['userauth3', 'root'],
    },
  ],
  [
    'a session opened by nobody named',
    `${H} sshd[1]: pam_unix(sshd:session): session opened for user moe by (uid=0)`,
    { 'event.action': 'logged-on', 'user.name': 'moe', 'user.id': undefined, 'user.effective': undefined },
  ],
  [
    'a session with both uids (newer pam_unix)',
    `${H} su[1]: pam_unix(su-l:session): session opened for user root(uid=0) by alice(uid=1000)`,
    { 'user.name': 'alice', 'user.id': '1000', 'user.effective.name': 'root', 'user.effective.id': '0' },
  ],
  [
    'a session closed',
    `${H} sshd[1]: pam_unix(sshd:session): session closed for user root`,
    { 'event.action': 'logged-off', 'event.type': ['end'], 'user.name': 'root' },
  ],
  [
    'an unknown user checked by PAM',
    `${H} sshd[1]: pam_unix(sshd:auth): check pass; user unknown`,
    { 'event.category': ['authentication'], 'event.outcome': 'failure', 'event.reason': 'user unknown' },
  ],
  [
    'a new group',
    `${H} groupadd[1]: new group: name=apache, GID=48`,
    {
      'event.category': ['iam'],
      'event.type': ['group', 'creation'],
      'event.outcome': 'success',
      'group.name': 'apache',
      'group.id': '48',
    },
  ],
  [
    'a new user, and where from',
    `${H} useradd[1]: new user: name=bob, UID=1001, GID=1001, home=/home/bob, shell=/bin/bash, from=/dev/pts/0`,
    {
      'event.type': ['user', 'creation'],
      'user.name': 'bob',
      'user.id': '1001',
      'group.id': '1001',
      'system.auth.useradd.home': '/home/bob',
      'system.auth.useradd.shell': '/bin/bash',
    },
  ],
  [
    'a deleted user',
    `${H} userdel[1]: delete user 'bob'`,
    { 'event.type': ['user', 'deletion'], 'user.name': 'bob', 'event.outcome': 'success' },
  ],
  [
    'a failed user change',
    `${H} usermod[1]: failed to change user 'bob'`,
    { 'event.type': ['user', 'change'], 'event.outcome': 'failure' },
  ],
];

for (const [name, line, fields] of MESSAGES) {
  test(`reads ${name}`, () => {
    assertFields(parse(line), fields, line);
  });
}

const UNKNOWN: [name: string, line: string][] = [
  ['an sshd message of no interest', `${H} sshd[1]: Server listening on 0.0.0.0 port 22.`],
  ['a sudo line that is not a command', `${H} sudo: unable to resolve host box`],
  ['a program that is not an auth program', `${H} cron[1]: (root) CMD (run-parts /etc/cron.hourly)`],
  ['a line without a program', `${H}`],
];

for (const [name, line] of UNKNOWN) {
  test(`leaves ${name} unrecognised, its message kept`, () => {
    const event = parse(line);
    assert.is(event.event.action, undefined);
    assert.is(event.event.outcome, undefined);
    assert.is(event.user, undefined);
    assert.is(getField(event, 'system.auth'), undefined);
  });
}

test('a MSG that carries its own program tag (logger -T "sshd[1]: …", relays) is read as that program', () => {
  const line =
    '<13>1 2026-12-03T06:09:52.905756+00:00 vm root - - [timeQuality tzKnown="1"] sshd[1]: Failed password for root from 10.0.0.9 port 2222 ssh2';
  const event = parse(line);
  assertFields(
    event,
    {
      'process.name': 'sshd',
      'process.pid': 1,
      'log.syslog.appname': 'root',
      'user.name': 'root',
      'source.ip': '10.0.0.9',
      'source.port': 2222,
      'event.outcome': 'failure',
    },
    line,
  );
  // A tag of a program this parser does not know leaves the line as it was.
  const other = parse('<13>1 2026-12-03T06:09:52Z vm root - - - nginx[2]: Failed password for root from 10.0.0.9 port 2222 ssh2');
  assert.is(other.process?.name, 'root');
  assert.is(other.user, undefined);
});

test('answers whether it knew the message, for the next body parser', () => {
  const event = parse(`${H} sshd[1]: Server listening on 0.0.0.0 port 22.`);
  assert.is(authMessages.parse(event, 'Server listening on 0.0.0.0 port 22.', ctx), false);
  assert.is(authMessages.parse(event, 'Failed password for root from 1.2.3.4 port 22 ssh2', ctx), true);
});

test('fills only the fields it claims', () => {
  const syslogOnly = createSyslogParser([]);
  for (const [, line] of MESSAGES) {
    const base = syslogOnly.parse(line, ctx);
    const full = parser.parse(line, ctx);
    assert.ok(base.ok && full.ok);
    const before = new Set(flattenEvent(base.event).map(([path]) => path));
    for (const [path] of flattenEvent(full.event)) {
      if (before.has(path)) continue;
      assert.ok(authMessages.claims.includes(path), `${path} (from ${line}) is not claimed`);
    }
  }
});

test.run();
