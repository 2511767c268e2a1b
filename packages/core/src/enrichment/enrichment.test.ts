import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CORPUS, corpusAvailable } from '../_lib/corpus.js';
import { ValidationError } from '../errors/secai-error.js';
import { parseEpss, parseKev } from './feeds.js';
import { dueDate, priorityScore } from './priority.js';

const corpusTest = corpusAvailable ? test : test.skip;
const read = (file: string) => readFileSync(join(CORPUS, 'attack', file), 'utf8');

corpusTest('reads the CISA KEV catalog', () => {
  const { version, entries } = parseKev(read('known_exploited_vulnerabilities.json'));
  assert.is(version, '2025.08.25');
  assert.is(entries.size, 1404);
  const log4shell = entries.get('CVE-2021-44228');
  assert.ok(log4shell);
  assert.is(log4shell?.known_ransomware, true);
  assert.is(log4shell?.due_date, '2021-12-24');
});

corpusTest("reads FIRST's EPSS CSV with its score date", () => {
  const { scoreDate, entries } = parseEpss(read('epss_scores_excerpt.csv'));
  assert.is(scoreDate, '2026-09-29T12:00:22Z');
  assert.is(entries.size, 83);
  assert.equal(entries.get('CVE-2021-44228'), { epss: 0.99999, percentile: 1 });
});

corpusTest('ranks the KEV-listed corpus CVEs above unexploited ones of the same CVSS', () => {
  const kev = parseKev(read('known_exploited_vulnerabilities.json')).entries;
  const epss = parseEpss(read('epss_scores_excerpt.csv')).entries;
  const rank = (cve: string) =>
    priorityScore({ cvss_score: 9.8, severity: 'critical', epss: epss.get(cve)?.epss ?? null, kev: kev.has(cve) });
  const inKev = [...epss.keys()].filter((c) => kev.has(c));
  const notKev = [...epss.keys()].filter((c) => !kev.has(c) && (epss.get(c)?.epss ?? 1) < 0.1);
  assert.is(inKev.length, 9);
  assert.ok(Math.min(...inKev.map(rank)) > Math.max(...notKev.map(rank)));
});

test('bad feeds are refused with the reason', () => {
  assert.throws(
    () => parseKev('{"x": 1}'),
    (e: unknown) => e instanceof ValidationError && e.code === 'FEED_INVALID',
  );
  for (const entry of ['null', '"CVE-1"', '[]']) {
    assert.throws(
      () => parseKev(`{"vulnerabilities": [${entry}]}`),
      (e: unknown) => e instanceof ValidationError && e.code === 'FEED_INVALID' && /vulnerabilities\[0\]/.test(e.message),
    );
  }
  assert.throws(
    () => parseEpss('cve;epss\nCVE-1,0.1'),
    (e: unknown) => e instanceof ValidationError && /header/.test(e.message),
  );
  assert.throws(
    () => parseEpss('cve,epss,percentile\nCVE-1999-1,abc,0.1'),
    (e: unknown) => e instanceof ValidationError && /line 2/.test(e.message),
  );
});

test('priority weighs impact, exploitation and the asset', () => {
  assert.is(
    priorityScore({ cvss_score: 9.8, severity: 'critical', epss: 0.01, kev: false, criticality: 'medium', exposure: 'internal' }),
    47,
  );
  assert.is(
    priorityScore({ cvss_score: 10, severity: 'critical', epss: null, kev: true, criticality: 'critical', exposure: 'internet' }),
    100,
  );
  assert.is(priorityScore({ cvss_score: null, severity: 'info', epss: null, kev: false }), 0);
  const low = priorityScore({ cvss_score: 5, severity: 'medium', epss: 0.02, kev: false });
  const exploited = priorityScore({ cvss_score: 5, severity: 'medium', epss: 0.02, kev: true });
  assert.ok(exploited > low + 30);
});

test("SLA due dates follow severity, and KEV's deadline when earlier", () => {
  assert.is(dueDate('2026-01-01T00:00:00.000Z', 'critical'), '2026-01-08T00:00:00.000Z');
  assert.is(dueDate('2026-01-01T00:00:00.000Z', 'info'), null);
  assert.is(dueDate('2026-01-01T00:00:00.000Z', 'medium', undefined, '2026-01-05'), '2026-01-05T00:00:00.000Z');
  assert.is(
    dueDate('2026-01-01T00:00:00.000Z', 'low', { critical: 1, high: 2, medium: 3, low: 4, info: null }),
    '2026-01-05T00:00:00.000Z',
  );
});

test.run();
