/**
 * Linux authentication messages (/var/log/auth.log, /var/log/secure): sshd, sudo, su, PAM's
 * pam_unix, useradd and friends. The syslog header has set `process.name`; this reads the MSG and
 * fills ECS the way Elastic's system/auth ingest pipeline does, so its expected documents are the
 * reference (`system.auth.*` keeps Elastic's vendor fields).
 *
 * Each message is recognised by its fixed prefix with startsWith/indexOf, not by a list of regexes
 * tried in turn: most auth lines are sshd's, and the user names and client strings inside them are
 * the attacker's, so a backtracking pattern would be theirs to stall. Where a user name sits before
 * the address (`for invalid user X from IP`), the address is taken from the right, so a user name
 * that contains ` from 6.6.6.6` cannot forge the source.
 */
import { isIP } from 'node:net';
import type { LogEvent } from '../event.js';
import { addRelated, partOf } from '../event.js';
import type { MessageParser } from '../parser.js';

const CLAIMS = [
  'event.action',
  'event.category',
  'event.type',
  'event.outcome',
  'event.reason',
  'user.name',
  'user.id',
  'user.effective.name',
  'user.effective.id',
  'group.name',
  'group.id',
  'source.ip',
  'source.port',
  'source.address',
  'source.domain',
  'related.ip',
  'related.user',
  'process.command_line',
  'system.auth.ssh.event',
  'system.auth.ssh.method',
  'system.auth.ssh.signature',
  'system.auth.ssh.dropped_ip',
  'system.auth.sudo.error',
  'system.auth.sudo.tty',
  'system.auth.sudo.pwd',
  'system.auth.sudo.user',
  'system.auth.sudo.command',
  'system.auth.useradd.home',
  'system.auth.useradd.shell',
] as const;

/** The account tools whose every message is an IAM change (Elastic's list), with the ECS types. */
const ACCOUNT_TOOLS: Record<string, [kind: 'user' | 'group', change: 'creation' | 'deletion' | 'change']> = {
  useradd: ['user', 'creation'],
  userdel: ['user', 'deletion'],
  usermod: ['user', 'change'],
  groupadd: ['group', 'creation'],
  groupdel: ['group', 'deletion'],
  groupmod: ['group', 'change'],
};

interface AuthFields {
  ssh?: { event?: string; method?: string; signature?: string; dropped_ip?: string };
  sudo?: { error?: string; tty?: string; pwd?: string; user?: string; command?: string };
  useradd?: { home?: string; shell?: string };
}

/**
 * sshd, sudo, su, pam_unix and account-tool messages inside a syslog line.
 *
 * @example
 * createSyslogParser([authMessages]).parse('Feb 20 08:35:22 slave22 sshd[5774]: Failed password for root from 89.160.20.156 port 29160 ssh2', ctx);
 * // → event.action 'ssh_login', event.outcome 'failure', user.name 'root', source.ip '89.160.20.156', source.port 29160
 */
export const authMessages: MessageParser = {
  name: 'auth',
  claims: CLAIMS,
  parse(event, message) {
    const name = event.process?.name;
    if (name === undefined) return false;
    const text = unwrapRepeated(message.trimStart());
    let known = parseAs(event, name, text);
    if (known === undefined) {
      // `logger -T "sshd[1]: Failed password …"`, and relays that wrap a BSD line in an RFC 5424
      // one: the APP-NAME is the sender's tag and the MSG carries the program's own.
      const inner = EMBEDDED_TAG.exec(text);
      if (!inner || !isAuthProgram(inner[1] as string)) return false;
      known = parseAs(event, inner[1] as string, text.slice(inner[0].length)) ?? false;
      if (known) event.process = inner[2] ? { name: inner[1] as string, pid: Number(inner[2]) } : { name: inner[1] as string };
    }
    if (known) {
      addRelated(event, 'user', event.user?.name, event.user?.effective?.name);
      addRelated(event, 'ip', event.source?.ip);
    }
    return known;
  },
};

/** A `program[pid]: ` or `program: ` tag at the start of a MSG. */
const EMBEDDED_TAG = /^([\w.-]+)(?:\[(\d+)\])?: /;

const isAuthProgram = (name: string) =>
  name === 'sshd' || name === 'sshd-session' || name === 'sudo' || name === 'su' || Object.hasOwn(ACCOUNT_TOOLS, name);

/** The message read as `name`'s; undefined when `name` is not a program this parser knows. */
function parseAs(event: LogEvent, name: string, text: string): boolean | undefined {
  if (text.startsWith('pam_unix(') || name.endsWith('(pam_unix)')) return parsePam(event, text, name);
  if (name === 'sshd' || name === 'sshd-session') return parseSshd(event, text);
  if (name === 'sudo') return parseSudo(event, text);
  if (name === 'su') return parseSu(event, text);
  if (Object.hasOwn(ACCOUNT_TOOLS, name)) return parseAccountTool(event, text, name);
  return undefined;
}

/** rsyslog's `message repeated 3 times: [ Failed password for root …]` → the message repeated. */
function unwrapRepeated(text: string): string {
  if (!text.startsWith('message repeated ') || !text.endsWith(']')) return text;
  const open = text.indexOf(': [');
  return open < 0 ? text : text.slice(open + 3, -1).trimStart();
}

// ---------------------------------------------------------------------------------------------
// sshd

function parseSshd(event: LogEvent, text: string): boolean {
  // 1. Accepted/Failed METHOD for [invalid user ]USER from ADDR port PORT ssh2[: SIGNATURE]
  if (text.startsWith('Accepted ') || text.startsWith('Failed ') || text.startsWith('Postponed ') || text.startsWith('Partial ')) {
    if (parseLogin(event, text)) return true;
  }
  // 2. Invalid user USER from ADDR[ port PORT]
  if (text.startsWith('Invalid user ') || text.startsWith('Illegal user ')) {
    const from = text.lastIndexOf(' from ');
    if (from >= 12) {
      const user = text.slice(13, from);
      if (!setEndpoint(event, text.slice(from + 6))) return false;
      setSsh(event, { event: 'Invalid' });
      setUser(event, user);
      sshLogin(event, 'failure');
      return true;
    }
  }
  // 3. Did not receive identification string from ADDR[ port PORT]
  const noIdentification = 'Did not receive identification string from ';
  if (text.startsWith(noIdentification)) {
    const address = firstWord(text, noIdentification.length);
    if (isIP(address)) setSsh(event, { dropped_ip: address });
    setEndpoint(event, text.slice(noIdentification.length));
    setCategory(event, 'network', 'connection', 'ssh_dropped');
    return true;
  }
  // 4. The end of a connection, with or without the user it was for.
  const disconnect = disconnectAddress(text);
  if (disconnect !== undefined) {
    parseDisconnect(event, disconnect);
    setCategory(event, 'network', 'end', 'ssh_disconnect');
    return true;
  }
  // 5. error: maximum authentication attempts exceeded for [invalid user ]USER from ADDR port PORT ssh2 [preauth]
  const maxTries = 'error: maximum authentication attempts exceeded for ';
  if (text.startsWith(maxTries)) {
    const from = text.lastIndexOf(' from ');
    if (from > maxTries.length) {
      setUser(event, stripInvalidUser(text.slice(maxTries.length, from)));
      setEndpoint(event, text.slice(from + 6));
      sshLogin(event, 'failure');
      event.event.reason = 'maximum authentication attempts exceeded';
      return true;
    }
  }
  // 6. reverse mapping checking getaddrinfo for NAME [IP] failed - POSSIBLE BREAK-IN ATTEMPT!
  //    Address IP maps to NAME, but this does not map back to the address - POSSIBLE BREAK-IN ATTEMPT!
  if (text.endsWith('POSSIBLE BREAK-IN ATTEMPT!')) return parseBreakIn(event, text);
  // 7. PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=IP  user=root
  if (text.includes('authentication failure')) {
    authenticationFailure(event, text);
    return true;
  }
  // 8. Elastic's catch-all `%{DATA:system.auth.ssh.event} user %{DATA:user.name} from %{IPORHOST:source.address}`,
  //    e.g. `error: PAM: User not known to the underlying authentication module for illegal user X from HOST`.
  return parseUserFrom(event, text);
}

function parseLogin(event: LogEvent, text: string): boolean {
  const space = text.indexOf(' ');
  const forAt = text.indexOf(' for ', space);
  const from = text.lastIndexOf(' from ');
  if (forAt < 0 || from < forAt) return false;
  const tail = text.slice(from + 6);
  // ADDR port PORT ssh2[: SIGNATURE]: the signature (`RSA SHA256:…`) is all after `ssh2: `.
  const portAt = tail.indexOf(' port ');
  if (portAt < 0) return false;
  const afterPort = tail.indexOf(' ', portAt + 6);
  const protocolEnd = afterPort < 0 ? -1 : tail.indexOf(':', afterPort);
  if (!setEndpoint(event, tail.slice(0, afterPort < 0 ? tail.length : afterPort))) return false;
  const outcome = text.slice(0, space);
  const signature = protocolEnd < 0 ? undefined : tail.slice(protocolEnd + 1).trim();
  const ssh: NonNullable<AuthFields['ssh']> = { event: outcome, method: text.slice(space + 1, forAt) };
  if (signature) ssh.signature = signature;
  setSsh(event, ssh);
  setUser(event, stripInvalidUser(text.slice(forAt + 5, from)));
  if (outcome === 'Accepted') sshLogin(event, 'success');
  else if (outcome === 'Failed') sshLogin(event, 'failure');
  return true;
}

/** What Elastic's painless script sets for Accepted, Failed and Invalid. */
function sshLogin(event: LogEvent, outcome: 'success' | 'failure'): void {
  event.event.action = 'ssh_login';
  event.event.category = outcome === 'success' ? ['authentication', 'session'] : ['authentication'];
  event.event.type = ['info'];
  event.event.outcome = outcome;
}

const DISCONNECTS = [
  'Connection closed by ',
  'Disconnected from ',
  'Received disconnect from ',
  'error: Received disconnect from ',
  'Connection reset by ',
];

/** The text after a disconnect prefix, or undefined if the message is no disconnect. */
function disconnectAddress(text: string): string | undefined {
  for (const prefix of DISCONNECTS) if (text.startsWith(prefix)) return text.slice(prefix.length);
  return undefined;
}

/**
 * `[authenticating |invalid ]user USER ADDR port PORT[ [preauth]]`, `ADDR port PORT:11: Bye Bye`,
 * `ADDR: 14: No more user authentication methods available. [preauth]`, `ADDR [preauth]`.
 */
function parseDisconnect(event: LogEvent, rest: string): void {
  let text = rest;
  for (const lead of ['authenticating user ', 'invalid user ', 'user ']) {
    if (!text.startsWith(lead)) continue;
    // The user name is the client's: the address is the word before the last ` port `.
    const portAt = text.lastIndexOf(' port ');
    const addressAt = portAt < 0 ? -1 : text.lastIndexOf(' ', portAt - 1);
    if (addressAt < lead.length - 1) return;
    setUser(event, text.slice(lead.length, addressAt));
    text = text.slice(addressAt + 1);
    break;
  }
  // What follows `ADDR port PORT:` is the client's reason; the address comes first.
  setEndpoint(event, text);
}

function parseBreakIn(event: LogEvent, text: string): boolean {
  const reverse = 'reverse mapping checking getaddrinfo for ';
  if (text.startsWith(reverse)) {
    const open = text.indexOf(' [', reverse.length);
    const close = text.indexOf(']', open);
    if (open < 0 || close < 0) return false;
    setEndpoint(event, text.slice(open + 2, close));
    setDomain(event, text.slice(reverse.length, open));
  } else if (text.startsWith('Address ')) {
    const maps = text.indexOf(' maps to ');
    const comma = text.indexOf(', ', maps);
    if (maps < 0 || comma < 0) return false;
    setEndpoint(event, text.slice(8, maps));
    setDomain(event, text.slice(maps + 9, comma));
  } else return false;
  setCategory(event, 'network', 'info', 'ssh_possible_break_in');
  return true;
}

function parseUserFrom(event: LogEvent, text: string): boolean {
  const userAt = text.indexOf(' user ');
  if (userAt <= 0) return false;
  const from = text.indexOf(' from ', userAt + 6);
  if (from < 0) return false;
  const user = text.slice(userAt + 6, from);
  if (user.includes(' ')) return false;
  if (!setEndpoint(event, firstWord(text, from + 6))) return false;
  setSsh(event, { event: text.slice(0, userAt) });
  setUser(event, user);
  return true;
}

function setSsh(event: LogEvent, ssh: NonNullable<AuthFields['ssh']>): void {
  systemAuth(event).ssh = ssh;
}

// ---------------------------------------------------------------------------------------------
// sudo: USER : [ERROR ; ]TTY=tty ; PWD=dir ; USER=target ; [GROUP=g ; ][ENV=… ; ]COMMAND=cmd

function parseSudo(event: LogEvent, text: string): boolean {
  const colon = text.indexOf(' : ');
  if (colon <= 0) return false;
  const sudo: NonNullable<AuthFields['sudo']> = {};
  let pos = colon + 3;
  while (pos < text.length) {
    if (text.startsWith('COMMAND=', pos)) {
      // The command runs to the end: it may hold ` ; ` itself (`sh -c 'a ; b'`).
      sudo.command = text.slice(pos + 8);
      break;
    }
    let end = text.indexOf(' ; ', pos);
    if (end < 0) end = text.length;
    if (text.startsWith('TTY=', pos)) sudo.tty = text.slice(pos + 4, end);
    else if (text.startsWith('PWD=', pos)) sudo.pwd = text.slice(pos + 4, end);
    else if (text.startsWith('USER=', pos)) sudo.user = text.slice(pos + 5, end);
    else if (sudo.tty === undefined && sudo.error === undefined) {
      // `user NOT in sudoers ; TTY=…`: what comes before the fields is sudo's complaint.
      const part = text.slice(pos, end);
      if (!part.includes('=')) sudo.error = part;
    }
    pos = end + 3;
  }
  if (sudo.command === undefined && sudo.tty === undefined) return false;
  systemAuth(event).sudo = sudo;
  setUser(event, text.slice(0, colon).trim());
  if (sudo.user) partOf(event, 'user').effective = { name: sudo.user };
  if (sudo.command) partOf(event, 'process').command_line = sudo.command;
  event.event.category = ['process'];
  event.event.outcome = sudo.error ? 'failure' : 'success';
  return true;
}

// ---------------------------------------------------------------------------------------------
// su: the BSD, shadow-utils and util-linux forms

function parseSu(event: LogEvent, text: string): boolean {
  let user: string | undefined;
  let target: string | undefined;
  let outcome: 'success' | 'failure';
  if (text.startsWith("'su ")) {
    // 'su root' failed for lonvick on /dev/pts/8 (RFC 3164's example)
    const close = text.indexOf("' ", 4);
    const forAt = text.indexOf(' for ', close);
    if (close < 0 || forAt < 0) return false;
    target = text.slice(4, close);
    user = firstWord(text, forAt + 5);
    outcome = text.startsWith('failed', close + 2) ? 'failure' : 'success';
  } else if (text.startsWith('Successful su for ') || text.startsWith('FAILED su for ')) {
    // Successful su for root by alice / FAILED su for root by alice
    const start = text.indexOf(' for ') + 5;
    const by = text.indexOf(' by ', start);
    if (by < 0) return false;
    target = text.slice(start, by);
    user = firstWord(text, by + 4);
    outcome = text.startsWith('FAILED') ? 'failure' : 'success';
  } else if (text.startsWith('(to ') || text.startsWith('FAILED SU (to ')) {
    // (to root) alice on pts/0 / FAILED SU (to root) alice on pts/0 (util-linux)
    const start = text.indexOf('(to ') + 4;
    const close = text.indexOf(') ', start);
    if (close < 0) return false;
    target = text.slice(start, close);
    user = firstWord(text, close + 2);
    outcome = text.startsWith('FAILED') ? 'failure' : 'success';
  } else if ((text.startsWith('+ ') || text.startsWith('- ')) && text.includes(':')) {
    // + pts/0 alice:root / - pts/0 alice:root (shadow-utils' sulog form)
    const pair = text.slice(text.lastIndexOf(' ') + 1);
    const colon = pair.indexOf(':');
    user = pair.slice(0, colon);
    target = pair.slice(colon + 1);
    outcome = text.startsWith('+') ? 'success' : 'failure';
  } else return false;
  setUser(event, user);
  if (target) partOf(event, 'user').effective = { name: target };
  event.event.category = ['authentication'];
  event.event.type = ['info'];
  event.event.action = 'su';
  event.event.outcome = outcome;
  return true;
}

// ---------------------------------------------------------------------------------------------
// pam_unix: `pam_unix(SERVICE:TYPE): TEXT`, or the old `sshd(pam_unix)[pid]: TEXT`

function parsePam(event: LogEvent, text: string, name: string): boolean {
  let kind: string | undefined;
  let body = text;
  if (text.startsWith('pam_unix(')) {
    const close = text.indexOf('):');
    if (close < 0) return false;
    const inside = text.slice(9, close);
    kind = inside.slice(inside.indexOf(':') + 1);
    body = text.slice(close + 2).trimStart();
  } else if (!name.endsWith('(pam_unix)')) return false;

  if (body.startsWith('session opened for user ') || body.startsWith('session closed for user ')) {
    const opened = body.charCodeAt(8) === 111; // 'o'
    sessionUsers(event, body.slice(24));
    event.event.category = ['session'];
    event.event.type = [opened ? 'start' : 'end'];
    event.event.action = opened ? 'logged-on' : 'logged-off';
  } else if (body.includes('authentication failure')) {
    authenticationFailure(event, body);
  } else if (body.startsWith('check pass; user unknown')) {
    event.event.category = ['authentication'];
    event.event.type = ['info'];
    event.event.outcome = 'failure';
    event.event.reason = 'user unknown';
  } else if (kind === 'auth') {
    event.event.category = ['authentication'];
  } else if (kind === 'session') {
    event.event.category = ['session'];
  }
  return true;
}

/**
 * `X by Y(uid=N)` of `session opened for user X by Y(uid=N)`: Y acted (user.*), X is whom the
 * session is for (user.effective.*), as in Elastic's pipeline. `by (uid=0)` names nobody: X is
 * the user then, and the uid, which is the caller's, is not X's.
 */
function sessionUsers(event: LogEvent, text: string): void {
  const by = text.lastIndexOf(' by ');
  const target = nameAndUid(by < 0 ? text : text.slice(0, by));
  const actor = by < 0 ? undefined : nameAndUid(text.slice(by + 4));
  if (actor?.name) {
    const user = partOf(event, 'user');
    user.name = actor.name;
    if (actor.uid) user.id = actor.uid;
    if (target.name) user.effective = target.uid ? { name: target.name, id: target.uid } : { name: target.name };
  } else {
    setUser(event, target.name);
    if (target.uid && event.user) event.user.id = target.uid;
  }
}

/** `root`, `'root'`, `root(uid=0)`, `(uid=0)` → the name and the uid. */
function nameAndUid(text: string): { name: string; uid?: string } {
  let name = text.trim();
  let uid: string | undefined;
  const open = name.lastIndexOf('(uid=');
  if (open >= 0 && name.endsWith(')')) {
    uid = name.slice(open + 5, -1);
    name = name.slice(0, open);
  }
  return uid ? { name: unquote(name), uid } : { name: unquote(name) };
}

/** `authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4  user=root` */
function authenticationFailure(event: LogEvent, text: string): void {
  event.event.category = ['authentication'];
  event.event.type = ['info'];
  event.event.outcome = 'failure';
  // PAM writes rhost before user, and user last: the first ` rhost=` and ` user=` are PAM's own,
  // whatever user name the client sent.
  const rhost = valueAfter(text, ' rhost=');
  if (rhost) setEndpoint(event, rhost);
  setUser(event, valueAfter(text, ' user='));
}

function valueAfter(text: string, key: string): string | undefined {
  const at = text.indexOf(key);
  return at < 0 ? undefined : firstWord(text, at + key.length);
}

// ---------------------------------------------------------------------------------------------
// useradd, userdel, usermod, groupadd, groupdel, groupmod

function parseAccountTool(event: LogEvent, text: string, name: string): boolean {
  const [kind, change] = ACCOUNT_TOOLS[name] as [string, string];
  event.event.category = ['iam'];
  event.event.type = [kind, change];
  // Elastic: a failure is a message that says "fail".
  event.event.outcome = text.includes('fail') ? 'failure' : 'success';
  if (text.startsWith('new user: ') || text.startsWith('new group: ') || text.includes(': name=')) {
    // new user: name=apache, UID=48, GID=48, home=/usr/share/httpd, shell=/sbin/nologin[, from=/dev/pts/0]
    const useradd: NonNullable<AuthFields['useradd']> = {};
    for (const pair of text.slice(text.indexOf(': ') + 2).split(', ')) {
      const eq = pair.indexOf('=');
      const value = pair.slice(eq + 1);
      if (eq <= 0 || value === '') continue;
      const key = pair.slice(0, eq);
      if (key === 'name') {
        if (kind === 'user') setUser(event, value);
        else partOf(event, 'group').name = value;
      } else if (key === 'UID') partOf(event, 'user').id = value;
      else if (key === 'GID') partOf(event, 'group').id = value;
      else if (key === 'home') useradd.home = value;
      else if (key === 'shell') useradd.shell = value;
    }
    if (useradd.home || useradd.shell) systemAuth(event).useradd = useradd;
    return true;
  }
  // delete user 'bob' / change user 'bob' password / group 'staff' removed from /etc/group
  const quoted = kind === 'user' ? quotedAfter(text, "user '") : quotedAfter(text, "group '");
  if (quoted) {
    if (kind === 'user') setUser(event, quoted);
    else partOf(event, 'group').name = quoted;
  }
  return true;
}

function quotedAfter(text: string, lead: string): string | undefined {
  const at = text.indexOf(lead);
  if (at < 0) return undefined;
  const close = text.indexOf("'", at + lead.length);
  return close < 0 ? undefined : text.slice(at + lead.length, close);
}

// ---------------------------------------------------------------------------------------------
// Shared

function systemAuth(event: LogEvent): AuthFields {
  event.system ??= {};
  const system = event.system as { auth?: AuthFields };
  system.auth ??= {};
  return system.auth;
}

/**
 * `ADDR[ port PORT][ …]` → source.address, source.ip (an address) or source.domain (a name),
 * source.port; false if ADDR is neither.
 */
function setEndpoint(event: LogEvent, text: string): boolean {
  const word = firstWord(text, 0);
  // `Received disconnect from 1.2.3.4: 11: Bye Bye` ends the address with a colon.
  const address = word.endsWith(':') && !isIP(word) ? word.slice(0, -1) : word;
  if (address === '' || !isAddressOrName(address)) return false;
  event.source ??= {};
  const source = event.source;
  source.address = address;
  if (isIP(address)) source.ip = address;
  else source.domain = address;
  const portAt = text.indexOf(' port ', address.length);
  if (portAt === address.length) {
    const port = Number.parseInt(text.slice(portAt + 6, portAt + 12), 10);
    if (port >= 0 && port <= 65535) source.port = port;
  }
  return true;
}

function setDomain(event: LogEvent, domain: string): void {
  if (!domain || !isAddressOrName(domain)) return;
  event.source ??= {};
  event.source.domain = domain;
}

/** An IP address or a host name (letters, digits, `.-_`), as Elastic's IPORHOST. */
function isAddressOrName(text: string): boolean {
  if (isIP(text)) return true;
  if (text.length > 253) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 45 || c === 95;
    if (!ok) return false;
  }
  return true;
}

function setUser(event: LogEvent, name: string | undefined): void {
  if (name) partOf(event, 'user').name = name;
}

function setCategory(event: LogEvent, category: string, type: string, action: string): void {
  event.event.category = [category];
  event.event.type = [type];
  event.event.action = action;
}

function stripInvalidUser(text: string): string {
  return text.startsWith('invalid user ') ? text.slice(13) : text;
}

function firstWord(text: string, start: number): string {
  const end = text.indexOf(' ', start);
  return end < 0 ? text.slice(start) : text.slice(start, end);
}

function unquote(text: string): string {
  const first = text.charCodeAt(0);
  if ((first === 39 || first === 34) && text.length > 1 && text.charCodeAt(text.length - 1) === first) return text.slice(1, -1);
  return text;
}
