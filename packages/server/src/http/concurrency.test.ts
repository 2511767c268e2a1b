// Changes that race over real HTTP: each pair is sent at once, many rounds, and the second change
// must meet the first's result. On PostgreSQL, before rows were locked, both moves of one alert
// were accepted in 39 of 40 rounds; SQLite runs one transaction at a time and must keep doing so.
import * as assert from 'uvu/assert';
import { forEachDatabase, type TestServer } from '../_test/harness.js';

const ROUNDS = 20;

const statuses = (...responses: { status: number }[]) => responses.map((r) => r.status).sort((a, b) => a - b);

async function create(s: TestServer, path: string, body: object): Promise<{ id: string }> {
  const res = await s.call('POST', path, { token: s.adminToken, body });
  assert.is(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

forEachDatabase('concurrent changes', (test, server) => {
  test('of two moves of one alert at once, one is accepted and the other meets its result (409)', async () => {
    const s = server();
    const token = s.adminToken;
    for (let round = 0; round < ROUNDS; round++) {
      const alert = await create(s, '/v1/alerts', { title: `race ${round}`, severity: 'high' });
      const move = (status: string) => s.call('PATCH', `/v1/alerts/${alert.id}`, { token, body: { status } });
      const [resolved, falsePositive] = await Promise.all([move('resolved'), move('false_positive')]);
      assert.equal(statuses(resolved, falsePositive), [200, 409], `round ${round}`);
      const winner = resolved.status === 200 ? resolved : falsePositive;
      const loser = resolved.status === 200 ? falsePositive : resolved;
      assert.is(loser.body.code, 'ALERT_TRANSITION_INVALID');
      assert.is(loser.body.from, winner.body.status);
      assert.is((await s.call('GET', `/v1/alerts/${alert.id}`, { token })).body.status, winner.body.status);
    }
  });

  test('two status changes of one vulnerability at once apply one after the other', async () => {
    const s = server();
    const token = s.adminToken;
    for (let round = 0; round < ROUNDS; round++) {
      const vuln = await create(s, '/v1/vulnerabilities', { title: `race ${round}`, severity: 'medium' });
      const move = (status: string) => s.call('PATCH', `/v1/vulnerabilities/${vuln.id}`, { token, body: { status } });
      const both = await Promise.all([move('triaged'), move('fixed')]);
      assert.equal(statuses(...both), [200, 200]);
      const audit = await s.call('GET', `/v1/audit?target_type=vulnerability&target_id=${vuln.id}&action=vulnerability.update`, {
        token,
      });
      // Newest first: the later change saw the earlier one's status, not the one both started from.
      const [later, earlier] = audit.body.data.map((e: { details: { from: string; to: string } }) => e.details);
      assert.is(earlier.from, 'open', `round ${round}`);
      assert.is(later.from, earlier.to, `round ${round}`);
      const final = (await s.call('GET', `/v1/vulnerabilities/${vuln.id}`, { token })).body;
      assert.is(final.status, later.to);
      assert.is(final.fixed_at === null, later.to !== 'fixed', 'fixed_at follows the status that won');
    }
  });

  test('a comment and the deletion of its alert at once never answer 5xx', async () => {
    const s = server();
    const token = s.adminToken;
    for (let round = 0; round < ROUNDS; round++) {
      const alert = await create(s, '/v1/alerts', { title: `comment race ${round}`, severity: 'low' });
      const [comment, deletion] = await Promise.all([
        s.call('POST', `/v1/alerts/${alert.id}/comments`, { token, body: { body: 'looking' } }),
        s.call('DELETE', `/v1/alerts/${alert.id}`, { token }),
      ]);
      assert.is(deletion.status, 204);
      assert.ok([201, 404].includes(comment.status), `round ${round}: ${comment.status} ${JSON.stringify(comment.body)}`);
    }
  });

  test('two groups renamed to one name at once: one 200, one 409 ASSET_GROUP_EXISTS', async () => {
    const s = server();
    const token = s.adminToken;
    for (let round = 0; round < ROUNDS; round++) {
      const a = await create(s, '/v1/asset-groups', { name: `a-${round}` });
      const b = await create(s, '/v1/asset-groups', { name: `b-${round}` });
      const rename = (id: string) => s.call('PATCH', `/v1/asset-groups/${id}`, { token, body: { name: `same-${round}` } });
      const both = await Promise.all([rename(a.id), rename(b.id)]);
      assert.equal(statuses(...both), [200, 409], `round ${round}: ${JSON.stringify(both.map((r) => r.body))}`);
      assert.is(both.find((r) => r.status === 409)?.body.code, 'ASSET_GROUP_EXISTS');
    }
  });

  test('two assets of one identity created at once: one 201, one 409 ASSET_EXISTS naming the other', async () => {
    const s = server();
    const token = s.adminToken;
    for (let round = 0; round < ROUNDS; round++) {
      const body = { hostname: `twin-${round}.example` };
      const both = await Promise.all([s.call('POST', '/v1/assets', { token, body }), s.call('POST', '/v1/assets', { token, body })]);
      assert.equal(statuses(...both), [201, 409], `round ${round}: ${JSON.stringify(both.map((r) => r.body))}`);
      const conflict = both.find((r) => r.status === 409)?.body;
      assert.is(conflict.code, 'ASSET_EXISTS');
      assert.is(conflict.id, both.find((r) => r.status === 201)?.body.id);
    }
  });

  test('an asset added to a group while it is deleted: 200 or 400, never 5xx, and no member left behind', async () => {
    const s = server();
    const token = s.adminToken;
    const group = await create(s, '/v1/asset-groups', { name: 'members race' });
    for (let round = 0; round < ROUNDS; round++) {
      const asset = await create(s, '/v1/assets', { hostname: `member-${round}.example` });
      const [add, deletion] = await Promise.all([
        s.call('PATCH', `/v1/asset-groups/${group.id}`, { token, body: { add_asset_ids: [asset.id] } }),
        s.call('DELETE', `/v1/assets/${asset.id}`, { token }),
      ]);
      assert.is(deletion.status, 204);
      assert.ok([200, 400].includes(add.status), `round ${round}: ${add.status} ${JSON.stringify(add.body)}`);
      if (add.status === 400) assert.is(add.body.code, 'ASSET_GROUP_MEMBER_UNKNOWN');
    }
    assert.is((await s.call('GET', `/v1/asset-groups/${group.id}`, { token })).body.member_count, 0);
  });

  test('two bulk upserts of the same new assets at once: both land, one asset per identity, tags on each', async () => {
    const s = server();
    const token = s.adminToken;
    for (let round = 0; round < 5; round++) {
      const items = Array.from({ length: 30 }, (_, i) => ({ hostname: `bulk-${round}-${i}.example`, tags: [`round-${round}`] }));
      const both = await Promise.all([1, 2].map(() => s.call('POST', '/v1/assets/bulk', { token, body: { items } })));
      assert.equal(statuses(...both), [200, 200], `round ${round}: ${JSON.stringify(both.map((r) => r.body))}`);
      assert.is(both[0]?.body.created + both[1]?.body.created, 30, 'each asset counted as created once');
      const listed = await s.call('GET', `/v1/assets?tag=round-${round}&limit=100`, { token });
      assert.is(listed.body.data.length, 30);
    }
  });

  test('two changes that both send the ETag they read: one applies, the other answers 412', async () => {
    const s = server();
    const token = s.adminToken;
    for (let round = 0; round < ROUNDS; round++) {
      const asset = await create(s, '/v1/assets', { hostname: `etag-race-${round}.example` });
      const etag = (await s.call('GET', `/v1/assets/${asset.id}`, { token })).headers.get('etag') as string;
      const change = (owner: string) =>
        s.call('PATCH', `/v1/assets/${asset.id}`, { token, body: { owner }, headers: { 'if-match': etag } });
      const both = await Promise.all([change('alice'), change('bob')]);
      assert.equal(statuses(...both), [200, 412], `round ${round}`);
      const applied = both.find((r) => r.status === 200);
      assert.is(both.find((r) => r.status === 412)?.body.etag, applied?.headers.get('etag'));
    }
  });
});
