import type { Vulnerability } from '@secai/sdk';
import ansis from 'ansis';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { userColumns, vulnColumns } from './columns.js';
import { type Column, fitWidths, formatTime, pickColumns, relativeTime, renderRows, shortIds } from './output.js';

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

test('--columns takes the headers a table shows as well as the field names', () => {
  const alerts = [
    { key: 'id', header: 'ID', get: () => '' },
    { key: 'asset_id', header: 'ASSET', get: () => '' },
    { key: 'assignee_id', header: 'ASSIGNEE', get: () => '' },
    { key: 'last_seen_at', header: 'LAST SEEN', get: () => '' },
  ];
  assert.equal(
    pickColumns(alerts, 'id,asset,Assignee,last seen').map((c) => c.key),
    ['id', 'asset_id', 'assignee_id', 'last_seen_at'],
  );
  assert.equal(
    pickColumns(alerts, 'asset_id,last-seen').map((c) => c.key),
    ['asset_id', 'last_seen_at'],
  );
  assert.equal(
    pickColumns(alerts, 'asset,id,asset_id').map((c) => c.key),
    ['asset_id', 'id'],
    'a column named twice is shown once',
  );
  assert.throws(() => pickColumns(alerts, 'owner'), /choose from id, asset, assignee, last_seen/);
});

interface Alertish {
  id: string;
  severity: string;
  title: string;
  asset_id: string;
}
const alertish: Column<Alertish>[] = [
  { key: 'id', header: 'ID', get: (a) => a.id, id: true },
  { key: 'severity', header: 'SEVERITY', get: (a) => a.severity, fit: 'keep' },
  { key: 'title', header: 'TITLE', get: (a) => a.title, fit: 'text' },
  { key: 'asset_id', header: 'ASSET', get: (a) => a.asset_id, ref: 'asset' },
];
const wideRows: Alertish[] = [
  { id: '3f9a1c07-aaaa-4000-8000-000000000001', severity: 'critical', title: 'T'.repeat(120), asset_id: 'a5e7-1' },
  { id: '3f9a1c07-bbbb-4000-8000-000000000002', severity: 'low', title: 'short', asset_id: 'a5e7-2' },
];

test('80 columns: the title gives way; ids and severities stay whole; hostnames replace asset ids', () => {
  const names = { asset: new Map([['a5e7-1', 'web-01.example.com']]) };
  const out = ansis.strip(renderRows(wideRows, alertish, 'table', 80, names));
  const lines = out.trimEnd().split('\n');
  assert.ok(
    lines.every((l) => l.length <= 80),
    out,
  );
  assert.match(lines[1] as string, /^3f9a1c07-a {2}critical {2}T+… {2}web-01\.example\.com/);
  assert.match(lines[2] as string, /^3f9a1c07-b {2}low/);
  // An asset without a known name shows its short id, never a whole UUID.
  assert.match(lines[2] as string, /a5e7-2/);
});

test('pipes keep whole ids and raw values for scripts', () => {
  const out = renderRows(wideRows, alertish, 'tsv', 80, { asset: new Map([['a5e7-1', 'web-01']]) });
  assert.match(out, /^3f9a1c07-aaaa-4000-8000-000000000001\tcritical\tT{120}\ta5e7-1$/m);
});

test('short ids grow past 8 characters until they tell the rows apart', () => {
  const short = shortIds(['3f9a1c07-aaaa', '3f9a1c07-abbb', '5c0ffee0-cccc']);
  assert.equal([...short.values()], ['3f9a1c07-aa', '3f9a1c07-ab', '5c0ffee0-cc']);
  assert.equal([...shortIds(['3f9a1c07-aaaa', '5c0ffee0-cccc']).values()], ['3f9a1c07', '5c0ffee0']);
});

test('fitting: text is cut first, then optional columns go, then the rest down to their headers', () => {
  const columns = [
    { header: 'ID', fit: 'keep' as const },
    { header: 'TITLE', fit: 'text' as const },
    { header: 'SOURCE', optional: true },
    { header: 'ASSET' },
  ];
  assert.equal(fitWidths([8, 40, 10, 20], columns, 200), [8, 40, 10, 20]);
  assert.equal(fitWidths([8, 40, 10, 20], columns, 60), [8, 16, 10, 20]);
  // The title takes back what SOURCE freed.
  assert.equal(fitWidths([8, 40, 10, 20], columns, 50), [8, 18, null, 20]);
  assert.equal(fitWidths([8, 40, 10, 20], columns, 40), [8, 16, null, 12]);
});

test('80 columns: vulnerabilities drop priority, CVSS and component before a CVE id or hostname is cut', () => {
  const vuln = {
    id: '8a16a909-aaaa-4000-8000-000000000001',
    priority: 87.5,
    severity: 'critical',
    cvss_score: 9.8,
    kev: true,
    status: 'in_progress',
    cve_ids: ['CVE-2019-11043'],
    title: 'PHP-FPM env_path_info underflow allowing remote code execution in nginx setups',
    component: 'php-fpm-with-a-long-package-name',
    version: '7.3.10-1+deb10u1',
    fix_version: '7.3.11-1~deb10u1',
    due_at: '2026-01-01T00:00:00.000Z',
    asset_id: 'a5e7-1',
  } as unknown as Vulnerability;
  const names = { asset: new Map([['a5e7-1', 'vpn-01.branch.example']]) };
  const out = ansis.strip(renderRows([vuln], vulnColumns, 'table', 80, names));
  const [head, line] = out.trimEnd().split('\n') as [string, string];
  assert.ok(head.length <= 80 && line.length <= 80, out);
  assert.match(line, /^8a16a909 +critical +in_progress +CVE-2019-11043 +PHP-FPM.*… +vpn-01\.branch\.example$/);
  assert.not.match(head, /PRIORITY|CVSS|COMPONENT|FIXED IN|DUE/);
});

test('80 columns: usernames stay whole; the display name gives way', () => {
  const user = {
    id: '0bb1e5e0-aaaa-4000-8000-000000000001',
    username: 'margarethe.vonderheide-schulz',
    display_name: 'Margarethe von der Heide-Schulz, Incident Response Lead',
    roles: ['analyst', 'auditor'],
    disabled: false,
    last_login_at: null,
  } as unknown as Parameters<(typeof userColumns)[0]['get']>[0];
  const out = ansis.strip(renderRows([user], userColumns, 'table', 80));
  assert.ok(
    out.split('\n').every((l) => l.length <= 80),
    out,
  );
  assert.match(out, /margarethe\.vonderheide-schulz +Margarethe/);
});

test('absolute times are shown in the chosen zone', () => {
  assert.is(formatTime('2026-01-05T13:03:00Z', 'UTC'), '2026-01-05 13:03 UTC');
  assert.is(formatTime('2026-01-05T13:03:00Z', 'Europe/Berlin'), '2026-01-05 14:03 CET');
  assert.is(formatTime('2026-07-05T13:03:00Z', 'America/New_York'), '2026-07-05 09:03 GMT-4');
});

test.run();
