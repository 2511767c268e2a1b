import ansis from 'ansis';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type Column, pickColumns, relativeTime, renderRows } from './output.js';

interface Row {
  id: string;
  tags: string[];
  seen: string | null;
}
const columns: Column<Row>[] = [
  { key: 'id', header: 'ID', get: (r) => r.id },
  { key: 'tags', header: 'TAGS', get: (r) => r.tags },
  { key: 'seen', header: 'SEEN', get: (r) => r.seen },
];
const rows: Row[] = [
  { id: 'a', tags: ['x', 'y'], seen: '2026-01-01T00:00:00.000Z' },
  { id: 'b"q', tags: [], seen: null },
];

test('pipes get tab-separated rows with ISO times and empty cells', () => {
  assert.is(renderRows(rows, columns, 'tsv'), 'a\tx,y\t2026-01-01T00:00:00.000Z\nb"q\t\t\n');
});

test('CSV has a header and quotes what needs quoting', () => {
  assert.is(renderRows(rows, columns, 'csv'), 'id,tags,seen\na,"x,y",2026-01-01T00:00:00.000Z\n"b""q",,\n');
});

test('a terminal gets a header, relative times and dashes for nothing', () => {
  const out = renderRows(rows, columns, 'table', 200);
  assert.match(out, /ID\s+TAGS\s+SEEN/);
  assert.match(out, /a\s+x,y\s+\d+[smhdy] ago/);
  assert.match(out, /b"q\s+-\s+-/);
});

test('narrow terminals shorten the widest column with an ellipsis', () => {
  const wide = [{ id: 'x'.repeat(80), tags: [], seen: null }];
  const out = renderRows(wide, columns, 'table', 40);
  assert.ok(out.split('\n').every((line) => ansis.strip(line).length <= 40));
  assert.match(out, /…/);
});

test('relative times read naturally', () => {
  const now = Date.parse('2026-01-02T00:00:00Z');
  assert.is(relativeTime('2026-01-01T23:59:30Z', now), '30s ago');
  assert.is(relativeTime('2026-01-01T21:00:00Z', now), '3h ago');
  assert.is(relativeTime('2026-01-05T00:00:00Z', now), 'in 3d');
});

test('--columns picks and orders columns, and names the choices on a typo', () => {
  assert.equal(
    pickColumns(columns, 'seen,id').map((c) => c.key),
    ['seen', 'id'],
  );
  assert.throws(() => pickColumns(columns, 'nope'), /Unknown column "nope"; choose from id, tags, seen/);
});

test.run();
