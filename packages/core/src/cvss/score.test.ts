import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CORPUS, corpusAvailable } from '../_lib/corpus.js';
import { ValidationError } from '../errors/secai-error.js';
import { cvssSeverity, scoreCvss, vulnerabilityScore } from './score.js';

const corpusTest = corpusAvailable ? test : test.skip;
const lines = (file: string) =>
  readFileSync(join(CORPUS, 'cvss', file), 'utf8')
    .trim()
    .split('\n');
const TEMPORAL = /\/(E|RL|RC):/;
const ENVIRONMENTAL = /\/(CR|IR|AR|MAV|MAC|MPR|MUI|MS|MC|MI|MA|CDP|TD):/;

/** Compares and collects mismatches, so a failure lists them instead of stopping at the first. */
function compare(rows: [string, number | undefined, number | undefined][], misses: string[]): number {
  for (const [vector, want, got] of rows) if (want !== got) misses.push(`${vector}: want ${want}, got ${got}`);
  return rows.length;
}

test('scores a CVSS 3.1 vector and names its severity', () => {
  const s = scoreCvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
  assert.equal(s, {
    version: '3.1',
    vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    base_score: 9.8,
    score: 9.8,
    severity: 'critical',
  });
});

test('gives temporal and environmental scores only when their metrics are present', () => {
  const s = scoreCvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:C/CR:L/MAV:L');
  assert.is(s.temporal_score, 8.5);
  assert.ok(s.environmental_score !== undefined);
  assert.is(s.score, s.environmental_score);
});

test('CVSS 4.0 reports the base (CVSS-B), threat and overall (CVSS-BTE) scores', () => {
  const s = scoreCvss('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U');
  assert.is(s.base_score, 9.3);
  assert.is(s.threat_score, 8.1);
  assert.is(s.score, 8.1);
  assert.is(s.severity, 'high');
});

test('accepts metrics in any order and v2 vectors in parentheses', () => {
  assert.is(scoreCvss('CVSS:3.1/C:H/I:H/A:H/AV:N/AC:L/PR:N/UI:N/S:U').base_score, 9.8);
  assert.is(scoreCvss('(AV:N/AC:L/Au:N/C:C/I:C/A:C)').base_score, 10);
});

test('refuses malformed vectors naming the metric and value', () => {
  const cases: [string, RegExp, string | undefined][] = [
    ['', /empty/, undefined],
    ['CVSS:3.2/AV:N', /unknown version CVSS:3\.2/, undefined],
    ['CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', /AV:Q is not allowed; AV takes N, A, L, P/, 'AV'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H', /missing base metric A/, 'A'],
    ['CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', /AV appears twice/, 'AV'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/XX:Y', /unknown metric XX/, 'XX'],
    ['CVSS:3.1/AV:N/AC', /"AC" at position 15 is not METRIC:VALUE/, undefined],
  ];
  for (const [vector, message, metric] of cases) {
    try {
      scoreCvss(vector);
      assert.unreachable(vector);
    } catch (err) {
      assert.instance(err, ValidationError);
      assert.is((err as ValidationError).code, 'CVSS_VECTOR_INVALID');
      assert.match((err as ValidationError).message, message);
      if (metric) assert.is((err as ValidationError).details?.metric, metric);
    }
  }
});

test("rates scores on FIRST's scale", () => {
  assert.equal(
    [0, 0.1, 3.9, 4, 6.9, 7, 8.9, 9, 10].map((s) => cvssSeverity(s)),
    ['info', 'low', 'low', 'medium', 'medium', 'high', 'high', 'critical', 'critical'],
  );
  assert.is(cvssSeverity(9.5, '2.0'), 'high');
});

corpusTest('matches every CVSS 3.1 vector of the corpus (metaeffekt random + Red Hat exhaustive)', () => {
  const misses: string[] = [];
  let n = 0;
  for (const line of lines('metaeffekt/cvss-3.1-validation-vectors-001.txt')) {
    const [vector = '', , base, , , temporal, environmental] = line.split(/\s+/);
    const s = scoreCvss(vector);
    n += compare([[vector, Number(base), s.base_score]], misses);
    if (temporal !== 'NaN') compare([[`${vector} temporal`, Number(temporal), s.temporal_score]], misses);
    if (environmental !== 'NaN') compare([[`${vector} environmental`, Number(environmental), s.environmental_score]], misses);
  }
  for (const line of lines('redhat/vectors_simple31.txt')) {
    const [vector = '', expected = ''] = line.split(' - ');
    n += compare([[vector, Number(expected.replace(/[()]/g, '').split(',')[0]), scoreCvss(vector).base_score]], misses);
  }
  console.log(`  CVSS 3.1: ${n} vectors, ${n - misses.length} agree`);
  assert.equal(misses.slice(0, 10), []);
});

corpusTest("matches every CVSS 3.0 vector, with FIRST's floating-point round-up", () => {
  const misses: string[] = [];
  let n = 0;
  for (const file of ['redhat/vectors_simple3.txt', 'redhat/vectors_cvsslib3.txt', 'redhat/vectors_calculator3.txt']) {
    for (const line of lines(file)) {
      const [vector = '', expected = ''] = line.split(' - ');
      const [base, temporal, environmental] = expected.replace(/[()]/g, '').split(',').map(Number);
      const s = scoreCvss(vector);
      n += compare([[vector, base, s.base_score]], misses);
      if (TEMPORAL.test(vector)) compare([[`${vector} temporal`, temporal, s.temporal_score]], misses);
      if (ENVIRONMENTAL.test(vector)) compare([[`${vector} environmental`, environmental, s.environmental_score]], misses);
    }
  }
  for (const line of lines('metaeffekt/cvss-3.0-validation-vectors-002.txt')) {
    const [bare = '', base, temporal, environmental] = line.split(/\s+/);
    const vector = `CVSS:3.0/${bare}`;
    const s = scoreCvss(vector);
    n += compare(
      [
        [vector, Number(base), s.base_score],
        [`${vector} temporal`, Number(temporal), s.temporal_score],
      ],
      misses,
    );
    if (environmental !== 'NaN') compare([[`${vector} environmental`, Number(environmental), s.environmental_score]], misses);
  }
  console.log(`  CVSS 3.0: ${n} vectors, ${n - misses.length} agree`);
  assert.equal(misses.slice(0, 10), []);
});

corpusTest('matches every CVSS 4.0 vector, supplemental metrics leaving the score alone', () => {
  const misses: string[] = [];
  let n = 0;
  for (const file of ['metaeffekt/cvss-4.0-validation-vectors-001.txt', 'metaeffekt/cvss-4.0-validation-vectors-002.txt']) {
    for (const line of lines(file)) {
      const [vector = '', , score] = line.split(/\s+/);
      n += compare([[vector, Number(score), scoreCvss(vector).score]], misses);
    }
  }
  for (const file of [
    'redhat/vectors_simple4.txt',
    'redhat/vectors_supplemental4.txt',
    'redhat/vectors_security4.txt',
    'redhat/vectors_threat4.txt',
  ]) {
    for (const line of lines(file)) {
      const [vector = '', expected = ''] = line.split(' - ');
      n += compare([[vector, Number(expected.replace(/[(),]/g, '')), scoreCvss(vector).score]], misses);
    }
  }
  console.log(`  CVSS 4.0: ${n} vectors, ${n - misses.length} agree`);
  assert.equal(misses.slice(0, 10), []);
});

corpusTest('matches the CVSS v2 base vectors', () => {
  const misses: string[] = [];
  let n = 0;
  for (const line of lines('redhat/vectors_simple2.txt')) {
    const [vector = '', expected = ''] = line.split(' - ');
    n += compare([[vector, Math.abs(Number(expected.replace(/[()]/g, '').split(',')[0])), scoreCvss(vector).base_score]], misses);
  }
  console.log(`  CVSS 2.0: ${n} vectors, ${n - misses.length} agree`);
  assert.equal(misses.slice(0, 10), []);
});

test('a vulnerability keeps the base score of v2 and v3 vectors and the score of v4 ones', () => {
  assert.equal(vulnerabilityScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O'), {
    score: 9.8,
    severity: 'critical',
    version: '3.1',
  });
  const v4 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U';
  assert.is(vulnerabilityScore(v4).score, scoreCvss(v4).score);
});

test.run();
