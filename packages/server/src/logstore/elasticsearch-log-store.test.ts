// These tests run against the official mock (`@elastic/elasticsearch-mock`), not a cluster: no
// Elasticsearch server can run on this machine. They hold the store to the requests it sends and
// to how it reads responses in the documented shapes; the shared contract suite
// (`_test/logstore-contract.ts`) still has to run against a real cluster.

import { Client, errors } from '@elastic/elasticsearch';
import MockModule from '@elastic/elasticsearch-mock';
import { ValidationError } from '@secai/core/errors';
import { type LogEvent, parseQuery, type QueryNode, toElasticsearchQuery } from '@secai/core/events';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Db } from '../store/database.js';
import { decodeLogCursor, encodeLogCursor } from './cursor.js';
import { ElasticsearchLogStore } from './elasticsearch-log-store.js';
import { logTemplate } from './elasticsearch-template.js';
import { createLogStore } from './index.js';
import { textTokens } from './terms.js';

// The mock's types declare an ES default export, but the package is `module.exports = Mocker`:
// under NodeNext the default import is the class itself.
const Mock = MockModule as unknown as typeof MockModule.default;

interface Request {
  method: string;
  path: string;
  querystring: Record<string, string>;
  body: unknown;
}

/**
 * A store on a client wired to the official mock (`@elastic/elasticsearch-mock`), since no
 * Elasticsearch server can run on this machine: it records every request and answers with
 * `answer` (a response body in the documented shape, or a ResponseError for an HTTP error).
 */
function fake(answer: (r: Request) => unknown = () => ({ acknowledged: true }), prefix?: string) {
  const mock = new Mock();
  const requests: Request[] = [];
  mock.add({ method: ['GET', 'POST', 'PUT', 'DELETE'], path: '*' }, (params) => {
    const r = params as unknown as Request;
    requests.push(r);
    return answer(r) as Record<string, unknown>;
  });
  const client = new Client({
    node: 'http://localhost:9200', // The mock builds on the transport's CJS types, the client on its ESM ones: the same class.
    Connection: mock.getConnection() as unknown as NonNullable<ConstructorParameters<typeof Client>[0]>['Connection'],
  });
  return { store: new ElasticsearchLogStore(client, prefix === undefined ? {} : { prefix }), requests };
}

const event = (id: string, ts: string, line = `line ${id}`): LogEvent => ({
  '@timestamp': ts,
  log: { original: line },
  event: { id, kind: 'event' },
});

const hit = (e: LogEvent) => ({ _index: '.ds-x', _id: e.event.id, _source: e, sort: [Date.parse(e['@timestamp']), e.event.id] });
const searchResponse = (hits: unknown[], total = hits.length, aggregations?: unknown) => ({
  took: 1,
  timed_out: false,
  _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
  hits: { total: { value: total, relation: 'eq' }, max_score: null, hits },
  ...(aggregations !== undefined && { aggregations }),
});

async function rejects(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  assert.unreachable('expected a rejection');
  throw new Error('unreachable');
}

/** The value at a path of a JSON body, undefined where it stops. */
const at = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), value);

const ALL: QueryNode = { kind: 'all' };

test('open puts a composable data-stream template with the normalizer and the text analyzer', async () => {
  const { store, requests } = fake();
  await store.open();
  assert.is(requests.length, 1);
  const [r] = requests;
  assert.is(r?.method, 'PUT');
  assert.is(r?.path, '/_index_template/secai-logs');
  const body = r?.body;
  assert.equal(at(body, 'index_patterns'), ['secai-logs-*']);
  assert.equal(at(body, 'data_stream'), {});
  const analysis = at(body, 'template', 'settings', 'analysis');
  assert.equal(at(analysis, 'normalizer', 'keyword_lowercase'), { type: 'custom', filter: ['lowercase'] });
  assert.equal(at(analysis, 'tokenizer', 'log_tokens'), { type: 'pattern', pattern: '[^\\p{L}\\p{N}]+' });
  assert.is(at(analysis, 'analyzer', 'log_text', 'tokenizer'), 'log_tokens');
  assert.ok((at(analysis, 'analyzer', 'log_text', 'filter') as string[]).includes('lowercase'));
  const mappings = at(body, 'template', 'mappings');
  assert.equal(at(mappings, 'dynamic_templates', '0', 'strings_as_keywords'), {
    match_mapping_type: 'string',
    mapping: { type: 'keyword', normalizer: 'keyword_lowercase', ignore_above: 1024 },
  });
  const properties = at(mappings, 'properties');
  assert.equal(at(properties, '@timestamp'), { type: 'date' });
  assert.equal(at(properties, 'log', 'properties', 'original'), { type: 'text', analyzer: 'log_text' });
  assert.is(at(properties, 'event', 'properties', 'id', 'normalizer'), 'keyword_lowercase');
  assert.is(at(properties, 'event', 'properties', 'id', 'fields', 'sort', 'type'), 'keyword');
});

test('a prefix names the template, its pattern and the day streams', async () => {
  const { store, requests } = fake(() => ({ errors: false, items: [] }), 'acme-logs');
  await store.open();
  await store.write([event('a', '2026-12-03T10:00:00Z')]);
  assert.is(requests[0]?.path, '/_index_template/acme-logs');
  assert.equal(at(requests[0]?.body, 'index_patterns'), ['acme-logs-*']);
  assert.equal(at(requests[1]?.body, '0'), { create: { _index: 'acme-logs-2026.12.03', _id: 'a' } });
});

test("the template's tokenizer pattern splits a line into core's text tokens", () => {
  const pattern = at(logTemplate('p'), 'template', 'settings', 'analysis', 'tokenizer', 'log_tokens', 'pattern') as string;
  const split = (s: string) =>
    s
      .split(new RegExp(pattern, 'u'))
      .filter(Boolean)
      .map((t) => t.toLowerCase());
  for (const line of ['Failed password for root from 10.0.0.9 port 2222', 'Ünïcode_Wörter—und Zahlen٣٤ ok', '  ..leading/trailing..  ']) {
    assert.equal(split(line), textTokens(line), line);
  }
});

test('write sends one bulk of creates into each event’s day stream, keyed by event.id, without refresh', async () => {
  const { store, requests } = fake(() => ({ errors: false, took: 1, items: [] }));
  const a = event('a', '2026-11-28T23:59:59.999Z');
  const b = event('B-2', '2026-11-29T00:00:00.000Z');
  assert.is(await store.write([a, b]), 2, 'both new');
  assert.is(requests.length, 1);
  assert.is(requests[0]?.method, 'POST');
  assert.is(requests[0]?.path, '/_bulk');
  assert.is(requests[0]?.querystring.refresh, 'false');
  assert.equal(requests[0]?.body, [
    { create: { _index: 'secai-logs-2026.11.28', _id: 'a' } },
    a,
    { create: { _index: 'secai-logs-2026.11.29', _id: 'B-2' } },
    b,
  ]);
});

test('write sends nothing for no events', async () => {
  const { store, requests } = fake();
  assert.is(await store.write([]), 0);
  assert.is(requests.length, 0);
});

const item = (id: string, status: number, type?: string) => ({
  create: {
    _index: '.ds-secai-logs-2026.11.28-2026.11.28-000001',
    _id: id,
    status,
    ...(type && { error: { type, reason: `${type} on ${id}` } }),
  },
});

test('write treats 409 conflicts (ids already stored, a retried batch) as success, not counted as new', async () => {
  const { store } = fake(() => ({ errors: true, took: 1, items: [item('a', 409, 'version_conflict_engine_exception'), item('b', 201)] }));
  assert.is(await store.write([event('a', '2026-11-28T10:00:00Z'), event('b', '2026-11-28T11:00:00Z')]), 1);
});

test('write throws when an item fails for any other reason, so the pipeline retries the batch', async () => {
  const { store } = fake(() => ({
    errors: true,
    took: 1,
    items: [item('a', 409, 'version_conflict_engine_exception'), item('b', 429, 'es_rejected_execution_exception')],
  }));
  const err = await rejects(store.write([event('a', '2026-11-28T10:00:00Z'), event('b', '2026-11-28T11:00:00Z')]));
  assert.match(err.message, /1 of 2/);
  assert.match(err.message, /es_rejected_execution_exception/);
});

test('search filters on the translated query and the time range, newest first, one past the page', async () => {
  const { store, requests } = fake(() => searchResponse([]));
  const query = parseQuery('user.name:root AND NOT source.ip:10.0.0.*');
  const from = new Date('2026-11-28T00:00:00Z');
  const to = new Date('2026-11-30T00:00:00Z');
  const page = await store.search({ query, from, to, limit: 50 });
  assert.equal(page, { events: [], nextCursor: null });
  const r = requests[0];
  assert.is(r?.method, 'POST');
  assert.is(r?.path, '/secai-logs-*/_search');
  assert.is(r?.querystring.ignore_unavailable, 'true');
  assert.is(r?.querystring.allow_no_indices, 'true');
  assert.equal(r?.body, {
    query: {
      bool: {
        filter: [
          toElasticsearchQuery(query),
          { range: { '@timestamp': { gte: from.getTime(), lt: to.getTime(), format: 'epoch_millis' } } },
        ],
      },
    },
    sort: [{ '@timestamp': { order: 'desc' } }, { 'event.id.sort': { order: 'desc' } }],
    size: 51,
    track_total_hits: false,
  });
});

test('search returns the sources and a cursor from the last hit of a full page, which the next search continues after', async () => {
  const events = [event('c', '2026-11-29T12:00:00Z'), event('b', '2026-11-29T11:00:00Z'), event('a', '2026-11-29T11:00:00Z')];
  const { store, requests } = fake((r) =>
    searchResponse((r.body as { search_after?: unknown }).search_after ? [hit(events[2] as LogEvent)] : events.map(hit)),
  );
  const first = await store.search({ query: ALL, limit: 2 });
  assert.equal(first.events, events.slice(0, 2));
  assert.equal(decodeLogCursor(first.nextCursor as string), { ts: Date.parse('2026-11-29T11:00:00Z'), id: 'b' });
  const second = await store.search({ query: ALL, limit: 2, cursor: first.nextCursor as string });
  assert.equal(second, { events: [events[2]], nextCursor: null });
  const body = requests[1]?.body as { search_after: unknown; size: number; query: unknown };
  assert.equal(body.search_after, [Date.parse('2026-11-29T11:00:00Z'), 'b']);
  assert.is(body.size, 3);
  assert.equal(body.query, { bool: { filter: [{ match_all: {} }] } });
});

test('search caps the page at 1,000 events', async () => {
  const { store, requests } = fake(() => searchResponse([]));
  await store.search({ query: ALL, limit: 5000 });
  assert.is(at(requests[0]?.body, 'size'), 1001);
});

test('search rejects a malformed cursor with CURSOR_INVALID before asking Elasticsearch', async () => {
  const { store, requests } = fake(() => searchResponse([]));
  for (const cursor of ['not-a-cursor', encodeLogCursor({ ts: 1, id: 'x' }).slice(2)]) {
    const err = await rejects(store.search({ query: ALL, limit: 10, cursor }));
    assert.instance(err, ValidationError);
    assert.is((err as ValidationError).code, 'CURSOR_INVALID');
  }
  assert.is(requests.length, 0);
});

test('core’s translation of a query is embedded unchanged', async () => {
  const queries = [
    'user.name:Root',
    'source.ip:10.0.0.* OR host.name:"web 1"',
    'http.response.status_code>=400 AND NOT event.outcome:success',
    '"failed password" root',
    'user.name:* AND @timestamp>2026-11-28',
  ];
  const { store, requests } = fake(() => searchResponse([]));
  for (const q of queries) {
    const node = parseQuery(q);
    await store.search({ query: node, limit: 10 });
    await store.stats({ query: node, by: 'user.name' });
    const [search, stats] = requests.splice(0, 2).map((r) => r.body as { query: unknown });
    assert.equal(search?.query, { bool: { filter: [toElasticsearchQuery(node)] } }, q);
    assert.equal(stats?.query, { bool: { filter: [toElasticsearchQuery(node)] } }, q);
  }
});

test('stats by a field asks for its top terms and maps the buckets and the exact total', async () => {
  const buckets = [
    { key: 'root', doc_count: 5 },
    { key: 404, doc_count: 3 },
    { key: 1, key_as_string: 'true', doc_count: 2 },
  ];
  const { store, requests } = fake(() =>
    searchResponse([], 12_345, { stats: { doc_count_error_upper_bound: 0, sum_other_doc_count: 0, buckets } }),
  );
  const stats = await store.stats({ query: ALL, by: 'user.name', limit: 3, from: new Date(0) });
  assert.equal(stats, {
    total: 12_345,
    values: [
      { value: 'root', count: 5 },
      { value: '404', count: 3 },
      { value: 'true', count: 2 },
    ],
  });
  assert.equal(requests[0]?.body, {
    query: { bool: { filter: [{ match_all: {} }, { range: { '@timestamp': { gte: 0, format: 'epoch_millis' } } }] } },
    size: 0,
    track_total_hits: true,
    aggs: { stats: { terms: { field: 'user.name', size: 3 } } },
  });
});

test('stats by a field defaults to the top 10', async () => {
  const { store, requests } = fake(() => searchResponse([], 0, { stats: { buckets: [] } }));
  assert.equal(await store.stats({ query: ALL, by: 'host.name' }), { total: 0, values: [] });
  assert.equal(at(requests[0]?.body, 'aggs'), { stats: { terms: { field: 'host.name', size: 10 } } });
});

test('stats by interval asks for a fixed-interval histogram of non-empty buckets, keys as ISO times', async () => {
  const t = Date.parse('2026-11-28T08:00:00Z');
  const buckets = [
    { key_as_string: '2026-11-28T08:00:00.000Z', key: t, doc_count: 4 },
    { key_as_string: '2026-11-28T10:00:00.000Z', key: t + 7_200_000, doc_count: 1 },
  ];
  const { store, requests } = fake(() => searchResponse([], 5, { stats: { buckets } }));
  const stats = await store.stats({ query: ALL, interval: 3_600_000, to: new Date(t + 86_400_000) });
  assert.equal(stats, {
    total: 5,
    buckets: [
      { start: '2026-11-28T08:00:00.000Z', count: 4 },
      { start: '2026-11-28T10:00:00.000Z', count: 1 },
    ],
  });
  assert.equal(at(requests[0]?.body, 'aggs'), {
    stats: { date_histogram: { field: '@timestamp', fixed_interval: '3600000ms', min_doc_count: 1 } },
  });
});

test('stats rejects an interval that is not a whole number of milliseconds', async () => {
  const { store, requests } = fake(() => searchResponse([]));
  for (const interval of [0, -1, 1.5, Number.NaN]) {
    assert.instance(await rejects(store.stats({ query: ALL, interval })), ValidationError);
  }
  assert.is(requests.length, 0);
});

test('partitions sums the backing indices of each day stream, oldest first, and skips other indices', async () => {
  const rows = [
    { index: '.ds-secai-logs-2026.11.29-2026.11.29-000001', 'docs.count': '10', 'store.size': '2048' },
    { index: '.ds-secai-logs-2026.11.28-2026.11.28-000001', 'docs.count': '4', 'store.size': '1000' },
    { index: '.ds-secai-logs-2026.11.29-2026.11.30-000002', 'docs.count': '1', 'store.size': '100' },
    { index: 'secai-logs-notes', 'docs.count': '99', 'store.size': '99' },
  ];
  const { store, requests } = fake(() => rows);
  assert.equal(await store.partitions(), [
    { day: '2026-11-28', events: 4, bytes: 1000 },
    { day: '2026-11-29', events: 11, bytes: 2148 },
  ]);
  assert.is(requests[0]?.method, 'GET');
  assert.is(requests[0]?.path, '/_cat/indices/secai-logs-*');
  assert.is(requests[0]?.querystring.format, 'json');
  assert.is(requests[0]?.querystring.bytes, 'b');
});

test('dropPartition deletes the day’s data stream', async () => {
  const { store, requests } = fake();
  await store.dropPartition('2026-11-28');
  assert.equal(
    requests.map((r) => [r.method, r.path]),
    [['DELETE', '/_data_stream/secai-logs-2026.11.28']],
  );
});

test('dropPartition of a day with no stream succeeds (404 is already gone)', async () => {
  const { store } = fake(
    () =>
      new errors.ResponseError({
        body: { error: { type: 'index_not_found_exception' }, status: 404 },
        statusCode: 404,
        warnings: null,
        meta: {} as never,
      }),
  );
  await store.dropPartition('2026-11-28');
});

test('dropPartition rejects what is not a day, without a request', async () => {
  const { store, requests } = fake();
  for (const day of ['2026-11-2', '*', '2026-11-28,secai-other']) {
    assert.instance(await rejects(store.dropPartition(day)), ValidationError);
  }
  assert.is(requests.length, 0);
});

test('createLogStore picks Elasticsearch when an Elasticsearch URL is configured', async () => {
  const store = createLogStore({ dataDir: '/nonexistent', databaseUrl: undefined, elasticsearchUrl: 'http://localhost:9200' }, {} as Db);
  assert.instance(store, ElasticsearchLogStore);
  assert.is(store.kind, 'elasticsearch');
  await store.close();
});

test.run();
