import * as assert from 'uvu/assert';
import { forEachDatabase } from '../_test/harness.js';

forEachDatabase('assets', (test, server) => {
  test('creates, reads, updates and deletes an asset', async () => {
    const s = server();
    const token = s.adminToken;
    const created = await s.call('POST', '/v1/assets', {
      token,
      body: {
        hostname: 'web-01.example.com',
        ip_addresses: ['10.0.0.5', '2001:db8::5'],
        criticality: 'high',
        exposure: 'internet',
        tags: ['prod', 'web'],
        business_value: 80,
      },
    });
    assert.is(created.status, 201);
    assert.is(created.body.hostname, 'web-01.example.com');
    assert.equal(created.body.ip_addresses, ['10.0.0.5', '2001:db8::5']);
    assert.equal(created.body.tags, ['prod', 'web']);
    assert.is(created.body.external_id, null);
    const id = created.body.id;
    const got = await s.call('GET', `/v1/assets/${id}`, { token });
    assert.equal(got.body, created.body);
    const updated = await s.call('PATCH', `/v1/assets/${id}`, { token, body: { owner: 'platform', tags: ['prod'] } });
    assert.is(updated.status, 200);
    assert.is(updated.body.owner, 'platform');
    assert.equal(updated.body.tags, ['prod']);
    assert.is(updated.body.criticality, 'high');
    assert.is((await s.call('DELETE', `/v1/assets/${id}`, { token })).status, 204);
    const gone = await s.call('GET', `/v1/assets/${id}`, { token });
    assert.is(gone.status, 404);
    assert.is(gone.body.code, 'ASSET_NOT_FOUND');
  });

  test('validates assets with every issue listed', async () => {
    const s = server();
    const res = await s.call('POST', '/v1/assets', {
      token: s.adminToken,
      body: { hostname: 'bad host!', ip_addresses: ['999.1.1.1'], criticality: 'extreme' },
    });
    assert.is(res.status, 400);
    assert.is(res.body.code, 'VALIDATION_FAILED');
    const paths = res.body.issues.map((i: { path: unknown[] }) => i.path.join('.'));
    assert.ok(paths.includes('hostname'));
    assert.ok(paths.includes('criticality'));
    assert.ok(paths.some((p: string) => p.startsWith('ip_addresses')));
    const empty = await s.call('POST', '/v1/assets', { token: s.adminToken, body: { os: 'Linux' } });
    assert.is(empty.status, 400);
  });

  test('refuses a second asset with the same identity', async () => {
    const s = server();
    const body = { external_id: 'cmdb-1', hostname: 'dup.example.com' };
    assert.is((await s.call('POST', '/v1/assets', { token: s.adminToken, body })).status, 201);
    const again = await s.call('POST', '/v1/assets', { token: s.adminToken, body });
    assert.is(again.status, 409);
    assert.is(again.body.code, 'ASSET_EXISTS');
  });

  test('bulk upserts 10,000 assets idempotently', async () => {
    const s = server();
    const items = Array.from({ length: 10_000 }, (_, i) => ({
      external_id: `bulk-${i}`,
      hostname: `host-${i}.bulk.example`,
      ip_addresses: [`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`],
      criticality: (['low', 'medium', 'high', 'critical'] as const)[i % 4],
      tags: i % 2 ? ['bulk', 'odd'] : ['bulk'],
    }));
    const first = await s.call('POST', '/v1/assets/bulk', { token: s.adminToken, body: { items } });
    assert.is(first.status, 200);
    assert.equal(first.body, { created: 10_000, updated: 0, failed: [] });
    const second = await s.call('POST', '/v1/assets/bulk', { token: s.adminToken, body: { items } });
    assert.equal(second.body, { created: 0, updated: 10_000, failed: [] });
    const count = await s.services.deps.db('assets').where('natural_key', 'like', 'ext:bulk-%').count({ n: '*' });
    assert.is(Number(count[0]?.n), 10_000);
    const tagged = await s.call('GET', '/v1/assets?tag=bulk,odd&limit=1000', { token: s.adminToken });
    assert.is(tagged.body.data.length, 1000);
    assert.ok(tagged.body.next_cursor);
  });

  test('bulk reports bad items by index and keeps the good ones', async () => {
    const s = server();
    const res = await s.call('POST', '/v1/assets/bulk', {
      token: s.adminToken,
      body: {
        items: [
          { hostname: 'ok-1.example' },
          { hostname: 'bad host' },
          'not an object',
          { hostname: 'ok-2.example', criticality: 'nope' },
          { hostname: 'ok-3.example' },
        ],
      },
    });
    assert.is(res.status, 200);
    assert.is(res.body.created, 2);
    assert.equal(
      res.body.failed.map((f: { index: number }) => f.index),
      [1, 2, 3],
    );
    assert.is(res.body.failed[0].code, 'VALIDATION_FAILED');
    assert.match(res.body.failed[0].error, /hostname/);
  });

  test('rejects more than 10,000 items in one request', async () => {
    const s = server();
    const items = Array.from({ length: 10_001 }, (_, i) => ({ hostname: `h${i}.example` }));
    const res = await s.call('POST', '/v1/assets/bulk', { token: s.adminToken, body: { items } });
    assert.is(res.status, 400);
    assert.is(res.body.issues[0].path[0], 'items');
  });

  test('filters by criticality, exposure, tag and free text', async () => {
    const s = server();
    const token = s.adminToken;
    await s.call('POST', '/v1/assets/bulk', {
      token,
      body: {
        items: [
          { hostname: 'fw-edge.filter.example', criticality: 'critical', exposure: 'internet', tags: ['filter-test', 'edge'] },
          { hostname: 'db-core.filter.example', criticality: 'critical', exposure: 'internal', tags: ['filter-test'] },
          { hostname: 'laptop.filter.example', criticality: 'low', exposure: 'internal', tags: ['filter-test'], owner: 'Jane' },
        ],
      },
    });
    const list = async (q: string) =>
      (await s.call('GET', `/v1/assets?tag=filter-test&${q}`, { token })).body.data.map((a: { hostname: string }) => a.hostname).sort();
    assert.equal(await list('criticality=critical'), ['db-core.filter.example', 'fw-edge.filter.example']);
    assert.equal(await list('exposure=internet'), ['fw-edge.filter.example']);
    assert.equal(await list('tag=edge'), ['fw-edge.filter.example']);
    assert.equal(await list('q=LAPTOP'), ['laptop.filter.example']);
    assert.equal(await list('owner=Jane'), ['laptop.filter.example']);
    assert.equal(await list('sort=criticality&limit=1'), ['laptop.filter.example']);
    const bad = await s.call('GET', '/v1/assets?criticality=extreme', { token });
    assert.is(bad.status, 400);
    assert.is(bad.body.issues[0].path[0], 'criticality');
  });

  test('asset groups: static members and saved filters, resolved', async () => {
    const s = server();
    const token = s.adminToken;
    const a = (await s.call('POST', '/v1/assets', { token, body: { hostname: 'g1.group.example', tags: ['grp'], exposure: 'internet' } }))
      .body;
    const b = (await s.call('POST', '/v1/assets', { token, body: { hostname: 'g2.group.example', tags: ['grp'] } })).body;
    const fixed = await s.call('POST', '/v1/asset-groups', { token, body: { name: 'Two hosts', asset_ids: [a.id, b.id] } });
    assert.is(fixed.status, 201);
    assert.is(fixed.body.kind, 'static');
    assert.is(fixed.body.member_count, 2);
    const dynamic = await s.call('POST', '/v1/asset-groups', {
      token,
      body: { name: 'Exposed grp', filter: { tag: ['grp'], exposure: 'internet' } },
    });
    assert.is(dynamic.body.kind, 'dynamic');
    assert.is(dynamic.body.member_count, 1);
    const members = await s.call('GET', `/v1/asset-groups/${dynamic.body.id}/members`, { token });
    assert.equal(
      members.body.data.map((m: { id: string }) => m.id),
      [a.id],
    );
    const removed = await s.call('PATCH', `/v1/asset-groups/${fixed.body.id}`, { token, body: { remove_asset_ids: [a.id] } });
    assert.is(removed.body.member_count, 1);
    const staticMembers = await s.call('GET', `/v1/asset-groups/${fixed.body.id}/members`, { token });
    assert.equal(
      staticMembers.body.data.map((m: { id: string }) => m.id),
      [b.id],
    );
    const unknown = await s.call('POST', '/v1/asset-groups', { token, body: { name: 'Ghosts', asset_ids: ['no-such-asset'] } });
    assert.is(unknown.status, 400);
    assert.is(unknown.body.code, 'ASSET_GROUP_MEMBER_UNKNOWN');
    const dup = await s.call('POST', '/v1/asset-groups', { token, body: { name: 'Two hosts' } });
    assert.is(dup.status, 409);
    assert.is(dup.body.code, 'ASSET_GROUP_EXISTS');
    const wrongKind = await s.call('PATCH', `/v1/asset-groups/${dynamic.body.id}`, { token, body: { add_asset_ids: [b.id] } });
    assert.is(wrongKind.status, 400);
    assert.is((await s.call('DELETE', `/v1/asset-groups/${fixed.body.id}`, { token })).status, 204);
    assert.is((await s.call('GET', `/v1/asset-groups/${fixed.body.id}`, { token })).body.code, 'ASSET_GROUP_NOT_FOUND');
  });

  test('asset types are a name-keyed catalog', async () => {
    const s = server();
    const token = s.adminToken;
    const created = await s.call('POST', '/v1/asset-types', { token, body: { name: 'container', description: 'OCI container' } });
    assert.is(created.status, 201);
    assert.is((await s.call('POST', '/v1/asset-types', { token, body: { name: 'container' } })).body.code, 'ASSET_TYPE_EXISTS');
    const list = await s.call('GET', '/v1/asset-types', { token });
    assert.ok(list.body.data.some((t: { name: string }) => t.name === 'container'));
    const patched = await s.call('PATCH', `/v1/asset-types/${created.body.id}`, { token, body: { description: 'Container' } });
    assert.is(patched.body.description, 'Container');
    assert.is((await s.call('DELETE', `/v1/asset-types/${created.body.id}`, { token })).status, 204);
  });

  test('every change lands in the audit log', async () => {
    const s = server();
    const created = await s.call('POST', '/v1/assets', { token: s.adminToken, body: { hostname: 'audited.example' } });
    const audit = await s.call('GET', `/v1/audit?target_type=asset&target_id=${created.body.id}`, { token: s.adminToken });
    assert.is(audit.body.data.length, 1);
    assert.is(audit.body.data[0].action, 'asset.create');
    assert.is(audit.body.data[0].actor, 'admin');
    assert.ok(audit.body.data[0].request_id);
  });
});
