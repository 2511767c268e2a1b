import { ValidationError } from '@secai/core/errors';
import type { Job } from '@secai/sdk';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { requireJobId } from './job-id.js';
import { describeJob, jobColumns, progressCount, summarizeResult } from './job-view.js';
import { renderRows } from './output.js';

const ID = '0b6f3c1e-8d2a-4f5b-9c7e-1a2b3c4d5e6f';
const failed: Job = {
  id: ID,
  name: 'scan-import',
  queue: 'default',
  state: 'failed',
  progress: { done: 40, total: 100, message: 'saving findings' },
  attempts: 3,
  max_attempts: 3,
  error: { message: 'database is locked', code: 'SERVICE_UNAVAILABLE' },
  result: null,
  created_by: null,
  created_at: '2026-01-05T10:00:00.000Z',
  run_at: '2026-01-05T10:00:00.000Z',
  started_at: '2026-01-05T10:00:01.000Z',
  finished_at: '2026-01-05T10:00:09.000Z',
};

test('progress counts read done/total, done alone without a total, or -', () => {
  assert.is(progressCount(failed), '40/100');
  assert.is(progressCount({ progress: { done: 7, total: null, message: null } }), '7');
  assert.is(progressCount({ progress: null }), '-');
});

test('a result is summarised by its numbers, then its other scalar fields; the rest is left to --json', () => {
  assert.is(summarizeResult(null), '-');
  assert.is(
    summarizeResult({ id: 'imp-1', findings: 12, new: 3, closed: 0, tags: ['x'] }),
    'findings=12 new=3 closed=0 id=imp-1 (+1 more in --json)',
  );
  // A ScanImport: its counts come first even after its identity, a hash and empty fields.
  const scanImport = {
    id: 'imp-2',
    format: 'trivy',
    file_name: 'app.json',
    file_sha256: 'ab'.repeat(32),
    scope_key: 'trivy|tag:app',
    asset_id: null,
    group_id: null,
    tag: 'app',
    findings: 3,
    new: 2,
    updated: 1,
    closed: 0,
    reopened: 0,
    hosts: 0,
    imported_by: 'admin',
    created_at: '2026-01-05T10:00:05.000Z',
  };
  assert.is(
    summarizeResult(scanImport),
    'findings=3 new=2 updated=1 closed=0 reopened=0 hosts=0 id=imp-2 format=trivy (+8 more in --json)',
  );
  assert.is(summarizeResult(42), '42');
  assert.is(summarizeResult({}), '{}');
  assert.is(summarizeResult({ asset_id: null }), '(+1 more in --json)');
});

test('jobs show lists state, attempts, progress, error, result and times', () => {
  const text = describeJob(failed);
  for (const line of [
    /scan-import {2}failed/,
    new RegExp(`id: +${ID}`),
    /attempts: +3\/3/,
    /progress: +40\/100 {2}saving findings/,
    /error: +database is locked \(SERVICE_UNAVAILABLE\)/,
    /result: +-/,
    /created: +.+ago \(2026-01-05 10:00 UTC\)/,
    /finished: +.+ago \(2026-01-05 10:00 UTC\)/,
  ])
    assert.match(text, line);
  assert.not.match(text, /runs at/);
  const waiting = describeJob({ ...failed, state: 'queued', run_at: '2026-01-05T10:05:00.000Z' });
  assert.match(waiting, /runs at: +.+\(2026-01-05 10:05 UTC\)/);
});

test('a piped jobs list has whole ids, so each can be passed to jobs show', () => {
  const tsv = renderRows([failed], jobColumns, 'tsv');
  assert.is(tsv.split('\t')[0], ID);
  assert.is(tsv.split('\t')[4], '3/3');
  const table = renderRows([failed], jobColumns, 'table', 200);
  assert.match(table, ID);
});

test('job commands take whole ids only, and say so', () => {
  assert.is(requireJobId(ID), ID);
  try {
    requireJobId('0b6f3c1e');
    assert.unreachable();
  } catch (err) {
    assert.instance(err, ValidationError);
    assert.match((err as Error).message, /not a whole job id/);
  }
});

test.run();
