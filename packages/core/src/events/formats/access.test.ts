import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CORPUS, corpusAvailable } from '../../_lib/corpus.js';
import { fastestMs } from '../_test/timing.js';
import { agreement } from '../agreement.js';
import { getField, type LogEvent, type ParseContext, type ParseOutcome } from '../event.js';
import { accessLines } from './access.js';

const corpusTest = corpusAvailable ? test : test.skip;
const ctx: ParseContext = { receivedAt: new Date('2020-04-28T11:07:58.223Z') };

function parsed(line: string, context: ParseContext = ctx): LogEvent {
  const outcome = accessLines.parse(line, context);
  if (!outcome.ok) throw new Error(`refused: ${outcome.reason}\n${line}`);
  return outcome.event;
}

/** The fields of an event named by path, for compact assertions. */
function fields(event: LogEvent, paths: string[]): Record<string, unknown> {
  return Object.fromEntries(paths.map((path) => [path, getField(event, path)]));
}

// ---------------------------------------------------------------------------------------------
// Elastic's pipeline tests: raw lines and the documents Elastic's apache and nginx pipelines make

interface Pair {
  log: string;
  /** The lines of each event, after the test config's multiline rule. */
  events: string[][];
  expected: Record<string, unknown>[];
}

/** The pairs of a corpus folder, with its `-config.yml` (or the folder's common one) applied. */
function corpusPairs(folder: string): Pair[] {
  const dir = join(CORPUS, 'parsers/elastic-package', folder);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.log'))
    .map((log) => {
      const own = join(dir, `${log}-config.yml`);
      const config = readFileSync(existsSync(own) ? own : join(dir, 'test-common-config.yml'), 'utf8');
      // The two settings that matter here; the corpus's YAML double-quoted strings are JSON strings.
      const firstLine = /first_line_pattern:\s*("(?:[^"\\]|\\.)*")/.exec(config)?.[1];
      const startsEvent = firstLine ? new RegExp(JSON.parse(firstLine) as string) : undefined;
      const lines = readFileSync(join(dir, log), 'utf8').split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      const events: string[][] = [];
      for (const line of lines) {
        const last = events[events.length - 1];
        if (last && startsEvent && !startsEvent.test(line)) last.push(line);
        else events.push([line]);
      }
      const expected = (JSON.parse(readFileSync(join(dir, `${log}-expected.json`), 'utf8')) as { expected: Record<string, unknown>[] })
        .expected;
      return { log, events, expected };
    });
}

/**
 * Claimed fields the parser leaves out on purpose where Elastic sets them. Both servers write `-`
 * for "no value": Elastic's apache pipeline keeps that `-` as the user name, referrer and user
 * agent (its nginx pipeline drops it, as secai does for both). And the address list is kept only
 * when it is a list: for one address Elastic's `[address]` repeats source.address.
 */
function leftOut(path: string, value: unknown, ours: LogEvent): boolean {
  if (value === '-') return true;
  return path === 'nginx.access.remote_ip_list' && Array.isArray(value) && value.length === 1 && value[0] === ours.source?.address;
}

/**
 * Per folder, the claimed fields compared. nginx: not `http.request.method`, which Elastic's nginx
 * pipeline (ECS 1.12) lowercases and secai keeps as written (ECS 8: "retain its casing"); it is
 * compared without case below.
 */
const COMPARED: Record<string, readonly string[]> = {
  'apache/access': accessLines.claims,
  'nginx/access': accessLines.claims.filter((path) => path !== 'http.request.method'),
};

for (const folder of Object.keys(COMPARED)) {
  corpusTest(`agrees with Elastic's ${folder} pipeline on every claimed field`, () => {
    const claims = COMPARED[folder] as readonly string[];
    const pairs = corpusPairs(folder);
    let events = 0;
    let compared = 0;
    let agreed = 0;
    let folded = 0;
    const mismatches: string[] = [];
    for (const { log, events: groups, expected } of pairs) {
      assert.is(groups.length, expected.length, `${log}: events after the multiline rule`);
      groups.forEach(([first = '', ...rest], i) => {
        const theirs = expected[i] as Record<string, unknown>;
        const outcome: ParseOutcome = accessLines.parse(first, ctx);
        events++;
        if (getField(theirs as never, 'error.message') !== undefined) {
          // A line Elastic's pipeline could not read: secai refuses it too, with a reason.
          assert.is(outcome.ok, false, `${log}#${i} Elastic failed on it: ${first}`);
          if (!outcome.ok) assert.ok(outcome.reason.length > 0);
          return;
        }
        if (!outcome.ok) throw new Error(`${log}#${i} refused (${outcome.reason}): ${first}`);
        const ours = outcome.event;
        const result = agreement(ours, theirs, claims);
        compared += result.compared;
        agreed += result.agreed;
        mismatches.push(...result.mismatches.map((m) => `${log}#${i} ${m}`));
        for (const path of claims) {
          const value = getField(theirs as never, path);
          if (value !== undefined && getField(ours, path) === undefined && !leftOut(path, value, ours)) {
            mismatches.push(`${log}#${i} ${path}: missing, Elastic has ${JSON.stringify(value)}`);
          }
        }
        const method = getField(theirs as never, 'http.request.method');
        if (typeof method === 'string') assert.is(String(ours.http?.request?.method).toLowerCase(), method.toLowerCase());
        // The lines Elastic's multiline rule folded into this event (IPv6 and host-name clients)
        // are access lines of their own to secai, which reads one line at a time.
        for (const line of rest.filter((l) => l !== '')) {
          folded++;
          const own = accessLines.parse(line, ctx);
          assert.ok(own.ok, `${log}: folded line refused (${own.ok ? '' : own.reason}): ${line}`);
        }
      });
    }
    const percent = compared === 0 ? 0 : (100 * agreed) / compared;
    console.log(
      `  ${folder}: ${pairs.length} pairs, ${events} events, ${compared} fields compared, ${agreed} agreed (${percent.toFixed(1)}%); ${folded} folded lines parsed on their own`,
    );
    assert.equal(mismatches, []);
    assert.ok(compared > 0);
  });
}

// ---------------------------------------------------------------------------------------------
// Forms and edge cases

const WHEN = '[26/Dec/2016:16:16:29 +0200]';

test('reads the common form with an IPv6 client, and a `-` request and size as absent', () => {
  const event = parsed(`::1 - - ${WHEN} "-" 408 -`);
  assert.equal(fields(event, ['source.ip', 'source.address', 'http.response.status_code', 'http.response.body.bytes', 'url.original']), {
    'source.ip': '::1',
    'source.address': '::1',
    'http.response.status_code': 408,
    'http.response.body.bytes': undefined,
    'url.original': undefined,
  });
  assert.equal(event.event, { kind: 'event', timezone: '+02:00', category: ['web'], type: ['access'], outcome: 'failure' });
  assert.is(event['@timestamp'], '2016-12-26T14:16:29.000Z');
  assert.is(event.log.original, `::1 - - ${WHEN} "-" 408 -`);
});

test('reads the vhost-combined form with a port, a user, a query and HTTP/2', () => {
  const event = parsed(
    `www.example.com:443 203.0.113.9 - alice ${WHEN} "POST /login.php?next=%2Fadmin&x=1 HTTP/2.0" 302 0 "https://www.example.com/" "curl/8.0"`,
  );
  assert.equal(
    fields(event, [
      'destination.domain',
      'destination.port',
      'url.domain',
      'user.name',
      'http.request.method',
      'http.version',
      'url.original',
      'url.path',
      'url.query',
      'url.extension',
      'http.response.body.bytes',
      'http.request.referrer',
      'user_agent.original',
      'event.outcome',
      'related',
    ]),
    {
      'destination.domain': 'www.example.com',
      'destination.port': 443,
      'url.domain': 'www.example.com',
      'user.name': 'alice',
      'http.request.method': 'POST',
      'http.version': '2.0',
      'url.original': '/login.php?next=%2Fadmin&x=1',
      'url.path': '/login.php',
      'url.query': 'next=/admin&x=1',
      'url.extension': 'php',
      'http.response.body.bytes': 0,
      'http.request.referrer': 'https://www.example.com/',
      'user_agent.original': 'curl/8.0',
      'event.outcome': 'success',
      related: { ip: ['203.0.113.9'], user: ['alice'], hosts: ['www.example.com'] },
    },
  );
});

test('`-` for user, referrer and user agent leaves them unset', () => {
  const event = parsed(`10.1.1.1 - - ${WHEN} "GET / HTTP/1.1" 200 5 "-" "-"`);
  assert.equal(fields(event, ['user.name', 'http.request.referrer', 'user_agent.original', 'related.user']), {
    'user.name': undefined,
    'http.request.referrer': undefined,
    'user_agent.original': undefined,
    'related.user': undefined,
  });
});

test('an IP vhost is destination.ip, not a domain', () => {
  const event = parsed(`192.0.2.10 198.51.100.7 - - ${WHEN} "GET /a HTTP/1.1" 200 1`);
  assert.equal(fields(event, ['destination.ip', 'destination.domain', 'url.domain', 'source.ip']), {
    'destination.ip': '192.0.2.10',
    'destination.domain': undefined,
    'url.domain': undefined,
    'source.ip': '198.51.100.7',
  });
});

test('a host-name client is source.domain; nginx `unix:` stays an address only', () => {
  assert.equal(
    fields(parsed(`monitoring-server - - ${WHEN} "GET /status HTTP/1.1" 200 612`), ['source.address', 'source.domain', 'source.ip']),
    {
      'source.address': 'monitoring-server',
      'source.domain': 'monitoring-server',
      'source.ip': undefined,
    },
  );
  assert.equal(fields(parsed(`unix: - - ${WHEN} "hello" 400 173 "-" "-"`), ['source.address', 'source.domain', 'http.request.method']), {
    'source.address': 'unix:',
    'source.domain': undefined,
    'http.request.method': undefined,
  });
});

test('an X-Forwarded-For list gives the leftmost public address and is kept whole', () => {
  const chain = parsed(`"203.0.113.7, 10.0.0.1" 10.0.0.2 - - ${WHEN} "GET / HTTP/1.1" 200 1`);
  assert.is(chain.source?.ip, '203.0.113.7');
  assert.equal(getField(chain, 'nginx.access.remote_ip_list'), ['203.0.113.7', '10.0.0.1', '10.0.0.2']);
  assert.is(parsed(`unknown, 198.51.100.4 10.0.0.2 - - ${WHEN} "GET / HTTP/1.1" 200 1`).source?.ip, '198.51.100.4');
  assert.is(parsed(`10.0.0.9, fd00::1 127.0.0.1 - - ${WHEN} "GET / HTTP/1.1" 200 1`).source?.ip, '10.0.0.9', 'all internal: the leftmost');
});

test('escaped quotes inside the request, referrer and user agent are read through', () => {
  const event = parsed(`192.0.2.1 - - ${WHEN} "GET /q?s=\\"x\\" HTTP/1.1" 200 5 "http://a/\\"r\\"" "Agent \\"quoted\\" \\\\ 1.0"`);
  assert.equal(fields(event, ['url.original', 'url.query', 'http.request.referrer', 'user_agent.original']), {
    'url.original': '/q?s="x"',
    'url.query': 's="x"',
    'http.request.referrer': 'http://a/"r"',
    'user_agent.original': 'Agent "quoted" \\ 1.0',
  });
});

test('an unescaped quote in the request (nginx escape=none) ends nothing until the status follows', () => {
  const event = parsed(`192.0.2.1 - - ${WHEN} "GET /a"b" 1 HTTP/1.1" 404 5`);
  assert.is(event.url?.original, '/a"b" 1');
  assert.is(event.http?.response?.status_code, 404);
});

test('a request line that is not a request (TLS bytes, garbage, empty) still gives client and status', () => {
  for (const request of [
    '\\x16\\x03\\x01\\x00\\xA5\\x01\\x00\\x00\\xA1\\x03\\x03',
    'hello',
    '',
    'GET',
    'GET /',
    '\\x00 / HTTP/1.1',
    'GET / FTP/1.0',
  ]) {
    const event = parsed(`198.51.100.2 - - ${WHEN} "${request}" 400 157 "-" "-"`);
    assert.equal(fields(event, ['source.ip', 'http.response.status_code', 'http.request.method', 'url.original', 'event.outcome']), {
      'source.ip': '198.51.100.2',
      'http.response.status_code': 400,
      'http.request.method': undefined,
      'url.original': undefined,
      'event.outcome': 'failure',
    });
  }
});

test('trailing extras nginx formats add are left in log.original', () => {
  const event = parsed(`192.0.2.1 - - ${WHEN} "GET / HTTP/1.1" 200 5 "-" "curl/8.0" "203.0.113.7" rt=0.002 uct="0.000"`);
  assert.is(event.user_agent?.original, 'curl/8.0');
  assert.is(event.source?.ip, '192.0.2.1');
});

test('an absolute-form target gives scheme, domain and port; authority-form gives domain and port', () => {
  const proxy = parsed(`192.0.2.1 - - ${WHEN} "GET http://user:pw@Example.com:8080/a/b.tar.gz?x=1#f HTTP/1.1" 200 5`);
  assert.equal(fields(proxy, ['url.scheme', 'url.domain', 'url.port', 'url.path', 'url.query', 'url.extension']), {
    'url.scheme': 'http',
    'url.domain': 'Example.com',
    'url.port': 8080,
    'url.path': '/a/b.tar.gz',
    'url.query': 'x=1',
    'url.extension': 'gz',
  });
  const connect = parsed(`192.0.2.1 - - ${WHEN} "CONNECT example.com:443 HTTP/1.1" 200 0`);
  assert.equal(fields(connect, ['url.original', 'url.domain', 'url.port', 'url.path']), {
    'url.original': 'example.com:443',
    'url.domain': 'example.com',
    'url.port': 443,
    'url.path': undefined,
  });
});

test('percent-escapes that do not decode stay as written; the extension is the last segment’s', () => {
  const event = parsed(`192.0.2.1 - - ${WHEN} "GET /a%zz/%41%e0%80/..%2f..%2fetc/passwd HTTP/1.1" 404 5`);
  assert.is(event.url?.path, '/a%zz/A%e0%80/../../etc/passwd');
  assert.is(event.url?.extension, undefined);
  assert.is(parsed(`192.0.2.1 - - ${WHEN} "GET /v1.2/x HTTP/1.1" 200 5`).url?.extension, undefined);
  assert.is(parsed(`192.0.2.1 - - ${WHEN} "GET /.env HTTP/1.1" 404 5`).url?.extension, 'env');
});

test('a timestamp without an offset is in the source zone; fractions are kept', () => {
  const paris = parsed('192.0.2.1 - - [26/Jul/2016:16:16:29] "GET / HTTP/1.1" 200 5', { ...ctx, timezone: 'Europe/Paris' });
  assert.is(paris['@timestamp'], '2016-07-26T14:16:29.000Z');
  assert.is(paris.event.timezone, 'Europe/Paris');
  assert.is(parsed('192.0.2.1 - - [26/Jul/2016:16:16:29] "GET / HTTP/1.1" 200 5')['@timestamp'], '2016-07-26T16:16:29.000Z');
  assert.is(parsed('192.0.2.1 - - [26/Jul/2016:16:16:29.1234 -0530] "GET / HTTP/1.1" 200 5')['@timestamp'], '2016-07-26T21:46:29.123Z');
  assert.is(parsed('192.0.2.1 - - [26/Jul/2016:16:16:29 -0530] "GET / HTTP/1.1" 200 5').event.timezone, '-05:30');
});

test('reads Apache ssl_request_log lines', () => {
  const event = parsed('[10/Aug/2018:09:45:56 +0200] 172.30.0.119 SSLv3 RC4-SHA "GET /x.php HTTP/1.0" -');
  assert.equal(
    fields(event, ['source.ip', 'tls.version', 'tls.version_protocol', 'tls.cipher', 'http.response.body.bytes', 'event.outcome']),
    {
      'source.ip': '172.30.0.119',
      'tls.version': '3.0',
      'tls.version_protocol': 'ssl',
      'tls.cipher': 'RC4-SHA',
      'http.response.body.bytes': undefined,
      'event.outcome': undefined,
    },
  );
});

test('a CRLF line ending is not part of the last field', () => {
  assert.is(parsed(`192.0.2.1 - - ${WHEN} "GET / HTTP/1.1" 200 5 "-" "curl/8.0"\r\n`).user_agent?.original, 'curl/8.0');
});

const NOT_ACCESS: [line: string, why: string][] = [
  ['', 'empty'],
  ['hello world', 'no timestamp'],
  ['<134>Oct 11 22:14:15 web nginx: 192.0.2.1 - - [26/Dec/2016:16:16:29 +0200] "GET / HTTP/1.1" 200 5', 'a syslog header before it'],
  ['{"remote_addr":"192.0.2.1","time":"[26/Dec/2016:16:16:29 +0200]"}', 'JSON'],
  [`${WHEN} "GET / HTTP/1.1" 200 5`, 'nothing before the timestamp'],
  [`192.0.2.1 - ${WHEN} "GET / HTTP/1.1" 200 5`, 'no ident or no user'],
  [`192.0.2.1 - - ${WHEN} GET / HTTP/1.1 200 5`, 'the request is not quoted'],
  [`192.0.2.1 - - ${WHEN} "GET / HTTP/1.1" abc 5`, 'no status'],
  [`192.0.2.1 - - ${WHEN} "GET / HTTP/1.1" 200 12abc`, 'a size that is not a number'],
  [`192.0.2.1 - - ${WHEN} "GET / HTTP/1.1`, 'the request is not closed'],
  ['192.0.2.1 - - [31/Feb/2016:16:16:29 +0200] "GET / HTTP/1.1" 200 5', 'no 31 February'],
  ['192.0.2.1 - - [26/Foo/2016:16:16:29 +0200] "GET / HTTP/1.1" 200 5', 'no month Foo'],
  ['192.0.2.1 - - [26/Dec/2016:24:16:29 +0200] "GET / HTTP/1.1" 200 5', 'no hour 24'],
  ['192.0.2.1 - - [2016-12-26T16:16:29Z] "GET / HTTP/1.1" 200 5', 'an ISO timestamp (another format)'],
  [`192.0.2.1 - - ${WHEN} "GET / HTTP/1.1" 200 5`.replace('192.0.2.1', '12:30:45'), 'a client that is no address'],
  [`we!rd 192.0.2.1 - - ${WHEN} "GET / HTTP/1.1" 200 5`, 'a vhost that is no host'],
  ['[10/Aug/2018:09:45:56 +0200] 172.30.0.119 TLSv1.2', 'an ssl_request_log line cut short'],
];

test('refuses lines that are not access log lines, with a reason', () => {
  for (const [line, why] of NOT_ACCESS) {
    const outcome = accessLines.parse(line, ctx);
    assert.is(outcome.ok, false, `${why}: ${line}`);
    if (!outcome.ok) assert.ok(outcome.reason.length > 0, why);
  }
});

test('test() is true for access lines and false for lines without an access timestamp', () => {
  assert.ok(accessLines.test(`::1 - - ${WHEN} "-" 408 -`));
  assert.not.ok(accessLines.test('Oct 11 22:14:15 web sshd[42]: Accepted password for root'));
  assert.not.ok(accessLines.test('{"@timestamp":"2016-12-26T16:16:29Z"}'));
});

// ---------------------------------------------------------------------------------------------
// Generated and hostile lines

const SAMPLES = [
  `::1 - - ${WHEN} "GET /favicon.ico HTTP/1.1" 404 209`,
  `vhost.example:80 "10.5.102.222, 199.96.1.1" 10.2.1.185 - bob ${WHEN} "GET /a?b=%41 HTTP/1.1" 200 612 "-" "Mozilla \\"x\\""`,
  `[10/Aug/2018:09:45:56 +0200] 172.30.0.119 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 "GET /x.php?a=1 HTTP/1.1" 1375`,
  `127.0.0.1 - - [12/Apr/2018:09:48:40 +0200] "" 400 0 "-" "-" "-"`,
];
const ALPHABET = [...' -"[]/:.,\\%?#0123456789+aAZxGETHP\t\r\n:\u00e9\u{1F600}\x00'];

/** A generated line: any text, an access-like line built from parts, or a sample with edits. */
const lines = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 200 }),
  fc
    .record({
      vhost: fc.option(fc.constantFrom('example.com', 'example.com:80', '192.0.2.1', '[::1]:443', '_', 'x:y:z'), { nil: undefined }),
      clients: fc.array(fc.constantFrom('1.2.3.4', '::1', '10.0.0.1', 'unknown', 'unix:', '"a, b"', 'host-name', '-', ''), {
        minLength: 0,
        maxLength: 4,
      }),
      user: fc.constantFrom('-', 'alice', '', '\\x00'),
      day: fc.integer({ min: -1, max: 32 }),
      month: fc.constantFrom('Jan', 'Feb', 'dec', 'Foo', ''),
      offset: fc.constantFrom(' +0200', ' -05:30', '', ' +9999', ' +'),
      request: fc.string({ unit: fc.constantFrom(...ALPHABET, 'GET', ' HTTP/1.1', '/', '\\"'), maxLength: 30 }),
      status: fc.constantFrom('200', '404', '99', '-', '2000'),
      bytes: fc.constantFrom('0', '-', '123', 'x'),
      tail: fc.string({ unit: fc.constantFrom(...ALPHABET, ' "-"', ' "', '\\"'), maxLength: 30 }),
    })
    .map(
      (p) =>
        `${p.vhost ? `${p.vhost} ` : ''}${p.clients.join(', ')} - ${p.user} [${String(p.day).padStart(2, '0')}/${p.month}/2016:16:16:29${p.offset}] "${p.request}" ${p.status} ${p.bytes}${p.tail}`,
    ),
  fc
    .tuple(
      fc.constantFrom(...SAMPLES),
      fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.constantFrom(...ALPHABET)), { minLength: 1, maxLength: 4 }),
    )
    .map(([sample, edits]) =>
      edits.reduce((line, [at, remove, insert]) => {
        const i = at % (line.length + 1);
        return line.slice(0, i) + insert + line.slice(i + remove);
      }, sample),
    ),
);

test('100,000 generated lines parse or are refused with a reason, never throw', () => {
  fc.assert(
    fc.property(lines, (line) => {
      const outcome = accessLines.parse(line, ctx);
      if (outcome.ok) {
        assert.ok(accessLines.test(line));
        assert.is(outcome.event.log.original, line);
        assert.ok(!Number.isNaN(Date.parse(outcome.event['@timestamp'])));
        JSON.stringify(outcome.event);
      } else assert.ok(outcome.reason.length > 0);
    }),
    { numRuns: 100_000 },
  );
});

const KB64 = 65_536;
const fill = (head: string, unit: string, tail = '') => {
  const body = unit.repeat(Math.ceil((KB64 - head.length - tail.length) / unit.length));
  return (head + body).slice(0, KB64 - tail.length) + tail;
};
const HEAD = `192.0.2.1 - - ${WHEN} "`;

/** 64 KB lines shaped to make a backtracking parser try every split: quotes, escapes, brackets, lists. */
const HOSTILE: [name: string, line: string][] = [
  ['letters', fill('', 'a')],
  ['spaces', fill('', ' ')],
  ['brackets', fill('', '[')],
  ['timestamps without a request', fill('', ` ${WHEN}`)],
  ['almost timestamps', fill('', ' [26/Dec/2016:16:16:2')],
  ['quotes after the timestamp', fill(HEAD, '"')],
  ['quote space digits', fill(HEAD, '" 20')],
  ['escaped quotes', fill(HEAD, '\\"')],
  ['a long request target', fill(`${HEAD}GET /`, 'a%zz%e0', ' HTTP/1.1" 200 5')],
  ['a long user agent of quotes', fill(`${HEAD}GET / HTTP/1.1" 200 5 "-" "`, '" "')],
  ['a long address list', fill('', '192.0.2.1, ', `192.0.2.1 - - ${WHEN} "GET / HTTP/1.1" 200 5`)],
  ['a long prefix of tokens', fill('', 'a ', `- - ${WHEN} "GET / HTTP/1.1" 200 5`)],
  ['an unclosed quoted list', fill('"', '1.2.3.4 ', ` - - ${WHEN} "GET / HTTP/1.1" 200 5`)],
];

test('a hostile 64 KB line is parsed or refused in under 10 ms', () => {
  const times: string[] = [];
  for (const [name, line] of HOSTILE) {
    assert.is(line.length, KB64, name);
    const ms = fastestMs(() => {
      accessLines.test(line);
      accessLines.parse(line, ctx);
    });
    times.push(`${name} ${ms.toFixed(2)}`);
    assert.ok(ms < 10, `${name}: ${ms.toFixed(1)} ms`);
  }
  console.log(`  access, 64 KB lines (ms): ${times.join(', ')}`);
});

test.run();
