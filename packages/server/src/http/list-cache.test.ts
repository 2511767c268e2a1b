import * as assert from 'uvu/assert';
import { forEachDatabase } from '../_test/harness.js';

const QUEUE = '/v1/alerts?status=new,acknowledged&min_severity=medium&limit=50';

forEachDatabase('cached alert lists', (test, server) => {
  test('a repeated list is the same answer until an alert changes, whoever changes it', async () => {
    const s = server();
    const token = s.adminToken;
    const created = await s.call('POST', '/v1/alerts', { token, body: { title: 'Beacon to rare domain', severity: 'high' } });
    const first = await s.call('GET', QUEUE, { token });
    const again = await s.call('GET', QUEUE, { token });
    assert.is(again.headers.get('etag'), first.headers.get('etag'));
    assert.equal(again.body, first.body);
    assert.match(again.headers.get('content-type') ?? '', /^application\/json/);
    assert.ok(first.body.data.some((a: { id: string }) => a.id === created.body.id));

    await s.call('PATCH', `/v1/alerts/${created.body.id}`, { token, body: { status: 'acknowledged' } });
    const moved = await s.call('GET', QUEUE, { token });
    assert.is.not(moved.headers.get('etag'), first.headers.get('etag'));
    assert.is(moved.body.data.find((a: { id: string }) => a.id === created.body.id).status, 'acknowledged');

    // A write that bypasses the server's services (another server process, a script): the
    // database's own version moves on.
    await s.services.deps.db('alerts').where('id', created.body.id).update({ title: 'Renamed outside' });
    const renamed = await s.call('GET', QUEUE, { token });
    assert.is(renamed.body.data.find((a: { id: string }) => a.id === created.body.id).title, 'Renamed outside');

    await s.call('DELETE', `/v1/alerts/${created.body.id}`, { token });
    const gone = await s.call('GET', QUEUE, { token });
    assert.not.ok(gone.body.data.some((a: { id: string }) => a.id === created.body.id));
  });

  test('a change the database makes itself (deleting an asset clears its alerts) is seen', async () => {
    const s = server();
    const token = s.adminToken;
    const asset = await s.call('POST', '/v1/assets', { token, body: { hostname: 'cache-host-1' } });
    assert.is(asset.status, 201, JSON.stringify(asset.body));
    const alert = await s.call('POST', '/v1/alerts', {
      token,
      body: { title: 'On a host', severity: 'critical', asset_id: asset.body.id },
    });
    const path = `/v1/alerts?asset_id=${asset.body.id}`;
    assert.is((await s.call('GET', '/v1/alerts?min_severity=critical', { token })).body.data[0].asset_id, asset.body.id);
    assert.is((await s.call('GET', path, { token })).body.data.length, 1);
    assert.is((await s.call('DELETE', `/v1/assets/${asset.body.id}`, { token })).status, 204);
    assert.is((await s.call('GET', path, { token })).body.data.length, 0);
    const after = await s.call('GET', '/v1/alerts?min_severity=critical', { token });
    assert.is(after.body.data.find((a: { id: string }) => a.id === alert.body.id).asset_id, null);
  });

  test('each query has its own answer; If-None-Match gets 304', async () => {
    const s = server();
    const token = s.adminToken;
    await s.call('POST', '/v1/alerts', { token, body: { title: 'Low one', severity: 'low' } });
    const all = await s.call('GET', '/v1/alerts?limit=50', { token });
    const medium = await s.call('GET', '/v1/alerts?limit=50&min_severity=medium', { token });
    assert.ok(all.body.data.some((a: { title: string }) => a.title === 'Low one'));
    assert.not.ok(medium.body.data.some((a: { title: string }) => a.title === 'Low one'));
    const etag = all.headers.get('etag') as string;
    // fetch adds `Cache-Control: no-cache` to a conditional request unless one is there, and a
    // server must answer that in full (as curl or a browser revalidating would not ask).
    const headers = { 'if-none-match': etag, 'cache-control': 'max-age=0' };
    const notModified = await s.call('GET', '/v1/alerts?limit=50', { token, headers });
    assert.is(notModified.status, 304);
    assert.is(notModified.body, undefined);
  });

  test('permissions are checked before the cache answers', async () => {
    const s = server();
    await s.call('GET', QUEUE, { token: s.adminToken });
    const noAlerts = await s.call('POST', '/v1/roles', {
      token: s.adminToken,
      body: { name: 'asset-reader', permissions: ['assets:read'] },
    });
    assert.is(noAlerts.status, 201, JSON.stringify(noAlerts.body));
    const token = await s.userToken('cache-outsider', ['asset-reader']);
    assert.is((await s.call('GET', QUEUE, { token })).status, 403);
    assert.is((await s.call('GET', QUEUE)).status, 401);
  });
});
