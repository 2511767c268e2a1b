import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { newId } from '../../_lib/ids.js';
import { forEachDatabase, type TestServer } from '../../_test/harness.js';
import { scheduledJobs } from '../scheduled-jobs.js';
import { deleteOldAuditEvents } from './audit-retention.js';
import { reloadChangedFeeds } from './feeds-reload.js';
import { pruneFinishedJobs } from './job-retention.js';
import { reopenExpiredRiskAcceptances } from './risk-acceptance-expiry.js';
import { takeTrendSnapshot } from './trend-snapshot.js';

const kev = (version: string) =>
  JSON.stringify({
    catalogVersion: version,
    vulnerabilities: [{ cveID: 'CVE-2021-44228', vulnerabilityName: 'Log4Shell', dateAdded: '2021-12-10', dueDate: '2021-12-24' }],
  });

async function create(s: TestServer, path: string, body: unknown): Promise<{ id: string }> {
  const res = await s.call('POST', path, { token: s.adminToken, body });
  if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

forEachDatabase('schedules: built-in tasks', (test, server) => {
  // First in the suite: it counts everything open, and later tests add vulnerabilities.
  test('trend-snapshot counts open vulnerabilities and alerts per severity, and a rerun replaces the day', async () => {
    const s = server();
    const deps = s.services.deps;
    for (const [severity, status] of [
      ['high', 'open'],
      ['high', 'triaged'],
      ['critical', 'in_progress'],
      ['high', 'fixed'],
      ['low', 'false_positive'],
    ]) {
      await create(s, '/v1/vulnerabilities', { title: `snap ${severity} ${status}`, severity, status });
    }
    await create(s, '/v1/alerts', { title: 'snap alert', severity: 'medium' });
    const resolved = await create(s, '/v1/alerts', { title: 'snap resolved', severity: 'medium' });
    await s.call('PATCH', `/v1/alerts/${resolved.id}`, { token: s.adminToken, body: { status: 'resolved' } });

    await takeTrendSnapshot(deps, '2026-05-04', new Date('2026-05-04T00:05:00Z'));
    const counts = async () =>
      Object.fromEntries(
        (await deps.repos.trendSnapshots.listDay(deps.db, '2026-05-04'))
          .filter((r) => r.count > 0)
          .map((r) => [`${r.kind}:${r.severity}`, r.count]),
      );
    assert.equal(await counts(), { 'alerts:medium': 1, 'vulnerabilities:critical': 1, 'vulnerabilities:high': 2 });
    assert.is((await deps.repos.trendSnapshots.listDay(deps.db, '2026-05-04')).length, 10, 'both kinds × five severities, zeros too');

    await create(s, '/v1/vulnerabilities', { title: 'snap later', severity: 'high' });
    await takeTrendSnapshot(deps, '2026-05-04', new Date('2026-05-04T09:00:00Z'));
    const day = await deps.repos.trendSnapshots.listDay(deps.db, '2026-05-04');
    assert.is(day.length, 10, 'replaced, not added');
    assert.equal(await counts(), { 'alerts:medium': 1, 'vulnerabilities:critical': 1, 'vulnerabilities:high': 3 });
    assert.ok(day.every((r) => r.taken_at === '2026-05-04T09:00:00.000Z'));
  });

  test('audit-retention deletes only events older than the retention, in batches, and records it', async () => {
    const s = server();
    const deps = s.services.deps;
    const now = new Date('2026-06-01T00:00:00Z');
    const event = (at: string, action: string) => ({
      id: newId(),
      at,
      actor_id: null,
      actor: null,
      action,
      outcome: 'success',
      target_type: null,
      target_id: null,
      ip: null,
      request_id: null,
      details: JSON.stringify({}),
    });
    // More than one batch of old events; one just inside the retention; one just outside.
    const old = Array.from({ length: 2_100 }, (_, i) => event(new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(), 'retention.old'));
    await deps.db.batchInsert('audit_events', old, 500);
    await deps
      .db('audit_events')
      .insert([event('2026-05-02T00:00:00.000Z', 'retention.kept'), event('2026-05-01T23:59:59.000Z', 'retention.edge')]);

    const result = await deleteOldAuditEvents(deps, 30, now);
    assert.is(result.before, '2026-05-02T00:00:00.000Z');
    assert.is(result.deleted, 2_101);
    const left = await deps.db('audit_events').whereIn('action', ['retention.old', 'retention.kept', 'retention.edge']).select('action');
    assert.equal(
      left.map((r: { action: string }) => r.action),
      ['retention.kept'],
    );
    const record = await deps.db('audit_events').where('action', 'audit.retention').first();
    assert.is(JSON.parse(typeof record.details === 'string' ? record.details : JSON.stringify(record.details)).deleted, 2_101);
    assert.ok(Date.parse(record.at) > Date.parse(result.before), 'the retention record itself is kept');
  });

  test('risk-acceptance-expiry reopens expired acceptances only, audited', async () => {
    const s = server();
    const deps = s.services.deps;
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const expired = await create(s, '/v1/vulnerabilities', {
      title: 'accepted, expired',
      severity: 'high',
      status: 'risk_accepted',
      risk_accepted_until: future,
    });
    const current = await create(s, '/v1/vulnerabilities', {
      title: 'accepted, current',
      severity: 'high',
      status: 'risk_accepted',
      risk_accepted_until: future,
    });
    // Acceptances cannot be created in the past: move one's end back, as time would.
    await deps.db('vulnerabilities').where('id', expired.id).update({ risk_accepted_until: '2026-01-01T00:00:00.000Z' });

    const { reopened } = await reopenExpiredRiskAcceptances(deps, new Date());
    assert.is(reopened, 1);
    const after = (await s.call('GET', `/v1/vulnerabilities/${expired.id}`, { token: s.adminToken })).body;
    assert.is(after.status, 'open');
    assert.is(after.risk_accepted_until, null);
    const still = (await s.call('GET', `/v1/vulnerabilities/${current.id}`, { token: s.adminToken })).body;
    assert.is(still.status, 'risk_accepted');
    const audit = (await s.call('GET', `/v1/audit?target_id=${expired.id}&action=vulnerability.update`, { token: s.adminToken })).body;
    assert.is(audit.data.length, 1);
    assert.is(audit.data[0].details.reason, 'risk_acceptance_expired');
    assert.is(audit.data[0].actor_id, null, 'by the server');
    assert.is((await reopenExpiredRiskAcceptances(deps, new Date())).reopened, 0, 'nothing left');
  });

  test('feeds-reload loads a feed file only when its content changed', async () => {
    const s = server();
    const dir = mkdtempSync(join(tmpdir(), 'secai-feeds-'));
    try {
      const kevFile = join(dir, 'kev.json');
      writeFileSync(kevFile, kev('2026.01.01'));
      const deps = { db: s.db, settings: s.services.deps.repos.settings, enrichment: s.services.enrichment };
      const loads = async () => (await s.db('audit_events').where('action', 'enrichment.kev').count({ n: '*' }).first())?.n;
      const before = Number(await loads());
      assert.equal(await reloadChangedFeeds(deps, { kevFile }), { kev: 'reloaded', epss: 'not_configured' });
      assert.equal(await reloadChangedFeeds(deps, { kevFile }), { kev: 'unchanged', epss: 'not_configured' });
      // Touched, same content: read and hashed, not loaded.
      utimesSync(kevFile, new Date(), new Date(Date.now() + 5_000));
      assert.is((await reloadChangedFeeds(deps, { kevFile })).kev, 'unchanged');
      writeFileSync(kevFile, kev('2026.02.01'));
      assert.is((await reloadChangedFeeds(deps, { kevFile })).kev, 'reloaded');
      assert.is(Number(await loads()) - before, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a scheduled job writes its schedule's outcome: failed with the error, then succeeded", async () => {
    const s = server();
    await s.services.schedules.seed();
    const jobs = scheduledJobs({
      services: s.services,
      config: { ...s.config, kevFile: '/nonexistent/kev.json' },
      jobs: s.services.jobs,
    });
    const feeds = jobs.find((j) => j.name === 'feeds-reload');
    const ctx = { jobId: 'j', attempt: 1, signal: new AbortController().signal, progress: () => {} };
    try {
      await feeds?.handler({ tick: new Date().toISOString() }, ctx);
      assert.unreachable('a missing feed file was loaded');
    } catch (err) {
      assert.is((err as { code?: string }).code, 'ENOENT');
    }
    let row = await s.services.deps.repos.schedules.findById(s.db, 'feeds-reload');
    assert.is(row?.last_outcome, 'failed');
    assert.match(row?.last_error ?? '', /ENOENT/);
    const ok = scheduledJobs({ services: s.services, config: { ...s.config, kevFile: undefined }, jobs: s.services.jobs });
    assert.equal(await ok.find((j) => j.name === 'feeds-reload')?.handler({ tick: new Date().toISOString() }, ctx), {
      kev: 'not_configured',
      epss: 'not_configured',
    });
    row = await s.services.deps.repos.schedules.findById(s.db, 'feeds-reload');
    assert.is(row?.last_outcome, 'succeeded');
    assert.is(row?.last_error, null);
  });

  test('job-retention prunes jobs finished before the retention', async () => {
    const calls: Date[] = [];
    const jobs = {
      prune: async (olderThan: Date) => {
        calls.push(olderThan);
        return 0;
      },
    };
    const result = await pruneFinishedJobs(jobs, 7, new Date('2026-06-08T12:00:00Z'));
    assert.is(result.before, '2026-06-01T12:00:00.000Z');
    assert.equal(
      calls.map((d) => d.toISOString()),
      ['2026-06-01T12:00:00.000Z'],
    );
  });
});
