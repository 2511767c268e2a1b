import * as assert from 'uvu/assert';
import { forEachDatabase } from '../_test/harness.js';
import { waitFor } from '../_test/runtime-harness.js';

const report = (id: string) =>
  JSON.stringify({
    SchemaVersion: 2,
    ArtifactName: 'jobs:1',
    Results: [
      {
        Target: 'jobs:1 (debian 12)',
        Class: 'os-pkgs',
        Vulnerabilities: [{ VulnerabilityID: id, PkgName: 'openssl', InstalledVersion: '1.0', Severity: 'HIGH', Title: 'jobs' }],
      },
    ],
  });
const upload = { 'content-type': 'application/octet-stream' };

forEachDatabase('HTTP: jobs and asynchronous imports', (test, server) => {
  test('POST /v1/imports?async=true answers 202 with the job; the job ends with the import as its result', async () => {
    const s = server();
    const res = await s.call('POST', '/v1/imports?async=true&file_name=trivy.json&tag=async-1', {
      token: s.adminToken,
      body: report('CVE-2024-1111'),
      headers: upload,
    });
    assert.is(res.status, 202);
    assert.is(res.body.name, 'scan-import');
    assert.is(res.headers.get('location'), `/v1/jobs/${res.body.id}`);
    const done = await waitFor(async () => {
      const job = await s.call('GET', `/v1/jobs/${res.body.id}`, { token: s.adminToken });
      return job.body.state === 'succeeded' ? job.body : null;
    }, 'the import job');
    assert.is(done.result.new, 1);
    assert.ok(done.result.imported_by, 'audited as the uploader');
    assert.equal(done.progress, { done: 4, total: 4, message: 'imported: 1 new, 0 seen again, 0 fixed, 0 reopened' });
    const imported = await s.call('GET', `/v1/imports/${done.result.id}`, { token: s.adminToken });
    assert.is(imported.status, 200);
  });

  test('an asynchronous import of a report not of its format fails its job at once with REPORT_INVALID, not retried', async () => {
    const s = server();
    // The upload is not parsed in the request (that is the work the job is for): the job says what is wrong.
    const res = await s.call('POST', '/v1/imports?async=true&format=trivy', {
      token: s.adminToken,
      body: '{"not":"trivy"}',
      headers: upload,
    });
    assert.is(res.status, 202);
    const failed = await waitFor(async () => {
      const job = (await s.call('GET', `/v1/jobs/${res.body.id}`, { token: s.adminToken })).body;
      return job.state === 'failed' ? job : null;
    }, 'the import job to fail');
    assert.is(failed.error.code, 'REPORT_INVALID');
    assert.is(failed.attempts, 1, 'a refusal is not retried');
    const bad = await s.call('POST', '/v1/imports?async=maybe', { token: s.adminToken, body: report('CVE-2024-1112'), headers: upload });
    assert.is(bad.status, 400);
  });

  test('GET /v1/jobs filters by state and name; a bad state is a 400', async () => {
    const s = server();
    const list = await s.call('GET', '/v1/jobs?state=succeeded&name=scan-import', { token: s.adminToken });
    assert.is(list.status, 200);
    assert.ok(list.body.data.length >= 1);
    for (const job of list.body.data) assert.is(job.state, 'succeeded');
    const bad = await s.call('GET', '/v1/jobs?state=sleeping', { token: s.adminToken });
    assert.is(bad.status, 400);
  });

  test("a user sees only their own jobs without jobs:read, and another's is JOB_NOT_FOUND", async () => {
    const s = server();
    const viewer = await s.userToken('jobs-viewer', ['viewer']);
    const list = await s.call('GET', '/v1/jobs', { token: viewer });
    assert.is(list.status, 200);
    assert.is(list.body.data.length, 0);
    const mine = (await s.call('GET', '/v1/jobs?limit=1', { token: s.adminToken })).body.data[0];
    const res = await s.call('GET', `/v1/jobs/${mine.id}`, { token: viewer });
    assert.is(res.status, 404);
    assert.is(res.body.code, 'JOB_NOT_FOUND');
  });

  test('cancelling a finished job is JOB_NOT_CANCELLABLE; retrying a succeeded one JOB_NOT_RETRYABLE', async () => {
    const s = server();
    const done = (await s.call('GET', '/v1/jobs?state=succeeded&limit=1', { token: s.adminToken })).body.data[0];
    const cancel = await s.call('POST', `/v1/jobs/${done.id}/cancel`, { token: s.adminToken });
    assert.is(cancel.status, 409);
    assert.is(cancel.body.code, 'JOB_NOT_CANCELLABLE');
    const retry = await s.call('POST', `/v1/jobs/${done.id}/retry`, { token: s.adminToken });
    assert.is(retry.status, 409);
    assert.is(retry.body.code, 'JOB_NOT_RETRYABLE');
  });
});
