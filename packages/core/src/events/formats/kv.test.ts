import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CORPUS, corpusAvailable } from '../../_lib/corpus.js';
import { expectFields } from '../_test/fields.js';
import { editOf, mutate, pieceOf } from '../_test/mutations.js';
import { fastestMs } from '../_test/timing.js';
import { agreement } from '../agreement.js';
import type { LogEvent, ParseContext } from '../event.js';
import { baseEvent } from '../parser.js';
import { kvLines, kvMessages, scanPairs } from './kv.js';

const corpusTest = corpusAvailable ? test : test.skip;
const ctx: ParseContext = { receivedAt: new Date('2024-06-01T12:00:00Z') };

function parse(line: string, context = ctx): LogEvent {
  const outcome = kvLines.parse(line, context);
  assert.ok(outcome.ok, `${line}: ${outcome.ok ? '' : outcome.reason}`);
  return outcome.event;
}

// --- Edge cases, each named for what it checks. -------------------------------------------------

const CASES: [name: string, line: string, expected: Record<string, unknown>][] = [
  [
    'unquoted, double-quoted (with an escaped quote) and single-quoted values',
    `a=1 b="two \\"words\\"" c='three four'`,
    { 'kv.a': '1', 'kv.b': 'two "words"', 'kv.c': 'three four' },
  ],
  ['a quote left open runs to the end of the line', 'a=1 b="open to the end c=3', { 'kv.b': 'open to the end c=3', 'kv.c': undefined }],
  ['an escaped backslash before the closing quote', 'a="C:\\\\" b=2', { 'kv.a': 'C:\\', 'kv.b': '2' }],
  ['other backslashes in a quoted value stay', 'path="C:\\Windows\\x.exe" b=2', { 'kv.path': 'C:\\Windows\\x.exe' }],
  ['an = inside an unquoted value stays in it', 'url=http://x.example/?a=b c=1', { 'kv.url': 'http://x.example/?a=b', 'kv.c': '1' }],
  ['an empty value is kept as the raw pair', 'a= b=2', { 'kv.a': '', 'kv.b': '2' }],
  [
    'words without = are skipped',
    'Firewall: src=10.0.0.1 dst=10.0.0.2 allowed',
    { 'kv.src': '10.0.0.1', 'kv.dst': '10.0.0.2', 'kv.Firewall:': undefined },
  ],
  ['a pair right after a closing quote', 'a="x"b=2 c=3', { 'kv.a': 'x', 'kv.b': '2' }],
  ['keys with dots and dashes', 'old-auid=4294967295 src.ip=10.0.0.1', { 'kv.old-auid': '4294967295', 'kv.src.ip': '10.0.0.1' }],
  ['a repeated key keeps its last value', 'a=1 a=2 b=3', { 'kv.a': '2' }],
  ['trailing spaces end the last value', 'a=1 b=2   ', { 'kv.b': '2' }],
  [
    'a Fortinet traffic log: addresses, ports, the protocol number named, the action, the local time with its tz',
    'date=2019-05-10 time=11:50:48 logid="0000000013" type="traffic" subtype="forward" srcip=172.16.200.254 srcport=62024 dstip=10.1.100.11 dstport=80 proto=6 action="deny" tz="-0700"',
    {
      '@timestamp': '2019-05-10T18:50:48.000Z',
      'source.ip': '172.16.200.254',
      'source.port': 62024,
      'destination.ip': '10.1.100.11',
      'destination.port': 80,
      'network.transport': 'tcp',
      'event.action': 'deny',
      'related.ip': ['172.16.200.254', '10.1.100.11'],
      'kv.logid': '0000000013',
    },
  ],
  [
    'a protocol that is no transport is not written',
    'proto=HTTP/1.1 action=allow',
    { 'network.transport': undefined, 'kv.proto': 'HTTP/1.1' },
  ],
  ['an address that is no IP is not written', 'src=host.example dst=10.0.0.300', { 'source.ip': undefined, 'destination.ip': undefined }],
  [
    'user, uid, pid and msg',
    'user=alice uid=1000 pid=4242 msg="session opened"',
    { 'user.name': 'alice', 'user.id': '1000', 'process.pid': 4242, message: 'session opened', 'related.user': ['alice'] },
  ],
  [
    'auditd SYSCALL: time from the header, record type as the action, process and user',
    'type=SYSCALL msg=audit(1604994496.155:92733): arch=c000003e syscall=59 success=yes exit=0 ppid=29002 pid=1631 auid=1000 uid=1000 euid=0 comm="arp" exe="/usr/sbin/arp" key=(null)',
    {
      '@timestamp': '2020-11-10T07:48:16.155Z',
      'event.action': 'syscall',
      'event.outcome': 'success',
      'process.pid': 1631,
      'process.parent.pid': 29002,
      'process.name': 'arp',
      'process.executable': '/usr/sbin/arp',
      'user.id': '1000',
      'user.effective.id': '0',
      'kv.key': '(null)',
      message: undefined,
    },
  ],
  [
    'auditd EXECVE: the arguments, hex-encoded ones decoded',
    'type=EXECVE msg=audit(1604994496.155:92734): argc=3 a0="grep" a1="-v" a2=5E3F',
    { 'process.args': ['grep', '-v', '^?'], 'process.command_line': 'grep -v ^?', 'kv.a2': '5E3F' },
  ],
  [
    'auditd EXECVE with a truncated argument list keeps what is there',
    'type=EXECVE msg=audit(1604994496.155:92734): argc=4 a0="ls" a1="-l"',
    { 'process.args': ['ls', '-l'] },
  ],
  [
    'auditd PROCTITLE: the hex command line with its NULs as spaces',
    'type=PROCTITLE msg=audit(1604996384.965:93777): proctitle=64640069663D2F6465762F7A65726F',
    { 'process.command_line': 'dd if=/dev/zero', 'event.action': 'proctitle' },
  ],
  [
    'auditd writes a path with a space in hex',
    'type=SYSCALL msg=audit(1604994496.155:1): comm=6D792070726F67 exe=2F746D702F6D792070726F67 pid=1',
    { 'process.name': 'my prog', 'process.executable': '/tmp/my prog' },
  ],
  [
    "auditd USER_LOGIN: the fields inside msg='…' are read too",
    'type=USER_LOGIN msg=audit(1600000000.123:42): pid=1 uid=0 auid=4294967295 ses=4294967295 msg=\'op=login acct="root" exe="/usr/sbin/sshd" hostname=? addr=10.0.0.9 terminal=sshd res=failed\'',
    {
      '@timestamp': '2020-09-13T12:26:40.123Z',
      'event.action': 'user_login',
      'event.outcome': 'failure',
      'user.name': 'root',
      'process.executable': '/usr/sbin/sshd',
      'source.ip': '10.0.0.9',
      'kv.hostname': '?',
      'kv.op': 'login',
      'related.ip': ['10.0.0.9'],
    },
  ],
  [
    'an auditd record from a remote node',
    'node=web01 type=CWD msg=audit(1604994496.155:92733): cwd="/home/wardog"',
    { 'kv.node': 'web01', 'process.working_directory': '/home/wardog', '@timestamp': '2020-11-10T07:48:16.155Z' },
  ],
];

for (const [name, line, expected] of CASES) {
  test(name, () => expectFields(parse(line), expected, name));
}

test('__proto__ as a key is ignored, not set on kv', () => {
  const kv = parse('__proto__=x a=1 b=2').kv as object;
  assert.equal(Object.keys(kv), ['a', 'b']);
  assert.is(Object.getPrototypeOf(kv), Object.prototype);
});

test('detection needs two pairs: one = in free text is not key=value', () => {
  for (const line of ['x=1 is not enough', 'a = b c = d', 'hello world', '', '=== title ===', 'https://x.example/?a=b']) {
    assert.not.ok(kvLines.test(line), line);
    const outcome = kvLines.parse(line, ctx);
    assert.not.ok(outcome.ok, line);
    if (!outcome.ok) assert.match(outcome.reason, /^not key=value/);
  }
  for (const line of ['a=1 b=2', 'type=SYSCALL msg=audit(1.2:3):', 'a="x y" b=2']) assert.ok(kvLines.test(line), line);
});

test('scanPairs stops at its limit', () => {
  assert.equal(
    scanPairs('a=1 b=2 c=3', 2).map((pair) => pair.key),
    ['a', 'b'],
  );
});

// --- Behind a syslog envelope. -------------------------------------------------------------------

test('key=value pairs in a syslog MSG fill the envelope’s event', () => {
  const line = '<189>May 10 11:50:48 fw01 date=2019-05-10 time=11:50:48 srcip=10.0.0.1 dstip=10.0.0.2 action="accept"';
  const event = baseEvent(line, ctx);
  event.host = { hostname: 'fw01' };
  const msg = line.slice(line.indexOf('date='));
  event.message = msg;
  assert.ok(kvMessages.parse(event, msg, ctx));
  expectFields(
    event,
    { 'host.hostname': 'fw01', 'source.ip': '10.0.0.1', 'event.action': 'accept', '@timestamp': '2019-05-10T11:50:48.000Z', message: msg },
    'envelope',
  );
});

test('a MSG with fewer than two pairs is refused and the event left as it was', () => {
  for (const message of ['Accepted password for root', 'x=1 only']) {
    const event = baseEvent(message, ctx);
    const before = JSON.stringify(event);
    assert.not.ok(kvMessages.parse(event, message, ctx), message);
    assert.is(JSON.stringify(event), before);
  }
});

// --- Corpus: auditd logs of the security datasets. -----------------------------------------------

/** An independent reading of the pairs, for the corpus only (short, trusted lines): a plain regex. */
function naivePairs(line: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of line.matchAll(/(?:^|\s)([A-Za-z_][\w.-]*)=(?:"([^"]*)"|'([^']*)'|(\S*))/g)) {
    out[`kv.${m[1]}`] = m[2] ?? m[3] ?? m[4] ?? '';
  }
  return out;
}

/** ECS fields of the first records of sh_arp_cache, read by hand from the lines. */
const ARP_CACHE_BY_HAND: Record<string, unknown>[] = [
  {
    '@timestamp': '2020-11-10T07:48:16.155Z',
    'event.action': 'syscall',
    'event.outcome': 'success',
    'process.pid': 1631,
    'process.parent.pid': 29002,
    'process.name': 'arp',
    'process.executable': '/usr/sbin/arp',
    'user.id': '1000',
  },
  { 'event.action': 'execve', 'process.args': ['arp', '-a'], 'process.command_line': 'arp -a' },
  { 'event.action': 'cwd', 'process.working_directory': '/home/wardog' },
  { 'event.action': 'path' },
  { 'event.action': 'path' },
  { 'event.action': 'proctitle', 'process.command_line': 'arp -a' },
];

corpusTest('auditd logs: every line parses, its pairs agree with a plain reading, and the first records with a reading by hand', () => {
  const folder = 'security-datasets/linux';
  let lines = 0;
  let compared = 0;
  let agreed = 0;
  const mismatches: string[] = [];
  for (const file of readdirSync(join(CORPUS, folder)).filter((name) => name.endsWith('.log'))) {
    const records = readFileSync(join(CORPUS, folder, file), 'utf8')
      .split('\n')
      .filter((line) => line !== '');
    records.forEach((line, i) => {
      lines++;
      assert.ok(kvLines.test(line), `${file}:${i + 1} detected`);
      const event = parse(line);
      const reference: Record<string, unknown> = { ...naivePairs(line) };
      const byHand = file.startsWith('sh_arp_cache') ? ARP_CACHE_BY_HAND[i] : undefined;
      if (byHand) Object.assign(reference, byHand);
      const result = agreement(event, reference, [...kvLines.claims, ...Object.keys(reference)]);
      compared += result.compared;
      agreed += result.agreed;
      mismatches.push(...result.mismatches.map((m) => `${file}:${i + 1}: ${m}`));
      assert.is(result.compared, Object.keys(reference).length, `${file}:${i + 1}: every reference field is filled`);
    });
  }
  const percent = compared === 0 ? 100 : (100 * agreed) / compared;
  console.log(`  ${folder}: ${lines} lines, ${compared} fields compared, ${agreed} agreed (${percent.toFixed(1)}%)`);
  assert.equal(mismatches, []);
  assert.ok(lines >= 18, `${lines} lines`);
});

// --- Properties. ---------------------------------------------------------------------------------

const SEEDS = [
  ...CASES.map(([, line]) => line),
  'a="x \\" y" b=\'z\' c=d',
  'msg=\'op=x acct="r" res=success\' type=USER_AUTH msg=audit(1:2):',
];
const SPECIALS = ['=', '"', "'", '\\', ' ', '\t', 'msg=audit(', 'type=EXECVE', 'argc=99', 'a0=', 'proctitle=', '00', "msg='", '\uD800'];
const piece = pieceOf(SPECIALS);
const edit = editOf(piece);

function neverThrows(line: string): boolean {
  kvLines.test(line);
  const outcome = kvLines.parse(line, ctx);
  if (outcome.ok) {
    assert.is(outcome.event.log.original, line);
    assert.ok(!Number.isNaN(Date.parse(outcome.event['@timestamp'])));
    JSON.stringify(outcome.event);
  }
  kvMessages.parse(baseEvent(line, ctx), line, ctx);
  return true;
}

test('50,000 random lines never throw', () => {
  const line = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.array(piece, { maxLength: 40 }).map((parts) => parts.join('')),
    fc.array(fc.tuple(fc.string({ maxLength: 6 }), piece), { maxLength: 12 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join(' ')),
  );
  fc.assert(fc.property(line, neverThrows), { numRuns: 50_000 });
});

test('50,000 mutated valid lines never throw', () => {
  const line = fc.tuple(fc.constantFrom(...SEEDS), fc.array(edit, { maxLength: 8 })).map(([seed, edits]) => mutate(seed, edits));
  fc.assert(fc.property(line, neverThrows), { numRuns: 50_000 });
});

test('a 64 KB line parses in under 10 ms, whatever its shape', () => {
  const size = 64 * 1024;
  const fill = (unit: string) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  const shapes: [string, string][] = [
    ['many pairs', fill('k=v ')],
    ['one long quoted value left open', `a=1 b="${fill('word ')}`],
    ['escaped quotes', `a=1 b="${fill('\\"')}"`],
    ['a run of =', `a=1 ${fill('=')}`],
    ['long keys', fill(`${'k'.repeat(999)}= `)],
    ['quotes alternating', fill('a="b=" ')],
    ['a long hex proctitle', `type=PROCTITLE msg=audit(1.2:3): proctitle=${fill('61')}`],
    ['an EXECVE with many arguments', `type=EXECVE msg=audit(1.2:3): argc=100000 ${fill('a0=x ')}`],
    ['nested auditd msg', `type=USER_LOGIN msg=audit(1.2:3): msg='${fill('k=v ')}'`],
  ];
  for (const [name, line] of shapes) {
    neverThrows(line);
    assert.ok(fastestMs(() => kvLines.parse(line, ctx)) < 10, `${name}: kvLines`);
    assert.ok(fastestMs(() => kvMessages.parse(baseEvent(line, ctx), line, ctx)) < 10, `${name}: kvMessages`);
    assert.ok(fastestMs(() => kvLines.test(line)) < 10, `${name}: test`);
  }
});

test.run();
