import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { forEachDatabase, type TestServer } from '../_test/harness.js';

const KEV = JSON.stringify({
  catalogVersion: '2026.01.01',
  vulnerabilities: [
    {
      cveID: 'CVE-2021-44228',
      vulnerabilityName: 'Log4Shell',
      dateAdded: '2021-12-10',
      dueDate: '2021-12-24',
      knownRansomwareCampaignUse: 'Known',
    },
  ],
});
const EPSS =
  '#model_version:v2026.06.15,score_date:2026-09-29T12:00:22Z\ncve,epss,percentile\nCVE-2021-44228,0.99999,1.0\nCVE-2020-0001,0.00042,0.05\n';

const upload = (s: TestServer, path: string, body: string) =>
  s.call('POST', path, { token: s.adminToken, body, headers: { 'content-type': 'text/plain' } });

forEachDatabase(
  'enrichment',
  (test, server) => {
    test('KEV and EPSS feed priority and deadlines; lists filter and sort on them', async () => {
      const s = server();
      const token = s.adminToken;
      const asset = (
        await s.call('POST', '/v1/assets', { token, body: { hostname: 'edge.example', criticality: 'critical', exposure: 'internet' } })
      ).body;
      const log4j = (
        await s.call('POST', '/v1/vulnerabilities', {
          token,
          body: { title: 'Log4Shell', severity: 'critical', cvss_score: 10, cve_ids: ['CVE-2021-44228'], asset_id: asset.id },
        })
      ).body;
      const quiet = (
        await s.call('POST', '/v1/vulnerabilities', {
          token,
          body: { title: 'Quiet one', severity: 'critical', cvss_score: 9.8, cve_ids: ['CVE-2020-0001'] },
        })
      ).body;
      assert.is(log4j.kev, false);
      const kev = await upload(s, '/v1/enrichment/kev', KEV);
      assert.is(kev.status, 200, JSON.stringify(kev.body));
      assert.equal([kev.body.kev_cves, kev.body.source], [1, '2026.01.01']);
      const epss = await upload(s, '/v1/enrichment/epss', EPSS);
      assert.is(epss.body.epss_cves, 2);
      const a = (await s.call('GET', `/v1/vulnerabilities/${log4j.id}`, { token })).body;
      const b = (await s.call('GET', `/v1/vulnerabilities/${quiet.id}`, { token })).body;
      assert.equal([a.kev, a.epss, a.priority], [true, 0.99999, 100]);
      assert.equal([b.kev, b.epss], [false, 0.00042]);
      assert.ok(b.priority < 60);
      // KEV's deadline (2021) is earlier than the 7-day SLA: the vulnerability is overdue.
      assert.is(a.due_at, '2021-12-24T00:00:00.000Z');
      const kevOnly = await s.call('GET', '/v1/vulnerabilities?kev=true', { token });
      assert.equal(
        kevOnly.body.data.map((v: { id: string }) => v.id),
        [log4j.id],
      );
      const overdue = await s.call('GET', '/v1/vulnerabilities?overdue=true', { token });
      assert.equal(
        overdue.body.data.map((v: { id: string }) => v.id),
        [log4j.id],
      );
      const ranked = await s.call('GET', '/v1/vulnerabilities?sort=-priority&limit=2', { token });
      assert.equal(
        ranked.body.data.map((v: { id: string }) => v.id),
        [log4j.id, quiet.id],
      );
      const status = await s.call('GET', '/v1/enrichment', { token });
      assert.equal(status.body, { kev_cves: 1, epss_cves: 2 });
    });

    test('new imports are enriched as they arrive, with the configured SLA', async () => {
      const s = server();
      const report = JSON.stringify({
        SchemaVersion: 2,
        ArtifactName: 'x',
        Results: [
          {
            Target: 'x',
            Vulnerabilities: [{ VulnerabilityID: 'CVE-2021-44228', PkgName: 'log4j', InstalledVersion: '2.14', Severity: 'HIGH' }],
          },
        ],
      });
      await s.call('POST', '/v1/imports?tag=enriched', {
        token: s.adminToken,
        body: report,
        headers: { 'content-type': 'application/json' },
      });
      const [v] = (await s.call('GET', '/v1/vulnerabilities?scanner=trivy&cve=CVE-2021-44228', { token: s.adminToken })).body.data;
      assert.equal([v.kev, v.epss], [true, 0.99999]);
      // HIGH without a score: 60 × 0.8 + 40 × 1 (KEV) = 88.
      assert.is(v.priority, 88);
    });

    test('due dates follow the configured SLA', async () => {
      const s = server();
      const v = (
        await s.call('POST', '/v1/vulnerabilities', {
          token: s.adminToken,
          body: { title: 'SLA', severity: 'medium', first_seen_at: '2026-01-01T00:00:00Z' },
        })
      ).body;
      assert.is(v.due_at, '2026-03-02T00:00:00.000Z'); // medium = 60 days in this suite's SECAI_SLA_DAYS
      const info = (await s.call('POST', '/v1/vulnerabilities', { token: s.adminToken, body: { title: 'No SLA', severity: 'info' } })).body;
      assert.is(info.due_at, null);
    });

    test('a bad feed is a 400 that names it', async () => {
      const s = server();
      const res = await upload(s, '/v1/enrichment/epss', 'not,a,feed\n1,2,3');
      assert.is(res.status, 400);
      assert.is(res.body.code, 'FEED_INVALID');
    });
  },
  { slaDays: 'critical=7,high=14,medium=60,low=120,info=none' },
);

const feeds = mkdtempSync(join(tmpdir(), 'secai-feeds-'));
writeFileSync(join(feeds, 'kev.json'), KEV);
writeFileSync(join(feeds, 'epss.csv'), EPSS);

forEachDatabase(
  'enrichment feeds from configured files',
  (test, server) => {
    test('loads SECAI_KEV_FILE and SECAI_EPSS_FILE at start', async () => {
      const s = server();
      assert.equal((await s.call('GET', '/v1/enrichment', { token: s.adminToken })).body, { kev_cves: 1, epss_cves: 2 });
    });
  },
  { kevFile: join(feeds, 'kev.json'), epssFile: join(feeds, 'epss.csv') },
);
