import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { LogEvent } from '../event.js';
import { matchesQuery, textTokens } from './match.js';
import { parseQuery } from './parse.js';

const now = new Date('2026-12-01T12:00:00Z');

const sshd: LogEvent = {
  '@timestamp': '2026-12-01T11:30:00.000Z',
  message: 'Failed password for invalid user Admin from 10.0.0.9 port 50122 ssh2',
  log: { original: '<38>Dec  1 11:30:00 web-1 sshd[4211]: Failed password for invalid user Admin from 10.0.0.9 port 50122 ssh2' },
  event: { kind: 'event', category: ['authentication'], type: ['start'], action: 'ssh_login', outcome: 'failure' },
  host: { hostname: 'web-1', ip: ['192.168.1.10', '10.0.0.1'] },
  source: { ip: '10.0.0.9', port: 50122 },
  user: { name: 'Admin' },
  process: { name: 'sshd', pid: 4211 },
  related: { ip: ['10.0.0.9'], user: ['Admin'] },
  tags: ['ssh', 'Brute-Force'],
};

const nginx: LogEvent = {
  '@timestamp': '2026-12-01T09:00:00.000Z',
  log: { original: '10.0.0.10 - - [01/Dec/2026:09:00:00 +0000] "GET /admin/login.php HTTP/1.1" 503 162 "-" "curl/8.4.0"' },
  event: { kind: 'event', category: ['web'], outcome: 'failure', created: '2026-12-01T09:00:01.000Z' },
  source: { ip: '10.0.0.10' },
  url: { path: '/admin/login.php' },
  http: { request: { method: 'GET' }, response: { status_code: 503, bytes: 162 } },
  user_agent: { original: 'curl/8.4.0' },
  winlog: { event_id: '4625', event_data: { 'Target.Name': 'x', LogonType: 3 } },
};

const matches = (q: string, event: LogEvent) => matchesQuery(event, parseQuery(q, { now }));

test('textTokens: runs of letters and digits, lower-cased', () => {
  assert.equal(textTokens('Failed password for 10.0.0.9:22!'), ['failed', 'password', 'for', '10', '0', '0', '9', '22']);
  assert.equal(textTokens('Überprüfung_fehlgeschlagen'), ['überprüfung', 'fehlgeschlagen']);
  assert.equal(textTokens(' -- '), []);
});

test('the empty query matches every event', () => {
  assert.ok(matches('', sshd));
  assert.ok(matches('', nginx));
});

test('field values compare case-insensitively', () => {
  assert.ok(matches('user.name:admin', sshd));
  assert.ok(matches('user.name:ADMIN', sshd));
  assert.ok(matches('http.request.method:get', nginx));
  assert.not.ok(matches('user.name:adm', sshd));
  assert.not.ok(matches('user.name:"admin "', sshd));
});

test('an array matches when any element does', () => {
  assert.ok(matches('host.ip:10.0.0.1', sshd));
  assert.ok(matches('host.ip:192.168.*', sshd));
  assert.ok(matches('event.category:AUTHENTICATION', sshd));
  assert.ok(matches('tags:brute-force', sshd));
  assert.not.ok(matches('host.ip:10.0.0.9', sshd));
});

test('numbers compare by value; ranges take numbers only', () => {
  assert.ok(matches('http.response.status_code:503', nginx));
  assert.ok(matches('http.response.status_code:503.0', nginx));
  assert.ok(matches('http.response.status_code>=500', nginx));
  assert.ok(matches('http.response.status_code<504', nginx));
  assert.not.ok(matches('http.response.status_code>503', nginx));
  assert.ok(matches('http.response.status_code:5*', nginx));
  assert.ok(matches('winlog.event_id:4625', nginx));
  assert.not.ok(matches('winlog.event_id>4000', nginx), 'a string is not a number to a range');
  assert.ok(matches('winlog.event_data.Target.Name:X', nginx), 'a flat key with a dot');
  assert.ok(matches('winlog.event_data.LogonType:3', nginx));
});

test('wildcards: * any run, ? one character, \\* a literal star', () => {
  assert.ok(matches('source.ip:10.0.0.*', sshd));
  assert.ok(matches('source.ip:10.0.0.?', sshd));
  assert.not.ok(matches('source.ip:10.0.0.?', nginx));
  assert.ok(matches('url.path:/ADMIN/*', nginx));
  assert.ok(matches('user_agent.original:curl/*', nginx));
  assert.not.ok(matches('url.path:\\*', nginx));
  assert.ok(matches('url.path:*login.php', nginx));
  assert.not.ok(matches('url.path:admin*', nginx), 'anchored at both ends');
});

test('exists, and NOT on a missing field', () => {
  assert.ok(matches('user.name:*', sshd));
  assert.not.ok(matches('user.name:*', nginx));
  assert.ok(matches('NOT user.name:*', nginx));
  assert.ok(matches('NOT user.name:root', nginx), 'a missing field is not equal to anything');
  assert.ok(matches('-user.name:root', sshd));
  assert.not.ok(matches('NOT user.name:admin', sshd));
  assert.not.ok(matches('http.response.status_code>0', sshd));
  assert.ok(matches('NOT http.response.status_code>0', sshd));
});

test('times compare by instant', () => {
  assert.ok(matches('@timestamp>now-1h', sshd));
  assert.not.ok(matches('@timestamp>now-1h', nginx));
  assert.ok(matches('@timestamp>=2026-12-01T11:30:00Z', sshd));
  assert.not.ok(matches('@timestamp>2026-12-01T12:30:00+01:00', sshd));
  assert.ok(matches('@timestamp<2026-12-02 AND @timestamp>=2026-12-01', nginx));
  assert.ok(matches('event.created>2026-12-01T09:00:00Z', nginx));
  assert.not.ok(matches('event.created>2026-12-01T09:00:00Z', sshd), 'missing');
});

test('free text: whole tokens of log.original, every word, case-insensitive', () => {
  assert.ok(matches('failed password', sshd));
  assert.ok(matches('FAILED sshd', sshd));
  assert.ok(matches('password failed', sshd), 'words in any order');
  assert.not.ok(matches('pass', sshd), 'whole tokens only');
  assert.not.ok(matches('failed accepted', sshd));
  assert.ok(matches('curl php', nginx));
  assert.ok(matches('failed OR curl', nginx));
});

test('phrases: the words adjacent and in order', () => {
  assert.ok(matches('"failed password"', sshd));
  assert.ok(matches('"INVALID user admin"', sshd));
  assert.not.ok(matches('"password failed"', sshd));
  assert.not.ok(matches('"failed for"', sshd), 'not adjacent');
  assert.ok(matches('"ssh2"', sshd));
});

test('an IP in free text is its phrase of tokens', () => {
  assert.ok(matches('10.0.0.9', sshd));
  assert.not.ok(matches('10.0.0.9', nginx), '10.0.0.10 is another phrase');
  assert.ok(matches('10.0.0.10', nginx));
  assert.not.ok(matches('10.0.0.1', nginx), 'no partial last token');
  assert.ok(matches('"from 10.0.0.9 port"', sshd));
});

test('combinations', () => {
  const q = 'event.outcome:failure AND (user.name:admin OR url.path:/admin/*) -source.ip:10.0.0.10';
  assert.ok(matches(q, sshd));
  assert.not.ok(matches(q, nginx));
  assert.ok(matches('failed user.name:admin NOT tags:benign', sshd));
});

test.run();
