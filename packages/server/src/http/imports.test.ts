import * as assert from 'uvu/assert';
import { forEachDatabase, type TestServer } from '../_test/harness.js';

/** A Trivy report with the given CVEs in package `pkg` of image `app:1`. */
function trivy(cves: string[]): string {
  return JSON.stringify({
    SchemaVersion: 2,
    ArtifactName: 'app:1',
    Results: [
      {
        Target: 'app:1 (debian 12)',
        Class: 'os-pkgs',
        Vulnerabilities: cves.map((id) => ({
          VulnerabilityID: id,
          PkgName: `pkg-${id}`,
          InstalledVersion: '1.0',
          FixedVersion: '1.1',
          Severity: 'HIGH',
          Title: `${id} title`,
        })),
      },
    ],
  });
}

async function upload(s: TestServer, report: string, query = '') {
  return s.call('POST', `/v1/imports?file_name=trivy.json${query}`, {
    token: s.adminToken,
    body: report,
    headers: { 'content-type': 'application/octet-stream' },
  });
}

async function statuses(s: TestServer): Promise<Record<string, string>> {
  const res = await s.call(
    'GET',
    '/v1/vulnerabilities?scanner=trivy&status=open,triaged,in_progress,risk_accepted,false_positive,fixed&limit=1000',
    { token: s.adminToken },
  );
  return Object.fromEntries(res.body.data.map((v: { cve_ids: string[]; status: string }) => [v.cve_ids[0], v.status]));
}

forEachDatabase('scan imports', (test, server) => {
  test('re-import: new ones open, missing ones fixed, seen ones kept, and a returning one reopens', async () => {
    const s = server();
    const asset = (await s.call('POST', '/v1/assets', { token: s.adminToken, body: { hostname: 'app-1.example' } })).body;
    const scope = `&asset_id=${asset.id}`;
    const a = await upload(s, trivy(['CVE-2024-0001', 'CVE-2024-0002', 'CVE-2024-0003']), scope);
    assert.is(a.status, 201, JSON.stringify(a.body));
    assert.equal([a.body.format, a.body.findings, a.body.new, a.body.updated, a.body.closed, a.body.reopened], ['trivy', 3, 3, 0, 0, 0]);
    // Scan B: 0001 fixed, 0002 unchanged, 0003 unchanged, 0004 new.
    const b = await upload(s, trivy(['CVE-2024-0002', 'CVE-2024-0003', 'CVE-2024-0004']), scope);
    assert.equal([b.body.new, b.body.updated, b.body.closed, b.body.reopened], [1, 2, 1, 0]);
    assert.equal(await statuses(s), {
      'CVE-2024-0001': 'fixed',
      'CVE-2024-0002': 'open',
      'CVE-2024-0003': 'open',
      'CVE-2024-0004': 'open',
    });
    // Scan C: 0001 is back.
    const c = await upload(s, trivy(['CVE-2024-0001', 'CVE-2024-0002', 'CVE-2024-0003', 'CVE-2024-0004']), scope);
    assert.equal([c.body.new, c.body.updated, c.body.closed, c.body.reopened], [0, 3, 0, 1]);
    assert.is((await statuses(s))['CVE-2024-0001'], 'open');
    const vulns = await s.call('GET', `/v1/vulnerabilities?asset_id=${asset.id}&limit=10`, { token: s.adminToken });
    assert.is(vulns.body.data.length, 4);
    assert.is(vulns.body.data[0].location, 'app:1 (debian 12)');
  });

  test('false positives and risk acceptances survive re-imports', async () => {
    const s = server();
    const scope = '&tag=decisions';
    await upload(s, trivy(['CVE-2024-1001', 'CVE-2024-1002']), scope);
    const list = await s.call('GET', '/v1/vulnerabilities?cve=CVE-2024-1001', { token: s.adminToken });
    const fp = list.body.data[0].id;
    const ra = (await s.call('GET', '/v1/vulnerabilities?cve=CVE-2024-1002', { token: s.adminToken })).body.data[0].id;
    await s.call('PATCH', `/v1/vulnerabilities/${fp}`, { token: s.adminToken, body: { status: 'false_positive' } });
    const until = new Date(Date.now() + 86_400_000).toISOString();
    await s.call('PATCH', `/v1/vulnerabilities/${ra}`, {
      token: s.adminToken,
      body: { status: 'risk_accepted', risk_accepted_until: until },
    });
    await upload(s, trivy(['CVE-2024-1001', 'CVE-2024-1002']), scope);
    await upload(s, trivy([]), scope);
    assert.is((await s.call('GET', `/v1/vulnerabilities/${fp}`, { token: s.adminToken })).body.status, 'false_positive');
    assert.is((await s.call('GET', `/v1/vulnerabilities/${ra}`, { token: s.adminToken })).body.status, 'risk_accepted');
  });

  test('an expired risk acceptance reopens at the next import', async () => {
    const s = server();
    await upload(s, trivy(['CVE-2024-2001']), '&tag=expiry');
    const id = (await s.call('GET', '/v1/vulnerabilities?cve=CVE-2024-2001', { token: s.adminToken })).body.data[0].id;
    await s.services.deps
      .db('vulnerabilities')
      .where({ id })
      .update({ status: 'risk_accepted', risk_accepted_until: '2020-01-01T00:00:00.000Z' });
    await upload(s, trivy(['CVE-2024-2001']), '&tag=expiry');
    assert.is((await s.call('GET', `/v1/vulnerabilities/${id}`, { token: s.adminToken })).body.status, 'open');
  });

  test("scopes are separate: a scan of one tag never closes another's findings", async () => {
    const s = server();
    await upload(s, trivy(['CVE-2024-3001']), '&tag=scope-a');
    await upload(s, trivy([]), '&tag=scope-b');
    const v = (await s.call('GET', '/v1/vulnerabilities?cve=CVE-2024-3001', { token: s.adminToken })).body.data[0];
    assert.is(v.status, 'open');
  });

  test('accepts a multipart upload (curl -F file=@report.json)', async () => {
    const s = server();
    const form = new FormData();
    form.append('file', new Blob([trivy(['CVE-2024-4001'])], { type: 'application/json' }), 'trivy.json');
    const res = await fetch(`${s.url}/v1/imports?tag=multipart`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.adminToken}` },
      body: form,
    });
    const body = (await res.json()) as { new: number; format: string };
    assert.is(res.status, 201, JSON.stringify(body));
    assert.equal([body.format, body.new], ['trivy', 1]);
  });

  test('records each import and lists them', async () => {
    const s = server();
    const imports = await s.call('GET', '/v1/imports?limit=100', { token: s.adminToken });
    assert.ok(imports.body.data.length >= 5);
    const one = await s.call('GET', `/v1/imports/${imports.body.data[0].id}`, { token: s.adminToken });
    assert.match(one.body.file_sha256, /^[0-9a-f]{64}$/);
    assert.is(one.body.imported_by, 'admin');
    assert.is((await s.call('GET', '/v1/imports/nope', { token: s.adminToken })).body.code, 'SCAN_IMPORT_NOT_FOUND');
  });

  test('a truncated report is a 400 naming the file and position; nothing is imported', async () => {
    const s = server();
    const res = await upload(s, '{"SchemaVersion": 2, "Results": [{"Target"');
    assert.is(res.status, 400);
    assert.is(res.body.code, 'REPORT_INVALID');
    assert.match(res.body.detail, /^trivy\.json: not valid JSON at line 1/);
    const unknown = await upload(s, '{"a": 1}');
    assert.is(unknown.body.code, 'REPORT_FORMAT_UNKNOWN');
    const badFormat = await upload(s, '{}', '&format=nessus2');
    assert.is(badFormat.status, 400);
    const viewer = await s.userToken('importviewer', ['viewer']);
    const denied = await s.call('POST', '/v1/imports', { token: viewer, body: trivy([]) });
    assert.is(denied.status, 403);
  });
});

const NMAP = `<?xml version="1.0"?>
<nmaprun scanner="nmap" args="nmap -sV -oX - 10.0.0.0/30">
<host><status state="up"/><address addr="10.0.0.7" addrtype="ipv4"/><hostnames><hostname name="db-7.example" type="PTR"/></hostnames>
<ports><port protocol="tcp" portid="5432"><state state="open"/><service name="postgresql" product="PostgreSQL DB" version="15.4"/></port>
<port protocol="tcp" portid="22"><state state="open"/><service name="ssh" product="OpenSSH" version="7.4"/>
<script id="vulners" output="..."><table key="cpe:/a:openbsd:openssh:7.4"><table><elem key="cvss">5.0</elem><elem key="id">CVE-2018-15919</elem><elem key="is_exploit">false</elem><elem key="type">cve</elem></table></table></script></port>
<port protocol="tcp" portid="23"><state state="closed"/></port></ports>
<os><osmatch name="Linux 5.4" accuracy="96"/></os></host>
</nmaprun>`;

forEachDatabase('network scan imports', (test, server) => {
  test('Nmap hosts become assets, open ports exposures, vulners CVEs findings; a re-scan keeps what people set', async () => {
    const s = server();
    const first = await upload(s, NMAP, '&format=nmap');
    assert.is(first.status, 201, JSON.stringify(first.body));
    assert.equal([first.body.format, first.body.findings, first.body.new], ['nmap', 3, 3]);
    const [asset] = (await s.call('GET', '/v1/assets?q=db-7', { token: s.adminToken })).body.data;
    assert.equal([asset.hostname, asset.ip_addresses, asset.os, asset.tags], ['db-7.example', ['10.0.0.7'], 'Linux 5.4', ['discovered']]);
    const vulns = (await s.call('GET', `/v1/vulnerabilities?asset_id=${asset.id}&limit=10&sort=title`, { token: s.adminToken })).body.data;
    assert.equal(vulns.map((v: { title: string }) => v.title).sort(), [
      'CVE-2018-15919 in OpenSSH 7.4',
      'Open port 22/tcp (ssh)',
      'Open port 5432/tcp (postgresql)',
    ]);
    await s.call('PATCH', `/v1/assets/${asset.id}`, { token: s.adminToken, body: { criticality: 'critical', owner: 'dba' } });
    const again = await upload(
      s,
      NMAP.replace(
        '<port protocol="tcp" portid="5432"><state state="open"/>',
        '<port protocol="tcp" portid="5432"><state state="closed"/>',
      ),
      '&format=nmap',
    );
    assert.equal([again.body.new, again.body.updated, again.body.closed], [0, 2, 1]);
    const after = (await s.call('GET', `/v1/assets/${asset.id}`, { token: s.adminToken })).body;
    assert.equal([after.criticality, after.owner], ['critical', 'dba']);
    assert.is((await s.call('GET', '/v1/assets?q=db-7', { token: s.adminToken })).body.data.length, 1);
  });
});

/** Open vulnerabilities of an import tag, by CVE. */
async function openInTag(s: TestServer, tag: string): Promise<string[]> {
  const res = await s.call('GET', `/v1/vulnerabilities?tag=${tag}&status=open,triaged,in_progress&limit=1000`, { token: s.adminToken });
  assert.is(res.status, 200, JSON.stringify(res.body));
  return res.body.data.map((v: { cve_ids: string[] }) => v.cve_ids[0]).sort();
}

forEachDatabase('scan imports never lose findings', (test, server) => {
  test('a report of another format than --format says is REPORT_INVALID and closes nothing', async () => {
    const s = server();
    const five = ['CVE-2024-5001', 'CVE-2024-5002', 'CVE-2024-5003', 'CVE-2024-5004', 'CVE-2024-5005'];
    assert.is((await upload(s, trivy(five), '&tag=g2&format=trivy')).status, 201);
    for (const format of ['grype', 'sarif', 'snyk', 'npm-audit', 'nessus', 'gitleaks']) {
      const wrong = await upload(s, trivy(five), `&tag=g2&format=${format}`);
      assert.is(wrong.status, 400, `${format}: ${JSON.stringify(wrong.body)}`);
      assert.is(wrong.body.code, 'REPORT_INVALID', format);
    }
    assert.is((await upload(s, '', '&tag=g2&format=trivy')).body.code, 'REPORT_INVALID');
    assert.equal(await openInTag(s, 'g2'), five);
  });

  test('an empty report without a format is REPORT_INVALID and closes nothing; a forced nuclei or gitleaks reads it as clean', async () => {
    const s = server();
    const leak = { RuleID: 'aws-access-token', File: 'config.py', StartLine: 3, Commit: 'abc', Description: 'AWS key' };
    const first = await upload(s, JSON.stringify([leak]), '&tag=leaks');
    assert.equal([first.status, first.body.format, first.body.new], [201, 'gitleaks', 1], JSON.stringify(first.body));
    const before = (await s.call('GET', '/v1/imports?limit=1000', { token: s.adminToken })).body.data.length;
    const openLeaks = async () =>
      (await s.call('GET', '/v1/vulnerabilities?tag=leaks&status=open', { token: s.adminToken })).body.data.length;
    // What a crashed scanner leaves: nothing, or only whitespace.
    for (const text of ['', ' ', '\n', '\r\n\t\n']) {
      for (const path of ['/v1/imports', '/v1/imports/preview']) {
        const res = await s.call('POST', `${path}?tag=leaks&file_name=empty.json`, {
          token: s.adminToken,
          body: text,
          headers: { 'content-type': 'application/octet-stream' },
        });
        assert.is(res.status, 400, `${path} ${JSON.stringify(text)}: ${JSON.stringify(res.body)}`);
        assert.is(res.headers.get('content-type')?.split(';')[0], 'application/problem+json');
        assert.is(res.body.code, 'REPORT_INVALID');
        assert.match(res.body.detail, /^empty\.json: the report is empty/);
      }
    }
    assert.is(await openLeaks(), 1);
    assert.is((await s.call('GET', '/v1/imports?limit=1000', { token: s.adminToken })).body.data.length, before);
    // Named, the tools that write an empty file for "no findings" import it as a clean run.
    const nuclei = await upload(s, '', '&tag=clean-nuclei&format=nuclei');
    assert.equal([nuclei.status, nuclei.body.format, nuclei.body.findings], [201, 'nuclei', 0], JSON.stringify(nuclei.body));
    const clean = await upload(s, '\n', '&tag=leaks&format=gitleaks');
    assert.equal([clean.status, clean.body.format, clean.body.closed], [201, 'gitleaks', 1], JSON.stringify(clean.body));
    assert.is(await openLeaks(), 0);
  });

  test('an unexpected shape is a 400 naming its position, never a 500', async () => {
    const s = server();
    const report = { SchemaVersion: 2, ArtifactName: 'a', Results: [{ Target: 't', Vulnerabilities: [null] }] };
    const res = await upload(s, JSON.stringify(report));
    assert.is(res.status, 400, JSON.stringify(res.body));
    assert.is(res.body.code, 'REPORT_INVALID');
    assert.match(res.body.detail, /Results\[0\]\.Vulnerabilities\[0\]/);
    // Text PostgreSQL cannot store (a lone surrogate) and fields longer than their column import
    // all the same. (An upload holding a NUL is refused before any importer reads it.)
    const odd = JSON.parse(trivy(['CVE-2024-5101']));
    Object.assign(odd.Results[0].Vulnerabilities[0], {
      Title: 'lone \ud800 surrogate',
      PkgName: 'p'.repeat(400),
      FixedVersion: '9'.repeat(200),
      VulnerabilityID: `CVE-2024-${'1'.repeat(30)}`,
    });
    const stored = await upload(s, JSON.stringify(odd), '&tag=odd');
    assert.is(stored.status, 201, JSON.stringify(stored.body));
  });

  test('a CVSS vector without a score is scored on import, and rates a finding that has no severity', async () => {
    const s = server();
    const report = JSON.parse(trivy(['CVE-2024-5201']));
    Object.assign(report.Results[0].Vulnerabilities[0], {
      Severity: 'UNKNOWN',
      CVSS: { nvd: { V3Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' } },
    });
    assert.is((await upload(s, JSON.stringify(report), '&tag=scored')).status, 201);
    const [v] = (await s.call('GET', '/v1/vulnerabilities?tag=scored', { token: s.adminToken })).body.data;
    assert.equal([v.cvss_score, v.severity], [9.8, 'critical']);
  });

  test('a preview shows what an import would open, refresh, fix and reopen, and writes nothing', async () => {
    const s = server();
    await upload(s, trivy(['CVE-2024-5301', 'CVE-2024-5302', 'CVE-2024-5303']), '&tag=preview');
    await upload(s, trivy(['CVE-2024-5302', 'CVE-2024-5303']), '&tag=preview');
    const before = (await s.call('GET', '/v1/imports?limit=100', { token: s.adminToken })).body.data.length;
    const res = await s.call('POST', '/v1/imports/preview?tag=preview&file_name=trivy.json', {
      token: s.adminToken,
      body: trivy(['CVE-2024-5301', 'CVE-2024-5302', 'CVE-2024-5304']),
      headers: { 'content-type': 'application/octet-stream' },
    });
    assert.is(res.status, 200, JSON.stringify(res.body));
    assert.equal([res.body.dry_run, res.body.new, res.body.updated, res.body.closed, res.body.reopened], [true, 1, 1, 1, 1]);
    const titles = (kind: string) => res.body.changes[kind].map((c: { title: string }) => c.title);
    assert.equal(
      [titles('open'), titles('refresh'), titles('fix'), titles('reopen')],
      [['CVE-2024-5304 title'], ['CVE-2024-5302 title'], ['CVE-2024-5303 title'], ['CVE-2024-5301 title']],
    );
    assert.is(res.body.changes.fix[0].status, 'open');
    assert.equal(await openInTag(s, 'preview'), ['CVE-2024-5302', 'CVE-2024-5303']);
    assert.is((await s.call('GET', '/v1/imports?limit=100', { token: s.adminToken })).body.data.length, before);
    // Asked of the importing route, a dry run is refused rather than run as an import.
    const refused = await upload(s, trivy([]), '&tag=preview&dry_run=true');
    assert.is(refused.status, 400);
    assert.equal(await openInTag(s, 'preview'), ['CVE-2024-5302', 'CVE-2024-5303']);
    const wrong = await s.call('POST', '/v1/imports/preview?tag=preview&format=grype', { token: s.adminToken, body: trivy([]) });
    assert.is(wrong.body.code, 'REPORT_INVALID');
  });

  test('three parallel imports of one report into one scope all succeed, with no duplicates', async () => {
    const s = server();
    const cves = Array.from({ length: 40 }, (_, i) => `CVE-2024-6${String(i).padStart(3, '0')}`);
    const results = await Promise.all([1, 2, 3].map(() => upload(s, trivy(cves), '&tag=parallel')));
    assert.equal(
      results.map((r) => r.status),
      [201, 201, 201],
      JSON.stringify(results.map((r) => r.body)),
    );
    // One of them opened the findings; the others saw them again.
    assert.equal(results.map((r) => r.body.new).sort(), [0, 0, 40]);
    assert.equal(await openInTag(s, 'parallel'), cves);
  });

  test("an import into an asset's or group's scope while it is deleted ends in 201 or a 400 problem, never a 500", async () => {
    const s = server();
    // Enough findings that the import's writes take a while after its scope is checked.
    const report = trivy(Array.from({ length: 150 }, (_, i) => `CVE-2024-8${String(i).padStart(3, '0')}`));
    const outcomes = new Set<string>();
    for (let round = 0; round < 10; round++) {
      const asset = (await s.call('POST', '/v1/assets', { token: s.adminToken, body: { hostname: `race-${round}.example` } })).body;
      const group = (await s.call('POST', '/v1/asset-groups', { token: s.adminToken, body: { name: `race-${round}` } })).body;
      // The deletes start a little later each round, to meet the import at each of its steps.
      const later = <T>(ms: number, call: () => Promise<T>) => new Promise<T>((done) => setTimeout(() => done(call()), ms));
      const [intoAsset, intoGroup, assetGone, groupGone] = await Promise.all([
        upload(s, report, `&asset_id=${asset.id}`),
        upload(s, report, `&group_id=${group.id}`),
        later(round * 4, () => s.call('DELETE', `/v1/assets/${asset.id}`, { token: s.adminToken })),
        later(round * 4, () => s.call('DELETE', `/v1/asset-groups/${group.id}`, { token: s.adminToken })),
      ]);
      assert.equal([assetGone.status, groupGone.status], [204, 204], JSON.stringify([assetGone.body, groupGone.body]));
      for (const [res, what] of [
        [intoAsset, 'asset'],
        [intoGroup, 'group'],
      ] as const) {
        const tried = `round ${round}, ${what}: ${res.status} ${JSON.stringify(res.body)}`;
        assert.ok(res.status === 201 || res.status === 400, tried);
        if (res.status === 400) {
          assert.is(res.headers.get('content-type')?.split(';')[0], 'application/problem+json', tried);
          assert.is(res.body.code, 'VALIDATION_FAILED', tried);
          assert.is(res.body.issues[0].code, `unknown_${what}`, tried);
        }
        outcomes.add(`${what} ${res.status}`);
      }
    }
    // Afterwards the scope is gone for good: an import into it is refused.
    const asset = (await s.call('POST', '/v1/assets', { token: s.adminToken, body: { hostname: 'race-gone.example' } })).body;
    await s.call('DELETE', `/v1/assets/${asset.id}`, { token: s.adminToken });
    assert.is((await upload(s, report, `&asset_id=${asset.id}`)).status, 400);
    console.log(`  outcomes: ${[...outcomes].sort().join(', ')}`);
  });

  test('lists filter by import tag, asset group and what the latest import of each scope brought', async () => {
    const s = server();
    await upload(s, trivy(['CVE-2024-7001', 'CVE-2024-7002']), '&tag=app');
    await upload(s, trivy(['CVE-2024-7002', 'CVE-2024-7003']), '&tag=app');
    await upload(s, trivy(['CVE-2024-7009']), '&tag=other');
    assert.equal(await openInTag(s, 'app'), ['CVE-2024-7002', 'CVE-2024-7003']);
    const fresh = await s.call('GET', '/v1/vulnerabilities?tag=app&new_only=true', { token: s.adminToken });
    assert.equal(
      fresh.body.data.map((v: { cve_ids: string[] }) => v.cve_ids[0]),
      ['CVE-2024-7003'],
    );
    // The other scope's latest import brought its own finding; it is not new in "app".
    const allNew = (await s.call('GET', '/v1/vulnerabilities?new_only=true&limit=1000', { token: s.adminToken })).body.data;
    assert.ok(allNew.some((v: { cve_ids: string[] }) => v.cve_ids[0] === 'CVE-2024-7009'));
    assert.not.ok(allNew.some((v: { cve_ids: string[] }) => v.cve_ids[0] === 'CVE-2024-7002'));

    const group = (await s.call('POST', '/v1/asset-groups', { token: s.adminToken, body: { name: 'web-tier' } })).body;
    assert.ok(group.id, JSON.stringify(group));
    await upload(s, trivy(['CVE-2024-7101']), `&group_id=${group.id}`);
    const inGroup = await s.call('GET', `/v1/vulnerabilities?group_id=${group.id}`, { token: s.adminToken });
    assert.equal(
      inGroup.body.data.map((v: { cve_ids: string[] }) => v.cve_ids[0]),
      ['CVE-2024-7101'],
    );
    assert.is((await s.call('GET', '/v1/vulnerabilities?tag=no%20such', { token: s.adminToken })).status, 400);
  });
});
