import { AlertCreate, severityRank } from '@secai/core';
import * as assert from 'uvu/assert';
import { forEachDatabase, type TestServer } from '../_test/harness.js';

async function walk(s: TestServer, path: string): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res = await s.call('GET', `${path}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`, { token: s.adminToken });
    assert.is(res.status, 200, JSON.stringify(res.body));
    ids.push(...res.body.data.map((a: { id: string }) => a.id));
    cursor = res.body.next_cursor;
    pages++;
  } while (cursor);
  return { ids, pages };
}

forEachDatabase('alerts', (test, server) => {
  test('creates an alert from just a title and severity', async () => {
    const s = server();
    const res = await s.call('POST', '/v1/alerts', { token: s.adminToken, body: { title: 'Suspicious login', severity: 'high' } });
    assert.is(res.status, 201);
    assert.is(res.body.status, 'new');
    assert.equal(res.body.technique_ids, []);
    assert.is(res.body.first_seen_at, res.body.last_seen_at);
    assert.match(res.body.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  test('walks the status workflow and rejects illegal moves', async () => {
    const s = server();
    const token = s.adminToken;
    const { body: alert } = await s.call('POST', '/v1/alerts', { token, body: { title: 'Workflow', severity: 'medium' } });
    const move = (status: string, extra: object = {}) => s.call('PATCH', `/v1/alerts/${alert.id}`, { token, body: { status, ...extra } });
    const ack = await move('acknowledged');
    assert.is(ack.status, 200);
    assert.ok(ack.body.acknowledged_at);
    assert.is((await move('investigating')).body.status, 'investigating');
    const resolved = await move('resolved', { comment: 'patched the host' });
    assert.ok(resolved.body.resolved_at);
    const illegal = await move('investigating');
    assert.is(illegal.status, 409);
    assert.is(illegal.body.code, 'ALERT_TRANSITION_INVALID');
    assert.equal(illegal.body.allowed, ['acknowledged']);
    const reopened = await move('acknowledged');
    assert.is(reopened.body.status, 'acknowledged');
    assert.is(reopened.body.resolved_at, null);
    const backToNew = await move('new');
    assert.is(backToNew.status, 409);
    const comments = await s.call('GET', `/v1/alerts/${alert.id}/comments`, { token });
    assert.equal(
      comments.body.data.map((c: { body: string }) => c.body),
      ['patched the host'],
    );
    const audit = await s.call('GET', `/v1/audit?target_type=alert&target_id=${alert.id}&action=alert.update`, { token });
    assert.is(audit.body.data.length, 4);
    assert.equal(audit.body.data[0].details.to, 'acknowledged');
  });

  test('assigns to a user, rejects unknown users and assets', async () => {
    const s = server();
    const token = s.adminToken;
    const me = (await s.call('GET', '/v1/me', { token })).body;
    const { body: alert } = await s.call('POST', '/v1/alerts', { token, body: { title: 'Assign me', severity: 'low' } });
    const assigned = await s.call('PATCH', `/v1/alerts/${alert.id}`, { token, body: { assignee_id: me.id } });
    assert.is(assigned.body.assignee_id, me.id);
    const mine = await s.call('GET', `/v1/alerts?assignee_id=${me.id}`, { token });
    assert.ok(mine.body.data.some((a: { id: string }) => a.id === alert.id));
    const badUser = await s.call('PATCH', `/v1/alerts/${alert.id}`, { token, body: { assignee_id: 'nobody' } });
    assert.is(badUser.status, 400);
    assert.is(badUser.body.issues[0].path[0], 'assignee_id');
    const badAsset = await s.call('POST', '/v1/alerts', { token, body: { title: 'x', severity: 'low', asset_id: 'nothing' } });
    assert.is(badAsset.status, 400);
    assert.is((await s.call('GET', '/v1/alerts/nothing', { token })).body.code, 'ALERT_NOT_FOUND');
  });

  test('comments, and validates technique ids', async () => {
    const s = server();
    const token = s.adminToken;
    const { body: alert } = await s.call('POST', '/v1/alerts', {
      token,
      body: { title: 'Commented', severity: 'info', technique_ids: ['T1059.001'] },
    });
    const c = await s.call('POST', `/v1/alerts/${alert.id}/comments`, { token, body: { body: 'looking' } });
    assert.is(c.status, 201);
    assert.is(c.body.author, 'admin');
    const bad = await s.call('POST', '/v1/alerts', { token, body: { title: 'x', severity: 'low', technique_ids: ['T59'] } });
    assert.is(bad.status, 400);
    assert.equal(bad.body.issues[0].path, ['technique_ids', 0]);
  });

  test('pages 1,200 alerts without duplicates or gaps, in every sort', async () => {
    const s = server();
    const severities = ['info', 'low', 'medium', 'high', 'critical'] as const;
    const inputs = Array.from({ length: 1200 }, (_, i) =>
      AlertCreate.parse({
        title: `Paged alert ${String(i).padStart(4, '0')}`,
        severity: severities[i % 5] as (typeof severities)[number],
        source: 'pager',
        tags: ['paged'],
        last_seen_at: new Date(Date.UTC(2026, 0, 1) + (i % 37) * 60_000).toISOString(),
      }),
    );
    await s.services.alerts.createMany({ actor: null, ip: null, requestId: null, userAgent: null }, inputs);
    for (const sort of ['-created_at', 'created_at', '-severity', 'title', '-last_seen_at']) {
      const { ids, pages } = await walk(s, `/v1/alerts?source=pager&limit=100&sort=${sort}`);
      assert.is(ids.length, 1200, sort);
      assert.is(new Set(ids).size, 1200, sort);
      assert.is(pages, 12, sort);
    }
    const bySeverity = (await s.call('GET', '/v1/alerts?source=pager&sort=-severity&limit=300', { token: s.adminToken })).body.data;
    const ranks = bySeverity.map((a: { severity: (typeof severities)[number] }) => severityRank(a.severity));
    assert.equal(
      ranks,
      [...ranks].sort((a: number, b: number) => b - a),
    );
  });

  test('filters by status, severity, tag, time range and text', async () => {
    const s = server();
    const token = s.adminToken;
    const mk = (title: string, severity: string, extra: object = {}) =>
      s.call('POST', '/v1/alerts', { token, body: { title, severity, tags: ['filtered'], ...extra } });
    const a = (await mk('Filter alpha brute force', 'critical')).body;
    const b = (await mk('Filter beta', 'low')).body;
    await s.call('PATCH', `/v1/alerts/${b.id}`, { token, body: { status: 'acknowledged' } });
    const titles = async (q: string) =>
      (await s.call('GET', `/v1/alerts?tag=filtered&${q}`, { token })).body.data.map((x: { title: string }) => x.title);
    assert.equal(await titles('status=acknowledged'), ['Filter beta']);
    assert.equal(await titles('status=new,acknowledged&severity=critical'), ['Filter alpha brute force']);
    assert.equal(await titles('min_severity=high'), ['Filter alpha brute force']);
    assert.equal(await titles('q=BRUTE'), ['Filter alpha brute force']);
    assert.equal((await titles(`since=${encodeURIComponent(a.created_at)}`)).length, 2);
    assert.equal(await titles('until=2000-01-01T00:00:00Z'), []);
    const bad = await s.call('GET', '/v1/alerts?status=open', { token });
    assert.is(bad.status, 400);
    assert.is(bad.body.issues[0].path[0], 'status');
    const badCursor = await s.call('GET', '/v1/alerts?cursor=garbage', { token });
    assert.is(badCursor.body.code, 'CURSOR_INVALID');
    const badSort = await s.call('GET', '/v1/alerts?sort=-nope', { token });
    assert.is(badSort.status, 400);
  });

  test('alert types are a name-keyed catalog', async () => {
    const s = server();
    const token = s.adminToken;
    const created = await s.call('POST', '/v1/alert-types', { token, body: { name: 'phishing', default_severity: 'high' } });
    assert.is(created.status, 201);
    assert.is((await s.call('POST', '/v1/alert-types', { token, body: { name: 'phishing' } })).body.code, 'ALERT_TYPE_EXISTS');
    assert.is((await s.call('GET', `/v1/alert-types/${created.body.id}`, { token })).body.default_severity, 'high');
  });
});
