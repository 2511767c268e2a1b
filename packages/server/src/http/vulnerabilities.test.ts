import * as assert from 'uvu/assert';
import { forEachDatabase } from '../_test/harness.js';

forEachDatabase('vulnerabilities', (test, server) => {
  test('records a vulnerability on an asset and filters by CVE', async () => {
    const s = server();
    const token = s.adminToken;
    const asset = (await s.call('POST', '/v1/assets', { token, body: { hostname: 'vuln-host.example' } })).body;
    const created = await s.call('POST', '/v1/vulnerabilities', {
      token,
      body: {
        title: 'Log4Shell',
        severity: 'critical',
        asset_id: asset.id,
        cve_ids: ['CVE-2021-44228'],
        cwe_ids: ['CWE-502'],
        cvss_vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
        cvss_score: 10,
        component: 'log4j-core',
        version: '2.14.1',
        fix_version: '2.17.1',
      },
    });
    assert.is(created.status, 201);
    assert.is(created.body.status, 'open');
    const found = await s.call('GET', '/v1/vulnerabilities?cve=cve-2021-44228', { token });
    assert.equal(
      found.body.data.map((v: { id: string }) => v.id),
      [created.body.id],
    );
    const byAsset = await s.call('GET', `/v1/vulnerabilities?asset_id=${asset.id}&status=open`, { token });
    assert.is(byAsset.body.data.length, 1);
  });

  test('risk acceptance needs a future expiry; fixing stamps fixed_at', async () => {
    const s = server();
    const token = s.adminToken;
    const { body: v } = await s.call('POST', '/v1/vulnerabilities', { token, body: { title: 'Weak TLS', severity: 'medium' } });
    const noExpiry = await s.call('PATCH', `/v1/vulnerabilities/${v.id}`, { token, body: { status: 'risk_accepted' } });
    assert.is(noExpiry.status, 400);
    assert.equal(noExpiry.body.issues[0].path, ['risk_accepted_until']);
    const until = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const accepted = await s.call('PATCH', `/v1/vulnerabilities/${v.id}`, {
      token,
      body: { status: 'risk_accepted', risk_accepted_until: until },
    });
    assert.is(accepted.status, 200);
    assert.is(accepted.body.risk_accepted_until, until);
    const fixed = await s.call('PATCH', `/v1/vulnerabilities/${v.id}`, { token, body: { status: 'fixed' } });
    assert.ok(fixed.body.fixed_at);
    assert.is(fixed.body.risk_accepted_until, null);
  });

  test('validates CVE ids and severities', async () => {
    const s = server();
    const res = await s.call('POST', '/v1/vulnerabilities', {
      token: s.adminToken,
      body: { title: 'x', severity: 'urgent', cve_ids: ['CVE-21-1'] },
    });
    assert.is(res.status, 400);
    const paths = res.body.issues.map((i: { path: unknown[] }) => i.path.join('.'));
    assert.ok(paths.includes('severity'));
    assert.ok(paths.includes('cve_ids.0'));
  });

  test('a viewer reads but cannot change vulnerabilities', async () => {
    const s = server();
    const viewer = await s.userToken('vulnviewer', ['viewer']);
    const { body: v } = await s.call('POST', '/v1/vulnerabilities', { token: s.adminToken, body: { title: 'Readable', severity: 'low' } });
    assert.is((await s.call('GET', `/v1/vulnerabilities/${v.id}`, { token: viewer })).status, 200);
    assert.is((await s.call('PATCH', `/v1/vulnerabilities/${v.id}`, { token: viewer, body: { status: 'fixed' } })).status, 403);
    assert.is((await s.call('DELETE', `/v1/vulnerabilities/${v.id}`, { token: viewer })).status, 403);
  });
});
