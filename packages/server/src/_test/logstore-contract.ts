// The contract every LogStore keeps (SQLite, PostgreSQL), on real parsed events. The query cases
// are data (`QUERY_CASES`: an AST and the ids it must find) so that core's `matchesQuery` can be
// held to the very same cases.
import { type LogEvent, parseLine, type QueryNode } from '@secai/core/events';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { LogStore } from '../logstore/log-store.js';

export interface LogStoreHandle {
  store: LogStore;
  /** Closes the store and removes what it made (directory, schema). */
  cleanup(): Promise<void>;
}

/** `[id, @timestamp, line]`: three UTC days; e09 and e10 share a time, so `event.id` breaks the tie. */
export const FIXTURE: readonly (readonly [string, string, string])[] = [
  ['e01', '2026-11-28T08:00:00.000Z', '<38>Nov 28 08:00:00 web-1 sshd[101]: Failed password for root from 10.0.0.9 port 2222 ssh2'],
  [
    'e02',
    '2026-11-28T09:00:00.000Z',
    '<38>Nov 28 09:00:00 web-2 sshd[102]: Failed password for invalid user Admin from 10.0.0.8 port 2223 ssh2',
  ],
  [
    'e03',
    '2026-11-29T10:00:00.000Z',
    '<86>Nov 29 10:00:00 bastion sshd[103]: Accepted publickey for alice from 192.168.1.5 port 50000 ssh2: RSA SHA256:abc',
  ],
  [
    'e04',
    '2026-11-29T11:00:00.000Z',
    '10.1.1.1 - - [29/Nov/2026:11:00:00 +0000] "GET /downloads/100%off_sale.pdf HTTP/1.1" 404 512 "-" "curl/8.0"',
  ],
  ['e05', '2026-11-29T12:00:00.000Z', '10.1.1.2 - bob [29/Nov/2026:12:00:00 +0000] "POST /login HTTP/1.1" 200 1024 "-" "Mozilla/5.0"'],
  [
    'e06',
    '2026-11-30T01:00:00.000Z',
    '<134>Nov 30 01:00:00 fw-edge CEF:0|Fortinet|FortiGate|7.2|13|traffic forward deny|3|src=10.0.0.9 dst=10.2.0.1 spt=5000 dpt=443 proto=6 act=deny suser=ROOT',
  ],
  [
    'e07',
    '2026-11-30T02:00:00.000Z',
    JSON.stringify({
      EventTime: '2026-11-30 02:00:00',
      Hostname: 'ws01.corp.example',
      EventID: 4625,
      SourceName: 'Microsoft-Windows-Security-Auditing',
      Channel: 'Security',
      TargetUserName: 'Administrator',
      IpAddress: '10.0.0.9',
      LogonType: '3',
      Message: 'An account failed to log on.',
    }),
  ],
  ['e08', '2026-11-30T03:00:00.000Z', '<13>Nov 30 03:00:00 web-1 app: Café opened; password failed for user_1'],
  ['e09', '2026-11-30T04:00:00.000Z', '<38>Nov 30 04:00:00 web-3 sshd[104]: Failed password for root from 10.0.0.7 port 1 ssh2'],
  ['e10', '2026-11-30T04:00:00.000Z', '<38>Nov 30 04:00:00 web-3 sshd[105]: Failed password for root from 10.0.0.7 port 1 ssh2'],
];

/** A realistic event with the given id and time. */
export function fixtureEvent(id: string, at: string, line: string): LogEvent {
  const event = parseLine(line, { receivedAt: new Date('2026-12-01T00:00:00Z') }).event;
  event.event.id = id;
  event['@timestamp'] = at;
  return event;
}
const fixture = () => FIXTURE.map(([id, at, line]) => fixtureEvent(id, at, line));
/** Every fixture id newest first: (`@timestamp` desc, `event.id` desc). */
const NEWEST_FIRST = ['e10', 'e09', 'e08', 'e07', 'e06', 'e05', 'e04', 'e03', 'e02', 'e01'];

const m = (field: string, value: string, wildcard = false): QueryNode => ({ kind: 'match', field, value, wildcard });
const words = (...w: string[]): QueryNode => ({ kind: 'text', words: w, phrase: false });
const phrase = (...w: string[]): QueryNode => ({ kind: 'text', words: w, phrase: true });
const not = (node: QueryNode): QueryNode => ({ kind: 'not', node });
const at = (iso: string) => Date.parse(iso);

/** `[title, query, ids it matches among FIXTURE]`. */
export const QUERY_CASES: readonly (readonly [string, QueryNode, readonly string[]])[] = [
  ['all: every event', { kind: 'all' }, NEWEST_FIRST],
  ['match: case-insensitive value', m('user.name', 'ROOT'), ['e01', 'e09', 'e10']],
  ['match: a stored upper-case value', m('user.name', 'admin'), ['e02']],
  ['match: any element of an array', m('related.ip', '10.2.0.1'), ['e06']],
  ['match: an array of mixed-case values', m('related.user', 'root'), ['e01', 'e06', 'e09', 'e10']],
  ['match: a number by value', m('http.response.status_code', '404'), ['e04']],
  ['match: a number written as a decimal', m('http.response.status_code', '404.0'), ['e04']],
  ['match: a numeric string as text', m('winlog.event_id', '4625'), ['e07']],
  ['match: a value no event has', m('user.name', 'mallory'), []],
  ['match: a vendor field', m('winlog.event_data.TargetUserName', 'administrator'), ['e07']],
  ['wildcard: a trailing star', m('source.ip', '10.0.0.*', true), ['e01', 'e02', 'e06', 'e07', 'e09', 'e10']],
  ['wildcard: ? is one character', m('url.original', '/l?gin', true), ['e05']],
  ['wildcard: case-insensitive', m('user.name', 'ADM*', true), ['e02', 'e07']],
  ['wildcard: a literal % is not any run', m('url.original', '*n%*', true), []],
  ['wildcard: a literal % matches itself', m('url.original', '*0%o*', true), ['e04']],
  ['wildcard: a literal _ is not one character', m('url.original', '/l_g*', true), []],
  ['wildcard: a literal _ matches itself', m('url.original', '*f_s*', true), ['e04']],
  ['wildcard: an escaped star is literal', m('url.original', '\\*', true), []],
  ['wildcard: over an array', m('related.user', 'adm*', true), ['e02', 'e07']],
  ['exists: a leaf', { kind: 'exists', field: 'user.name' }, ['e01', 'e02', 'e03', 'e05', 'e07', 'e09', 'e10']],
  ['exists: an object', { kind: 'exists', field: 'url' }, ['e04', 'e05']],
  ['not: a match also holds without the field', not(m('user.name', 'root')), ['e02', 'e03', 'e04', 'e05', 'e06', 'e07', 'e08']],
  ['not: exists', not({ kind: 'exists', field: 'user.name' }), ['e04', 'e06', 'e08']],
  ['not: a wildcard', not(m('source.ip', '10.*', true)), ['e03', 'e08']],
  ['and', { kind: 'and', nodes: [m('event.outcome', 'failure'), m('source.ip', '10.0.0.8')] }, ['e02']],
  ['or', { kind: 'or', nodes: [m('user.name', 'alice'), m('user.name', 'bob')] }, ['e03', 'e05']],
  ['and of nothing is everything', { kind: 'and', nodes: [] }, NEWEST_FIRST],
  ['or of nothing is nothing', { kind: 'or', nodes: [] }, []],
  ['range: numbers', { kind: 'range', field: 'http.response.status_code', op: '>=', value: 400, time: false }, ['e04']],
  ['range: below', { kind: 'range', field: 'source.port', op: '<', value: 3000, time: false }, ['e01', 'e02', 'e09', 'e10']],
  [
    'range: bounds are inclusive or not as the op says',
    { kind: 'range', field: 'source.port', op: '>', value: 2222, time: false },
    ['e02', 'e03', 'e06'],
  ],
  [
    'range: @timestamp from',
    { kind: 'range', field: '@timestamp', op: '>=', value: at('2026-11-30T00:00:00Z'), time: true },
    ['e06', 'e07', 'e08', 'e09', 'e10'],
  ],
  ['range: @timestamp before', { kind: 'range', field: '@timestamp', op: '<', value: at('2026-11-28T09:00:00Z'), time: true }, ['e01']],
  ['text: every word, anywhere', words('failed', 'password'), ['e01', 'e02', 'e08', 'e09', 'e10']],
  ['text: a phrase keeps its order', phrase('failed', 'password'), ['e01', 'e02', 'e09', 'e10']],
  ['text: an address is a phrase of its numbers', words('10.0.0.9'), ['e01', 'e06', 'e07']],
  ['text: part of an address', words('0.9'), ['e01', 'e06', 'e07']],
  ['text: a phrase of an address prefix', phrase('10.0.0'), ['e01', 'e02', 'e06', 'e07', 'e09', 'e10']],
  ['text: words are whole tokens', words('passw'), []],
  ['text: case-insensitive, accents kept', words('CAFÉ'), ['e08']],
  ['text: an accent is not dropped', words('cafe'), []],
  ['text: an underscore separates tokens', words('user_1'), ['e08']],
  ['text with a field', { kind: 'and', nodes: [words('failed'), not(m('host.hostname', 'web-3'))] }, ['e01', 'e02', 'e07', 'e08']],
];

export function logStoreContract(kind: 'sqlite' | 'postgresql', makeStore: () => Promise<LogStoreHandle>, available = true): void {
  const s = suite(`LogStore contract [${kind}]`);
  const tests = defineTests(makeStore);
  for (const [title, fn] of tests) (available ? s : s.skip)(title, fn);
  s.run();
}

type Test = [string, () => Promise<void>];

async function withStore(makeStore: () => Promise<LogStoreHandle>, fn: (store: LogStore) => Promise<void>): Promise<void> {
  const { store, cleanup } = await makeStore();
  try {
    await store.open();
    await store.write(fixture());
    await fn(store);
  } finally {
    await cleanup();
  }
}

const ids = (events: LogEvent[]) => events.map((e) => e.event.id);

function defineTests(makeStore: () => Promise<LogStoreHandle>): Test[] {
  // The query cases share one store: written once, searched by every case.
  let shared: Promise<LogStoreHandle> | null = null;
  const sharedStore = async () => {
    shared ??= makeStore().then(async (h) => {
      await h.store.open();
      await h.store.write(fixture());
      return h;
    });
    return (await shared).store;
  };
  const tests: Test[] = QUERY_CASES.map(
    ([title, query, expected]): Test => [
      `query ${title}`,
      async () => {
        const page = await (await sharedStore()).search({ query, limit: 100 });
        assert.equal(
          ids(page.events),
          NEWEST_FIRST.filter((id) => expected.includes(id)),
        );
        assert.is(page.nextCursor, null);
      },
    ],
  );
  tests.push(...behaviourTests(makeStore), [
    'closing the shared store',
    async () => {
      if (shared) await (await shared).cleanup();
    },
  ]);
  return tests;
}

function behaviourTests(makeStore: () => Promise<LogStoreHandle>): Test[] {
  const all: QueryNode = { kind: 'all' };
  return [
    [
      'from is inclusive and to exclusive',
      () =>
        withStore(makeStore, async (store) => {
          const page = await store.search({
            query: all,
            from: new Date('2026-11-29T10:00:00Z'),
            to: new Date('2026-11-30T02:00:00Z'),
            limit: 100,
          });
          assert.equal(ids(page.events), ['e06', 'e05', 'e04', 'e03']);
        }),
    ],
    [
      'bounds at the ends of time (year 0, year 9999, in a query too) select nothing or everything, without an error',
      () =>
        withStore(makeStore, async (store) => {
          const year0 = new Date('0000-01-01T00:00:00Z');
          assert.is((await store.search({ query: all, to: year0, limit: 10 })).events.length, 0);
          const fromYear0 = await store.stats({ query: all, from: year0, to: new Date('9999-12-31T23:59:59Z'), by: 'event.kind' });
          const every = await store.stats({ query: all, by: 'event.kind' });
          assert.is(fromYear0.total, every.total);
          const q: QueryNode = { kind: 'range', field: '@timestamp', op: '<', value: year0.getTime(), time: true };
          assert.is((await store.search({ query: q, limit: 10 })).events.length, 0);
        }),
    ],
    [
      'pages walk every event once, newest first, across days',
      () =>
        withStore(makeStore, async (store) => {
          for (const limit of [1, 2, 3, 4]) {
            const seen: unknown[] = [];
            let cursor: string | undefined;
            for (let n = 0; n < 20; n++) {
              const page = await store.search({ query: all, limit, ...(cursor && { cursor }) });
              assert.ok(page.events.length <= limit);
              seen.push(...ids(page.events));
              if (!page.nextCursor) break;
              cursor = page.nextCursor;
            }
            assert.equal(seen, NEWEST_FIRST, `limit ${limit}`);
          }
          const filtered = await store.search({ query: m('user.name', 'root'), limit: 2 });
          assert.equal(ids(filtered.events), ['e10', 'e09']);
          const next = await store.search({ query: m('user.name', 'root'), limit: 2, cursor: filtered.nextCursor as string });
          assert.equal([ids(next.events), next.nextCursor], [['e01'], null]);
        }),
    ],
    [
      'a day written out of order, many events in one ms: pages of a term and of everything keep (time, id) order',
      () =>
        withStore(makeStore, async (store) => {
          // Times from the day's first ms to its last, several per ms (as a second-resolution
          // syslog clock gives), ids not in time order, written in three batches, late ones last.
          const day = Date.parse('2026-11-27T00:00:00.000Z');
          const offsets = [0, 1, 59_000, 600_000, 600_000, 600_000, 3_600_000, 43_200_000, 86_340_000, 86_399_999];
          const made = offsets.map((offset, i) => {
            const line = `<38>Nov 27 00:00:00 web-1 sshd[${200 + i}]: Failed password for ${i % 2 ? 'root' : 'bob'} from 10.0.0.1 port 22 ssh2`;
            return fixtureEvent(`b${String((i * 7) % 10).padStart(2, '0')}`, new Date(day + offset).toISOString(), line);
          });
          await store.write(made.slice(5));
          await store.write(made.slice(0, 2));
          await store.write(made.slice(2, 5).reverse());
          const order = (events: LogEvent[]) =>
            [...events].sort(
              (a, b) => b['@timestamp'].localeCompare(a['@timestamp']) || ((b.event.id as string) < (a.event.id as string) ? -1 : 1),
            );
          const from = new Date(day);
          const to = new Date(day + 86_400_000);
          for (const [query, expected] of [
            [all, order(made)],
            [m('user.name', 'root'), order(made.filter((e) => e.user?.name === 'root'))],
          ] as const) {
            for (const limit of [1, 2, 3]) {
              const seen: unknown[] = [];
              let cursor: string | undefined;
              for (let n = 0; n < 20; n++) {
                const page = await store.search({ query, from, to, limit, ...(cursor && { cursor }) });
                seen.push(...ids(page.events));
                if (!page.nextCursor) break;
                cursor = page.nextCursor;
              }
              assert.equal(seen, ids(expected), `limit ${limit}`);
            }
            const stats = await store.stats({ query, from, to, interval: 3_600_000 });
            assert.is(stats.total, expected.length);
            const buckets = new Map<string, number>();
            for (const e of [...expected].reverse()) {
              const start = new Date(Math.floor(Date.parse(e['@timestamp']) / 3_600_000) * 3_600_000).toISOString();
              buckets.set(start, (buckets.get(start) ?? 0) + 1);
            }
            assert.equal(
              stats.buckets,
              [...buckets].map(([start, count]) => ({ start, count })),
            );
          }
        }),
    ],
    [
      'a malformed cursor is CURSOR_INVALID',
      () =>
        withStore(makeStore, async (store) => {
          for (const cursor of ['not-a-cursor', Buffer.from('{"x":1}').toString('base64url')]) {
            try {
              await store.search({ query: all, limit: 10, cursor });
              assert.unreachable('accepted a bad cursor');
            } catch (err) {
              assert.is((err as { code?: string }).code, 'CURSOR_INVALID');
            }
          }
        }),
    ],
    [
      'a page holds at most 1,000 events',
      () =>
        withStore(makeStore, async (store) => {
          const events = Array.from({ length: 1_005 }, (_, i) =>
            fixtureEvent(`p${i}`, new Date(at('2026-11-27T00:00:00Z') + i * 1000).toISOString(), FIXTURE[0]?.[2] as string),
          );
          await store.write(events);
          const page = await store.search({ query: all, limit: 5_000 });
          assert.is(page.events.length, 1_000);
          assert.ok(page.nextCursor);
        }),
    ],
    [
      'writing an id again keeps one copy',
      () =>
        withStore(makeStore, async (store) => {
          const again = fixture();
          await store.write(again);
          await store.write([...again.slice(0, 3), ...again.slice(0, 3)]);
          assert.is((await store.stats({ query: all, interval: 86_400_000 })).total, 10);
          assert.equal(ids((await store.search({ query: all, limit: 100 })).events), NEWEST_FIRST);
        }),
    ],
    [
      'write counts the events it newly stored, not an id stored before or twice in the batch',
      () =>
        withStore(makeStore, async (store) => {
          assert.is(await store.write(fixture()), 0, 'a batch sent again');
          const line = FIXTURE[0]?.[2] as string;
          const fresh = fixtureEvent('n01', '2026-11-29T13:00:00.000Z', line);
          const again = fixtureEvent('e03', FIXTURE[2]?.[1] as string, FIXTURE[2]?.[2] as string);
          assert.is(await store.write([again, fresh, fresh]), 1, 'one new among a stored one and a repeat');
          assert.is(await store.write([]), 0);
          assert.is((await store.stats({ query: all, interval: 86_400_000 })).total, 11);
        }),
    ],
    [
      'stats: top values count each array element, case-insensitively, most first, shown as stored',
      () =>
        withStore(makeStore, async (store) => {
          const shown = await store.stats({ query: all, by: 'related.user', limit: 3 });
          // root and ROOT are one value; it is shown in one of the forms stored.
          assert.ok(['root', 'ROOT'].includes(shown.values?.[0]?.value ?? ''), JSON.stringify(shown.values));
          const top = { ...shown, values: shown.values?.map((v) => ({ ...v, value: v.value.toLowerCase() })) };
          assert.equal(top, {
            total: 10,
            values: [
              { value: 'root', count: 4 },
              { value: 'admin', count: 1 },
              { value: 'administrator', count: 1 },
            ],
          });
          const codes = await store.stats({ query: m('event.category', 'web'), by: 'http.response.status_code' });
          assert.equal(codes, {
            total: 2,
            values: [
              { value: '200', count: 1 },
              { value: '404', count: 1 },
            ],
          });
        }),
    ],
    [
      'stats: a histogram has a bucket per interval with events, oldest first',
      () =>
        withStore(makeStore, async (store) => {
          const days = await store.stats({ query: all, interval: 86_400_000 });
          assert.equal(days.buckets, [
            { start: '2026-11-28T00:00:00.000Z', count: 2 },
            { start: '2026-11-29T00:00:00.000Z', count: 3 },
            { start: '2026-11-30T00:00:00.000Z', count: 5 },
          ]);
          const failed = await store.stats({
            query: phrase('failed', 'password'),
            from: new Date('2026-11-28T08:30:00Z'),
            interval: 3_600_000,
          });
          assert.equal(failed, {
            total: 3,
            buckets: [
              { start: '2026-11-28T09:00:00.000Z', count: 1 },
              { start: '2026-11-30T04:00:00.000Z', count: 2 },
            ],
          });
        }),
    ],
    [
      'partitions are days, oldest first; dropping one removes its events',
      () =>
        withStore(makeStore, async (store) => {
          const parts = await store.partitions();
          assert.equal(
            parts.map((p) => [p.day, p.events]),
            [
              ['2026-11-28', 2],
              ['2026-11-29', 3],
              ['2026-11-30', 5],
            ],
          );
          assert.ok(parts.every((p) => p.bytes > 0));
          await store.dropPartition('2026-11-29');
          assert.equal(
            (await store.partitions()).map((p) => p.day),
            ['2026-11-28', '2026-11-30'],
          );
          assert.equal(ids((await store.search({ query: all, limit: 100 })).events), ['e10', 'e09', 'e08', 'e07', 'e06', 'e02', 'e01']);
          await store.write(fixture()); // the day comes back when written to again
          assert.is((await store.stats({ query: all, interval: 3_600_000 })).total, 10);
        }),
    ],
    [
      'a 20,000-event batch is stored whole, once',
      () =>
        withStore(makeStore, async (store) => {
          const start = at('2026-11-25T12:00:00Z');
          const batch = Array.from({ length: 20_000 }, (_, i) => {
            const user = ['root', 'alice', 'bob', 'deploy'][i % 4];
            const line = `<38>Nov 25 12:00:00 web-${i % 7} sshd[${i}]: Failed password for ${user} from 10.9.${i % 256}.${i % 100} port ${1024 + i} ssh2`;
            return fixtureEvent(`b${i}`, new Date(start + i * 5_000).toISOString(), line);
          });
          await store.write(batch);
          await store.write(batch.slice(0, 2_000));
          const range = { from: new Date(start), to: new Date(start + 20_000 * 5_000) };
          assert.is((await store.stats({ query: all, ...range, interval: 86_400_000 })).total, 20_000);
          assert.is((await store.stats({ query: m('user.name', 'bob'), ...range, interval: 86_400_000 })).total, 5_000);
          const page = await store.search({ query: m('user.name', 'deploy'), ...range, limit: 3 });
          assert.equal(ids(page.events), ['b19999', 'b19995', 'b19991']);
        }),
    ],
  ];
}
