import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toElasticsearchQuery } from './elasticsearch.js';
import { parseQuery } from './parse.js';

const now = new Date('2026-12-01T12:00:00Z');
const es = (q: string) => toElasticsearchQuery(parseQuery(q, { now }));

test('the empty query is match_all', () => {
  assert.equal(es(''), { match_all: {} });
});

test('a value is a term, lower-cased for the keyword normalizer', () => {
  assert.equal(es('user.name:Admin'), { term: { 'user.name': 'admin' } });
  assert.equal(es('http.response.status_code:503'), { term: { 'http.response.status_code': '503' } });
  assert.equal(es('user.name:"John Smith"'), { term: { 'user.name': 'john smith' } });
});

test('a wildcard is case-insensitive and keeps its escapes', () => {
  assert.equal(es('source.ip:10.0.0.*'), { wildcard: { 'source.ip': { value: '10.0.0.*', case_insensitive: true } } });
  assert.equal(es('file.name:A\\*B?'), { wildcard: { 'file.name': { value: 'a\\*b?', case_insensitive: true } } });
});

test('exists and ranges; times in epoch_millis', () => {
  assert.equal(es('user.name:*'), { exists: { field: 'user.name' } });
  assert.equal(es('http.response.status_code>=500'), { range: { 'http.response.status_code': { gte: 500 } } });
  assert.equal(es('event.severity<3'), { range: { 'event.severity': { lt: 3 } } });
  assert.equal(es('@timestamp>now-1h'), { range: { '@timestamp': { gt: now.getTime() - 3_600_000, format: 'epoch_millis' } } });
  assert.equal(es('@timestamp<=2026-12-01'), { range: { '@timestamp': { lte: Date.UTC(2026, 11, 1), format: 'epoch_millis' } } });
});

test('free text is match with operator and; a phrase is match_phrase, on log.original', () => {
  assert.equal(es('Failed password'), { match: { 'log.original': { query: 'failed password', operator: 'and' } } });
  assert.equal(es('"invalid user"'), { match_phrase: { 'log.original': 'invalid user' } });
  assert.equal(es('10.0.0.9'), { match_phrase: { 'log.original': '10 0 0 9' } });
});

test('AND is bool must (its NOTs must_not), OR is should with minimum_should_match 1, NOT is must_not', () => {
  assert.equal(es('user.name:root AND NOT source.ip:10.0.0.*'), {
    bool: {
      must: [{ term: { 'user.name': 'root' } }],
      must_not: [{ wildcard: { 'source.ip': { value: '10.0.0.*', case_insensitive: true } } }],
    },
  });
  assert.equal(es('a:1 OR b:2'), { bool: { should: [{ term: { a: '1' } }, { term: { b: '2' } }], minimum_should_match: 1 } });
  assert.equal(es('NOT a:1'), { bool: { must_not: [{ term: { a: '1' } }] } });
  assert.equal(es('-a:1 -b:2'), { bool: { must_not: [{ term: { a: '1' } }, { term: { b: '2' } }] } });
  assert.equal(es('failed (a:1 OR b:*)'), {
    bool: {
      must: [
        { match: { 'log.original': { query: 'failed', operator: 'and' } } },
        { bool: { should: [{ term: { a: '1' } }, { exists: { field: 'b' } }], minimum_should_match: 1 } },
      ],
    },
  });
});

test.run();
