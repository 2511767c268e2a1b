#!/usr/bin/env node
// Scales a Trivy report to 50,000 findings and measures (1) parsing alone and (2) the import end
// to end through the API (HTTP upload, re-import bookkeeping, database), on SQLite and, when
// SECAI_TEST_DATABASE_URL is set, PostgreSQL. Targets (issue #4): 20,000 findings/s parse-only,
// 5,000 findings/s into PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { importReport } from '@secai/core';
import { loadConfig, startServer } from '@secai/server';
import knex from 'knex';
import { pino } from 'pino';

const N = Number(process.env.BENCH_FINDINGS ?? 50_000);
const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

// Modelled on the corpus's trivy/scheme_2_many_vulns.json records (same fields and nesting).
function report(n) {
  const vulns = Array.from({ length: n }, (_, i) => ({
    VulnerabilityID: `CVE-${2015 + (i % 10)}-${10000 + i}`,
    PkgName: `pkg-${i % 2500}`,
    PkgPath: `app/libs/pkg-${i % 2500}`,
    InstalledVersion: `1.${i % 7}.${i % 13}`,
    FixedVersion: `1.${(i % 7) + 1}.0`,
    SeveritySource: 'nvd',
    PrimaryURL: `https://avd.aquasec.com/nvd/cve-${i}`,
    Title: `Heap-based buffer overflow in component ${i % 2500}`,
    Description: 'A crafted input can overflow a heap buffer and lead to code execution or a crash.',
    Severity: SEVERITIES[i % 4],
    CweIDs: ['CWE-787'],
    CVSS: { nvd: { V3Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H', V3Score: 6.5 } },
  }));
  return JSON.stringify({
    SchemaVersion: 2,
    ArtifactName: 'bench:latest',
    ArtifactType: 'container_image',
    Results: [{ Target: 'bench:latest (alpine 3.19)', Class: 'os-pkgs', Type: 'alpine', Vulnerabilities: vulns }],
  });
}

const text = report(N);
console.log(`report: ${N.toLocaleString('en')} findings, ${(text.length / 1e6).toFixed(1)} MB`);

let t0 = performance.now();
const parsed = importReport(text, { file: 'bench.json' });
const parseSeconds = (performance.now() - t0) / 1000;
if (parsed.findings.length !== N) throw new Error(`parsed ${parsed.findings.length}`);
console.log(`parse only: ${(N / parseSeconds).toFixed(0)} findings/s (${parseSeconds.toFixed(2)} s; target ≥ 20,000)`);

async function endToEnd(label, databaseUrl, schema) {
  const dataDir = mkdtempSync(join(tmpdir(), 'secai-bench-import-'));
  const config = loadConfig({
    env: {},
    flags: { port: 0, dataDir, databaseUrl, adminPassword: 'bench-admin-password', logLevel: 'silent' },
  });
  const running = await startServer(config, { logger: pino({ level: 'silent' }), ...(schema && { schema }) });
  try {
    const { access_token } = await (
      await fetch(`${running.url}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'bench-admin-password' }),
      })
    ).json();
    for (const run of ['first import', 're-import']) {
      t0 = performance.now();
      const res = await fetch(`${running.url}/v1/imports?tag=bench&file_name=bench.json`, {
        method: 'POST',
        headers: { authorization: `Bearer ${access_token}` },
        body: text,
      });
      const body = await res.json();
      const seconds = (performance.now() - t0) / 1000;
      if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(body)}`);
      console.log(
        `${label}, ${run}: ${(N / seconds).toFixed(0)} findings/s (${seconds.toFixed(1)} s; new ${body.new}, seen again ${body.updated})`,
      );
    }
  } finally {
    await running.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (schema) {
      const admin = knex({ client: 'pg', connection: databaseUrl });
      await admin.raw('drop schema if exists ?? cascade', [schema]);
      await admin.destroy();
    }
  }
}

await endToEnd('SQLite', undefined);
if (process.env.SECAI_TEST_DATABASE_URL)
  await endToEnd('PostgreSQL (target ≥ 5,000)', process.env.SECAI_TEST_DATABASE_URL, `secai_bench_${process.pid}`);
else console.log('PostgreSQL: skipped (set SECAI_TEST_DATABASE_URL)');
