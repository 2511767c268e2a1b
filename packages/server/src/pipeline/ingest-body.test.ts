import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ingestBatch, MAX_LINE_CHARS } from './ingest-body.js';

const origin = { collector: 'http', receivedAt: 1, source: 'web', peer: '10.0.0.1' };

test('plain text: one record per line, CRLF and empty lines handled', () => {
  const { records, rejected } = ingestBatch('a line\r\n\nsecond line\n', 'text/plain', origin);
  assert.equal(
    records.map((r) => r.line),
    ['a line', 'second line'],
  );
  assert.equal(records[0], { line: 'a line', receivedAt: 1, collector: 'http', source: 'web', peer: '10.0.0.1' });
  assert.equal(rejected, []);
});

test('NDJSON: objects keep their text and give event.id; strings are lines; the rest is rejected by number', () => {
  const body = ['{"event":{"id":"e1"},"message":"x"}', '"a raw line"', 'not json', '42', '{"event":{"id":7}}', '', '{"a":1}'].join('\n');
  const { records, rejected } = ingestBatch(body, 'application/x-ndjson; charset=utf-8', origin);
  assert.equal(
    records.map((r) => [r.line, r.id]),
    [
      ['{"event":{"id":"e1"},"message":"x"}', 'e1'],
      ['a raw line', undefined],
      ['{"a":1}', undefined],
    ],
  );
  assert.equal(
    rejected.map((r) => r.line),
    [3, 4, 5],
  );
  assert.match(rejected[0]?.error ?? '', /not JSON/);
});

test('a JSON array: each element by its number; malformed JSON is a 400 for the whole body', () => {
  const { records, rejected } = ingestBatch('[{"event":{"id":"a"}}, "line", null]', 'application/json', origin);
  assert.equal(
    records.map((r) => r.id ?? r.line),
    ['a', 'line'],
  );
  assert.equal(rejected, [{ line: 3, error: 'not an event: send a JSON object or a string' }]);
  assert.throws(
    () => ingestBatch('[{', 'application/json', origin),
    (e: { status?: number }) => e.status === 400,
  );
});

test('an over-long line is rejected, not cut', () => {
  const { records, rejected } = ingestBatch(`ok\n${'x'.repeat(MAX_LINE_CHARS + 1)}\n`, 'text/plain', origin);
  assert.is(records.length, 1);
  assert.is(rejected[0]?.line, 2);
});

test.run();
