import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CORPUS, corpusAvailable } from '../_lib/corpus.js';
import { scoreCvss } from '../cvss/score.js';
import { ValidationError } from '../errors/secai-error.js';
import { importReport, type ScanFormat } from './index.js';

const corpusTest = corpusAvailable ? test : test.skip;
const read = (file: string) => readFileSync(join(CORPUS, 'scanners', file), 'utf8');
const load = (file: string, format?: ScanFormat) => importReport(read(file), { file, ...(format && { format }) });

/**
 * Every corpus file of the formats implemented, with the format detection should find and the
 * count secai gives. Where it differs from DefectDojo's (expected_findings.csv), the reason is
 * in the note.
 */
const EXPECTED: [file: string, format: ScanFormat, count: number, note?: string][] = [
  ['trivy/scheme_2_many_vulns.json', 'trivy', 5],
  ['trivy/scheme_2_no_vuln.json', 'trivy', 0],
  ['trivy/misconfigurations_and_secrets.json', 'trivy', 5],
  ['trivy/cvssv4_severity_source.json', 'trivy', 3],
  ['trivy/legacy_many_vulns.json', 'trivy', 93],
  ['anchore_grype/no_vuln.json', 'grype', 0],
  ['anchore_grype/check_all_fields.json', 'grype', 5],
  ['anchore_grype/same_cve_different_paths.json', 'grype', 1],
  ['anchore_grype/many_vulns_with_epss_values.json', 'grype', 0, 'counted below from the file itself'],
  ['sarif/codeQL-output.sarif', 'sarif', 72],
  [
    'sarif/bash-report.sarif',
    'sarif',
    12,
    'DefectDojo: 27; the file repeats 15 results verbatim (same rule, file, line, message), kept once',
  ],
  ['sarif/dependency_check.sarif', 'sarif', 13],
  ['sarif/no_runs.sarif', 'sarif', 0],
  ['sarif/suppression_test.sarif', 'sarif', 5, 'suppressed results are kept and flagged, as in DefectDojo'],
  ['semgrep/many_vulns.json', 'semgrep', 48],
  ['semgrep/empty.json', 'semgrep', 0],
  ['semgrep/high-medium-low-severities.json', 'semgrep', 3],
  ['semgrep/cwe_list.json', 'semgrep', 1],
  ['bandit/many_vulns.json', 'bandit', 213, 'DefectDojo: 214; B608 is reported twice for migrate_surveys.py line 51, kept once'],
  ['bandit/no_vuln.json', 'bandit', 0],
  ['bandit/one_vuln.json', 'bandit', 1],
  ['gitleaks/gitleaks8_many.json', 'gitleaks', 3],
  ['gitleaks/version_7.5.0.json', 'gitleaks', 4],
  ['gitleaks/redacted_data_many.json', 'gitleaks', 6],
  ['npm_audit/many_vuln.json', 'npm-audit', 5],
  ['npm_audit/no_vuln.json', 'npm-audit', 0],
  ['npm_audit/multiple_cwes2.json', 'npm-audit', 6],
  [
    'npm_audit_7_plus/many_vulns.json',
    'npm-audit',
    3,
    'DefectDojo: 6; three entries are only vulnerable through a dependency whose advisory is the finding',
  ],
  ['npm_audit_7_plus/no_vuln.json', 'npm-audit', 0],
  [
    'npm_audit_7_plus/one_vuln.json',
    'npm-audit',
    2,
    'DefectDojo: 1 per package; two GHSA advisories affect debug, each tracked on its own',
  ],
  ['snyk/single_project_many_vulns.json', 'snyk', 41],
  ['snyk/single_project_no_vulns.json', 'snyk', 0],
  ['snyk/all-projects_many_vulns.json', 'snyk', 4],
  ['snyk/single_project_None_cvss.json', 'snyk', 1],
  [
    'nuclei/many_findings.json',
    'nuclei',
    18,
    'DefectDojo: 16, merging records of one template and matcher per host; secai keeps each matched URL',
  ],
  ['nuclei/multiple_v3.json', 'nuclei', 5, 'the export lists tls-version twice for one host, kept once'],
  ['nuclei/many_findings_new.json', 'nuclei', 2],
  ['tenable/nessus/nessus_with_cvssv3.nessus', 'nessus', 48, 'plugin 58987 is listed twice for port 80, kept once'],
  [
    'tenable/nessus/nessus_many_vuln.xml',
    'nessus',
    7,
    "DefectDojo: 6, one per plugin and host; secai keeps the SYN scanner's two ports apart",
  ],
  ['tenable/nessus_was/nessus_was_no_vuln.xml', 'nessus', 0],
  ['tenable/nessus_was/nessus_was_one_vuln.xml', 'nessus', 1],
  ['openvas/many_vuln.xml', 'openvas', 44],
  ['openvas/no_vuln.xml', 'openvas', 0],
  ['openvas/report_detail_v2.xml', 'openvas', 1],
  ['zap/dvwa_baseline_dojo.xml', 'zap', 18, 'DefectDojo: 19; alert 10027 appears twice for the site, merged with both sets of URLs'],
  ['zap/empty_2.9.0.xml', 'zap', 0],
  ['zap/some_2.9.0.xml', 'zap', 7],
  ['zap/zap_2.16.1_with_req_resp.xml', 'zap', 4],
  [
    'dependency_check/multiple_vulnerabilities_has_multiple_findings.xml',
    'dependency-check',
    9,
    'two of them suppressed, kept and flagged',
  ],
  ['dependency_check/dc_empty.xml', 'dependency-check', 0],
  ['dependency_check/version-6.5.3.xml', 'dependency-check', 1],
  ['dependency_check/single_dependency_with_related_no_vulnerability.xml', 'dependency-check', 0],
  ['qualys/Qualys_Sample_Report.xml', 'qualys', 301],
  ['qualys/empty.xml', 'qualys', 0],
  [
    'qualys_webapp/qualys_webapp_many_vuln.xml',
    'qualys',
    4,
    'DefectDojo: 21, counting 18 information-gathered items, which secai does not import',
  ],
  ['qualys_webapp/qualys_webapp_no_vuln.xml', 'qualys', 0],
  ['nmap/nmap_multiple_port.xml', 'nmap', 13],
  ['nmap/nmap_0port.xml', 'nmap', 0],
  ['nmap/nmap_script_vulners.xml', 'nmap', 3, 'one open port and two CVEs from the vulners script'],
  ['nmap/issue4406.xml', 'nmap', 67],
  ['tenable/nessus/nessus_many_vuln.csv', 'nessus', 4, 'the export pads with 529 empty rows, skipped'],
  ['tenable/tenable_many_vuln.csv', 'nessus', 9, 'plugin 176703 is listed ten times for one host, kept once'],
  ['openvas/many_vuln.csv', 'openvas', 4],
  ['qualys/Qualys_Sample_Report.csv', 'qualys', 6, 'DefectDojo: 3, one per QID; secai tracks QID 105971 on each of its four hosts'],
];

corpusTest('detects the format of every corpus file and finds the expected number of findings', () => {
  let files = 0;
  let findings = 0;
  for (const [file, format, count] of EXPECTED) {
    const result = load(file);
    assert.is(result.format, format, file);
    if (file.endsWith('many_vulns_with_epss_values.json')) {
      assert.is(result.findings.length, (JSON.parse(read(file)) as { matches: unknown[] }).matches.length, file);
    } else {
      assert.is(result.findings.length, count, file);
    }
    assert.is(new Set(result.findings.map((f) => f.fingerprint)).size, result.findings.length, `${file}: fingerprints are unique`);
    files++;
    findings += result.findings.length;
  }
  console.log(`  ${files} report files, ${findings} findings`);
});

for (const [file, format, text] of [
  ['nuclei/no_findings.json', 'nuclei', ''],
  ['gitleaks/no_findings.json', 'gitleaks', 'null'],
] as const) {
  corpusTest(`${format}'s clean run (${JSON.stringify(text)}) imports only as ${format}: detected, it is REPORT_INVALID`, () => {
    assert.is(read(file).trim(), text);
    assert.equal([load(file, format).format, load(file, format).findings.length], [format, 0]);
    try {
      load(file);
      assert.unreachable('a report naming no tool was given a format');
    } catch (err) {
      assert.instance(err, ValidationError);
      assert.is((err as ValidationError).code, 'REPORT_INVALID');
      assert.match((err as ValidationError).message, new RegExp(`^${file.replace('/', '\\/').replace('.', '\\.')}: the report is empty`));
    }
  });
}

test('an empty JSON array names no tool: detected, it is REPORT_INVALID; as gitleaks it is a clean run', () => {
  assert.throws(
    () => importReport('[]', { file: 'x.json' }),
    (err: unknown) => err instanceof ValidationError && err.code === 'REPORT_INVALID',
  );
  assert.is(importReport('[]', { file: 'x.json', format: 'gitleaks' }).findings.length, 0);
});

corpusTest("Trivy: CVE, package, versions, CWE, and the severity source's CVSS vector", () => {
  const [first] = load('trivy/scheme_2_many_vulns.json').findings;
  assert.equal(
    [
      first?.rule_id,
      first?.component,
      first?.version,
      first?.fix_version,
      first?.severity,
      first?.cwe_ids,
      first?.cvss_vector,
      first?.cvss_score,
    ],
    ['CVE-2020-15999', 'freetype', '2.9.1-r2', '2.9.1-r3', 'medium', ['CWE-787'], 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H', 6.5],
  );
  const v4 = load('trivy/cvssv4_severity_source.json').findings.find((f) => f.rule_id === 'CVE-2025-66614');
  assert.is(v4?.cvss_vector, 'CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N');
  const kinds = load('trivy/misconfigurations_and_secrets.json').findings.map((f) => f.rule_id);
  assert.ok(kinds.includes('DS002'));
});

corpusTest('the CVSS vectors scanners report score as the scanners say', () => {
  let checked = 0;
  for (const [file] of EXPECTED.filter(([, format]) => format === 'trivy' || format === 'grype')) {
    for (const f of load(file).findings) {
      if (!f.cvss_vector || f.cvss_score === null) continue;
      // Scanners report v4's single score (CVSS-BT when E is given) and v3's base score.
      const s = scoreCvss(f.cvss_vector);
      assert.is(s.version === '4.0' ? s.score : s.base_score, f.cvss_score, `${file} ${f.rule_id} ${f.cvss_vector}`);
      checked++;
    }
  }
  assert.ok(checked > 50, `only ${checked} vectors checked`);
  console.log(`  ${checked} scanner-reported vectors rescored`);
});

corpusTest('Grype: one finding for the same CVE in one package at two paths, both paths kept', () => {
  const [f] = load('anchore_grype/same_cve_different_paths.json').findings;
  assert.is(f?.rule_id, 'CVE-2021-33574');
  assert.is(f?.component, 'libc6');
  assert.is(f?.location, '/usr/lib/x86_64-linux-gnu/libc.so.6, /lib/x86_64-linux-gnu/libc.so.6');
});

corpusTest('SARIF: rule, file and line, CWE tags, security-severity and suppressions', () => {
  const codeql = load('sarif/codeQL-output.sarif').findings;
  assert.ok(codeql.every((f) => f.scanner === 'codeql'));
  const first = codeql[0];
  assert.equal([first?.rule_id, first?.location], ['py/empty-except', 'good/db_init.py:39']);
  assert.ok(codeql.some((f) => f.cwe_ids.length > 0));
  const suppressed = load('sarif/suppression_test.sarif').findings.filter((f) => f.suppressed);
  assert.is(suppressed.length, 3);
});

corpusTest('Semgrep, Bandit and gitleaks keep rule, location, CWE and never the secret', () => {
  const [semgrep] = load('semgrep/cwe_list.json').findings;
  assert.equal(semgrep?.cwe_ids, ['CWE-352']);
  // Newer Semgrep writes LOW/MEDIUM/HIGH instead of INFO/WARNING/ERROR; this file has three LOWs.
  const severities = load('semgrep/high-medium-low-severities.json').findings.map((f) => f.severity);
  assert.equal(severities, ['low', 'low', 'low']);
  const [bandit] = load('bandit/one_vuln.json').findings;
  assert.equal([bandit?.rule_id, bandit?.severity, bandit?.location], ['B101', 'low', 'one/one.py:2']);
  const leaks = load('gitleaks/gitleaks8_many.json').findings;
  assert.equal(leaks[0]?.location, '/conf/aws.tf:2');
  assert.not.ok(JSON.stringify(leaks).includes('secretAWSsecret'));
});

corpusTest('npm audit, Snyk and nuclei keep advisory, package, CVE, CVSS and where', () => {
  const npm6 = load('npm_audit/many_vuln.json').findings.find((f) => f.component === 'negotiator');
  assert.equal(
    [npm6?.rule_id, npm6?.cve_ids, npm6?.cwe_ids, npm6?.severity, npm6?.fix_version],
    ['npm:106', ['CVE-2016-10539'], ['CWE-400'], 'high', '>= 0.6.1'],
  );
  const npm7 = load('npm_audit_7_plus/one_vuln.json')
    .findings.map((f) => f.rule_id)
    .sort();
  assert.equal(npm7, ['GHSA-9vvw-cc9w-f27h', 'GHSA-gxpj-cx7g-858c']);
  const snyk = load('snyk/single_project_many_vulns.json').findings[0];
  assert.equal(
    [snyk?.rule_id, snyk?.component, snyk?.version, snyk?.cvss_score, snyk?.fix_version],
    ['SNYK-JAVA-COMBEUST-174815', 'com.beust:jcommander', '1.72', 5.6, '1.75'],
  );
  assert.is(load('snyk/single_project_None_cvss.json').findings[0]?.cvss_score, null);
  const nuclei = load('nuclei/many_findings_new.json').findings.find((f) => f.rule_id.startsWith('CVE-2018-15473'));
  assert.equal(nuclei?.cve_ids, ['CVE-2018-15473']);
});

corpusTest('Nessus, OpenVAS and ZAP: plugin, host and port, CVE, CVSS v3, risk', () => {
  const nessus = load('tenable/nessus/nessus_with_cvssv3.nessus').findings;
  const withV3 = nessus.find((f) => f.cvss_vector?.startsWith('CVSS:3'));
  assert.ok(withV3, 'a CVSS v3 vector is read');
  assert.is(scoreCvss(withV3?.cvss_vector as string).base_score, withV3?.cvss_score);
  assert.ok(nessus.every((f) => f.asset === 'testphp.vulnweb.com'));
  assert.ok(nessus.some((f) => f.location === 'testphp.vulnweb.com:80/tcp'));
  const openvas = load('openvas/many_vuln.xml').findings.find((f) => f.cve_ids.includes('CVE-1999-0618'));
  assert.equal([openvas?.title, openvas?.severity, openvas?.location], ['The rexec service is running', 'high', '192.168.1.1001:512/tcp']);
  const zap = load('zap/dvwa_baseline_dojo.xml').findings;
  assert.ok(zap.every((f) => f.asset === 'http://172.17.0.2'));
  assert.ok(zap.some((f) => f.cwe_ids.length > 0));
});

corpusTest('Dependency-Check and Qualys: CVSS rebuilt from fields, suppressions, hosts and QIDs', () => {
  const [dc] = load('dependency_check/version-6.5.3.xml').findings;
  assert.equal([dc?.rule_id, dc?.cvss_vector, dc?.cvss_score], ['CVE-2020-9488', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N', 3.7]);
  assert.is(scoreCvss(dc?.cvss_vector as string).base_score, 3.7);
  assert.is(load('dependency_check/multiple_vulnerabilities_has_multiple_findings.xml').findings.filter((f) => f.suppressed).length, 2);
  const qualys = load('qualys/Qualys_Sample_Report.xml').findings;
  assert.ok(qualys.every((f) => f.rule_id.startsWith('qualys:') && f.asset));
  assert.ok(qualys.some((f) => f.cve_ids.length > 0));
});

test('ZAP JSON reports read like the XML ones', () => {
  const report = {
    '@version': '2.14.0',
    '@generated': 'Mon, 1 Jan 2026 10:00:00',
    site: [
      {
        '@name': 'https://shop.example',
        '@host': 'shop.example',
        alerts: [
          {
            pluginid: '10038',
            alert: 'Content Security Policy (CSP) Header Not Set',
            riskcode: '2',
            cweid: '693',
            desc: '<p>No CSP</p>',
            instances: [{ uri: 'https://shop.example/' }, { uri: 'https://shop.example/cart' }],
          },
          { pluginid: '10021', alert: 'X-Content-Type-Options Header Missing', riskcode: '1', cweid: '693', instances: [] },
        ],
      },
    ],
  };
  const { format, findings } = importReport(JSON.stringify(report), { file: 'zap.json' });
  assert.is(format, 'zap');
  assert.equal(
    findings.map((f) => [f.rule_id, f.severity, f.location, f.cwe_ids]),
    [
      ['zap:10038', 'medium', 'https://shop.example/ https://shop.example/cart', ['CWE-693']],
      ['zap:10021', 'low', 'https://shop.example', ['CWE-693']],
    ],
  );
  assert.is(findings[0]?.description?.startsWith('No CSP'), true);
});

test('malformed XML names the file and line', () => {
  try {
    importReport('<NessusClientData_v2><Report><ReportHost name="a">', { file: 'scan.nessus' });
    assert.unreachable();
  } catch (err) {
    assert.is((err as ValidationError).code, 'REPORT_INVALID');
    assert.match((err as ValidationError).message, /^scan\.nessus: not well-formed XML/);
  }
});

test('a truncated report names the file and where it stops', () => {
  try {
    importReport('{"SchemaVersion": 2, "Results": [', { file: 'scan.json' });
    assert.unreachable();
  } catch (err) {
    assert.instance(err, ValidationError);
    assert.is((err as ValidationError).code, 'REPORT_INVALID');
    assert.match((err as ValidationError).message, /^scan\.json: not valid JSON/);
  }
});

test('an unrecognised report asks for the format', () => {
  try {
    importReport('{"hello": "world"}', { file: 'x.json' });
    assert.unreachable();
  } catch (err) {
    assert.is((err as ValidationError).code, 'REPORT_FORMAT_UNKNOWN');
  }
});

test('a CVSS vector without a score is scored, and rates the finding when the scanner gives no severity', () => {
  const vuln = (id: string, extra: Record<string, unknown>) => ({ VulnerabilityID: id, PkgName: `p-${id}`, ...extra });
  const report = {
    SchemaVersion: 2,
    ArtifactName: 'app:1',
    Results: [
      {
        Target: 't',
        Vulnerabilities: [
          vuln('CVE-2024-0001', { Severity: 'UNKNOWN', CVSS: { nvd: { V3Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' } } }),
          vuln('CVE-2024-0002', { Severity: 'LOW', CVSS: { nvd: { V3Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' } } }),
          vuln('CVE-2024-0003', { CVSS: { nvd: { V40Vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' } } }),
          vuln('CVE-2024-0004', { Severity: 'HIGH', CVSS: { nvd: { V3Vector: 'CVSS:3.1/AV:X/garbage' } } }),
          vuln('CVE-2024-0005', {}),
        ],
      },
    ],
  };
  const findings = importReport(JSON.stringify(report), { file: 'trivy.json' }).findings;
  assert.equal(
    findings.map((f) => [f.rule_id, f.cvss_score, f.severity]),
    [
      ['CVE-2024-0001', 9.8, 'critical'],
      // The scanner's own rating stands; only the missing score is filled in.
      ['CVE-2024-0002', 9.8, 'low'],
      ['CVE-2024-0003', 9.3, 'critical'],
      // A vector that does not parse leaves the score empty rather than refusing the report.
      ['CVE-2024-0004', null, 'high'],
      ['CVE-2024-0005', null, 'info'],
    ],
  );
});

test('text is made storable: NUL removed, lone surrogates replaced, fields cut to their column', () => {
  const report = {
    SchemaVersion: 2,
    ArtifactName: 'app:1',
    Results: [
      {
        Target: 't',
        Vulnerabilities: [
          {
            VulnerabilityID: 'CVE-2024-1234567890123456789012345',
            Title: 'a\u0000b\ud800c',
            PkgName: 'p'.repeat(400),
            InstalledVersion: '1',
          },
        ],
      },
    ],
  };
  const [f] = importReport(JSON.stringify(report), { file: 'trivy.json' }).findings;
  assert.is(f?.title, 'ab\ufffdc');
  assert.is(f?.component?.length, 300);
  // Longer than the CVE index holds: kept as the rule, not as a CVE id.
  assert.equal(f?.cve_ids, []);
});

test('fingerprints are stable and ignore the installed version', () => {
  const scan = (version: string) =>
    importReport(
      JSON.stringify({
        SchemaVersion: 2,
        ArtifactName: 'app:1',
        Results: [
          { Target: 't', Vulnerabilities: [{ VulnerabilityID: 'CVE-2024-1', PkgName: 'p', InstalledVersion: version, Severity: 'HIGH' }] },
        ],
      }),
      {
        file: 'a.json',
      },
    ).findings[0]?.fingerprint;
  assert.is(scan('1.0'), scan('1.1'));
});

test.run();
