// Rules in the server: a rule set imported and imported again, rules enabled, tuned and silenced,
// and the pipeline raising grouped alerts with ATT&CK context from what it ingests.
import * as assert from 'uvu/assert';
import { forEachDatabase, type TestServer } from '../_test/harness.js';
import { waitFor } from '../_test/runtime-harness.js';

const rule = (level: string, extra = '') => `title: SSH failed password for root
id: 11111111-0000-4000-8000-000000000001
status: test
level: ${level}
author: Jane Doe (@jdoe)
description: Someone tries root's password over SSH.${extra}
tags:
  - attack.credential-access
  - attack.t1110.001
logsource:
  product: linux
  service: sshd
detection:
  keywords:
    - 'Failed password for root'
  condition: keywords
`;
const unsupported = `title: Uses a modifier nobody knows
id: 11111111-0000-4000-8000-000000000002
status: test
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    Image|sideways: x
  condition: selection
`;
const deprecated = `title: An old rule
id: 11111111-0000-4000-8000-000000000003
status: deprecated
logsource:
  product: linux
  service: sshd
detection:
  keywords:
    - 'Accepted password'
  condition: keywords
`;

const failed = (host: string, n: number) =>
  Array.from(
    { length: n },
    (_, i) => `Dec  3 05:00:0${i % 10} ${host} sshd[411]: Failed password for root from 10.0.0.9 port ${2000 + i} ssh2`,
  ).join('\n');

async function ingest(s: TestServer, text: string): Promise<void> {
  const res = await s.call('POST', '/v1/ingest', { token: s.adminToken, body: text, headers: { 'content-type': 'text/plain' } });
  assert.is(res.status, 200, JSON.stringify(res.body));
}

// biome-ignore lint/suspicious/noExplicitAny: alerts as the API answers them.
async function sigmaAlerts(s: TestServer): Promise<any[]> {
  const res = await s.call('GET', '/v1/alerts?source=sigma&limit=100', { token: s.adminToken });
  assert.is(res.status, 200);
  return res.body.data;
}

forEachDatabase('api: detection rules', (test, server) => {
  let ruleId = '';

  test('an import keeps every document: runnable rules enabled, deprecated ones disabled, refused ones with why', async () => {
    const s = server();
    const res = await s.call('POST', '/v1/rules', {
      token: s.adminToken,
      body: {
        rule_set: 'team',
        files: [
          { path: 'linux/ssh_root.yml', content: rule('medium') },
          { path: 'windows/odd.yml', content: unsupported },
          { path: 'linux/old.yml', content: deprecated },
        ],
      },
    });
    assert.is(res.status, 200, JSON.stringify(res.body));
    assert.equal(
      { ...res.body, refused: res.body.refused.length },
      { rule_set: 'team', version: 1, added: 3, changed: 0, removed: 0, unchanged: 0, refused: 1 },
    );
    assert.match(res.body.refused[0].reason, /sideways/);

    const list = await s.call('GET', '/v1/rules?rule_set=team', { token: s.adminToken });
    const byTitle = Object.fromEntries(list.body.data.map((r: { title: string }) => [r.title, r]));
    const ssh = byTitle['SSH failed password for root'];
    ruleId = ssh.id;
    assert.equal([ssh.enabled, ssh.severity, ssh.author, ssh.kind, ssh.version], [true, 'medium', 'Jane Doe (@jdoe)', 'rule', 1]);
    assert.equal(ssh.logsource, { product: 'linux', service: 'sshd' });
    assert.is(byTitle['An old rule'].enabled, false);
    assert.is(byTitle['Uses a modifier nobody knows'].enabled, false);
    assert.match(byTitle['Uses a modifier nobody knows'].refused, /sideways/);

    const refused = await s.call('GET', '/v1/rules?runnable=false', { token: s.adminToken });
    assert.equal(
      refused.body.data.map((r: { title: string }) => r.title),
      ['Uses a modifier nobody knows'],
    );
    const tagged = await s.call('GET', '/v1/rules?tag=attack.t1110.001', { token: s.adminToken });
    assert.equal(
      tagged.body.data.map((r: { id: string }) => r.id),
      [ruleId],
    );
    const sets = await s.call('GET', '/v1/rule-sets', { token: s.adminToken });
    assert.equal(sets.body.data, [
      { name: 'team', version: 1, rules: 3, enabled: 1, refused: 1, imported_at: sets.body.data[0].imported_at },
    ]);
  });

  test('ingested events raise one alert per rule and host, with ATT&CK names, the author, and every event counted', async () => {
    const s = server();
    await ingest(s, `${failed('web1', 5)}\nDec  3 05:00:09 web1 sshd[411]: Accepted password for bob from 10.0.0.9 port 2 ssh2`);
    await ingest(s, failed('web1', 3));
    await ingest(s, failed('db1', 2));
    let alerts: Awaited<ReturnType<typeof sigmaAlerts>> = [];
    await waitFor(async () => {
      alerts = await sigmaAlerts(s);
      return alerts.reduce((n, a) => n + a.event_count, 0) === 10;
    }, 'ten hits raised');
    assert.is(alerts.length, 2, 'one alert per host');
    const web1 = alerts.find((a) => a.events[0].host === 'web1');
    assert.is(web1.event_count, 8);
    assert.is(web1.events.length, 8);
    assert.equal(
      [web1.title, web1.severity, web1.rule_id, web1.rule, web1.rule_author, web1.alert_type],
      ['SSH failed password for root', 'medium', ruleId, '11111111-0000-4000-8000-000000000001', 'Jane Doe (@jdoe)', 'sigma'],
    );
    assert.equal(web1.technique_ids, ['T1110.001']);
    assert.equal(web1.tactics, ['Credential Access']);
    assert.match(web1.events[0].message, /Failed password for root/);
  });

  test("an exception silences the rule on its hosts until it expires; a level override sets new alerts' severity", async () => {
    const s = server();
    const bad = await s.call('POST', `/v1/rules/${ruleId}/exceptions`, { token: s.adminToken, body: { match: {}, reason: 'x' } });
    assert.is(bad.status, 400);
    const ex = await s.call('POST', `/v1/rules/${ruleId}/exceptions`, {
      token: s.adminToken,
      body: { match: { 'host.name': ['build-*'] }, reason: 'CI runners try root on purpose' },
    });
    assert.is(ex.status, 201, JSON.stringify(ex.body));
    assert.is(ex.body.owner, 'admin');
    const past = await s.call('POST', `/v1/rules/${ruleId}/exceptions`, {
      token: s.adminToken,
      body: { match: { 'host.name': ['mail1'] }, reason: 'was noisy last month', expires_at: '2020-01-01T00:00:00Z' },
    });
    assert.equal([past.status, past.body.issues?.[0]?.path], [400, ['expires_at']], 'born expired: refused');
    const blank = await s.call('POST', `/v1/rules/${ruleId}/exceptions`, {
      token: s.adminToken,
      body: { match: { 'host.name': ['x'] }, reason: '   ' },
    });
    assert.is(blank.status, 400, 'a reason of spaces is no reason');
    // One that has expired since it was made (written as the service would have, a while ago).
    await s.services.deps.repos.rules.insertException(s.db, {
      id: 'expired-exception',
      rule_id: ruleId,
      match: { 'host.name': ['mail1'] },
      reason: 'was noisy last month',
      owner: 'admin',
      expires_at: '2020-01-01T00:00:00.000Z',
      created_at: '2019-12-01T00:00:00.000Z',
    });
    s.runtime.pipeline.rulesChanged();
    const override = await s.call('PATCH', `/v1/rules/${ruleId}`, { token: s.adminToken, body: { level_override: 'critical' } });
    assert.equal([override.status, override.body.severity, override.body.level], [200, 'critical', 'medium']);

    await ingest(s, `${failed('build-7', 4)}\n${failed('mail1', 1)}`);
    await waitFor(async () => (await sigmaAlerts(s)).some((a) => a.events[0].host === 'mail1'), 'mail1 alert');
    const alerts = await sigmaAlerts(s);
    assert.not.ok(
      alerts.some((a) => a.events[0].host === 'build-7'),
      'the exception silenced build-7',
    );
    assert.is(alerts.find((a) => a.events[0].host === 'mail1').severity, 'critical');

    const detail = await s.call('GET', '/v1/rules/11111111-0000-4000-8000-000000000001', { token: s.adminToken });
    assert.is(detail.status, 200);
    assert.is(detail.body.id, ruleId, 'found by its Sigma id');
    assert.is(detail.body.exceptions.length, 2);
    assert.match(detail.body.yaml, /Failed password for root/);
    assert.is(detail.body.description, "Someone tries root's password over SSH.");
    const gone = await s.call('DELETE', `/v1/rules/${ruleId}/exceptions/${ex.body.id}`, { token: s.adminToken });
    assert.is(gone.status, 204);
    const again = await s.call('DELETE', `/v1/rules/${ruleId}/exceptions/${ex.body.id}`, { token: s.adminToken });
    assert.equal([again.status, again.body.code], [404, 'RULE_EXCEPTION_NOT_FOUND']);
  });

  test('a disabled rule raises nothing, and a new import keeps that choice while counting what changed', async () => {
    const s = server();
    const off = await s.call('PATCH', '/v1/rules', {
      token: s.adminToken,
      body: { filter: { tag: ['attack.t1110.001'] }, enabled: false },
    });
    assert.equal(off.body, { updated: 1 });
    const before = (await sigmaAlerts(s)).length;
    const changedSet = {
      rule_set: 'team',
      files: [
        { path: 'linux/ssh_root.yml', content: rule('high', ' Changed.') },
        { path: 'linux/old.yml', content: deprecated },
      ],
    };
    await ingest(s, failed('web9', 2));
    // A later batch on a host that no rule silences proves the first was run with the rule off.
    const imported = await s.call('POST', '/v1/rules', {
      token: s.adminToken,
      body: changedSet,
    });
    assert.equal(
      { ...imported.body, refused: imported.body.refused.length },
      { rule_set: 'team', version: 2, added: 0, changed: 1, removed: 1, unchanged: 1, refused: 0 },
    );
    const detail = await s.call('GET', `/v1/rules/${ruleId}`, { token: s.adminToken });
    assert.equal([detail.body.enabled, detail.body.level, detail.body.level_override, detail.body.version], [false, 'high', 'critical', 2]);
    const same = await s.call('POST', '/v1/rules', {
      token: s.adminToken,
      body: changedSet,
    });
    assert.equal([same.body.version, same.body.unchanged, same.body.changed], [2, 2, 0]);
    await s.call('PATCH', `/v1/rules/${ruleId}`, { token: s.adminToken, body: { enabled: true } });
    await ingest(s, failed('web10', 1));
    await waitFor(async () => (await sigmaAlerts(s)).some((a) => a.events[0].host === 'web10'), 'web10 alert');
    assert.not.ok((await sigmaAlerts(s)).some((a) => a.events[0].host === 'web9'));
    assert.is((await sigmaAlerts(s)).length, before + 1);
  });

  test('one event id twice in a batch (a sender that repeats itself) raises once and does not stop the pipeline', async () => {
    const s = server();
    const time = new Date().toISOString();
    const hit = {
      rule_id: ruleId,
      event_id: 'twice-1',
      time,
      host: 'twice-host',
      asset_id: null,
      events: [{ id: 'twice-1', '@timestamp': time }],
    };
    const raised = await s.services.detections.raise([hit, { ...hit }]);
    assert.is(raised.opened.length, 1);
    assert.is(raised.opened[0]?.event_count, 1);
    const again = await s.services.detections.raise([hit]);
    assert.equal([again.opened.length, again.updated.length], [0, 0], 'raised before: nothing more');
  });

  test('a hit gathers into an alert within an hour of its span, before it as well as after it', async () => {
    const s = server();
    const at = (hours: number) => new Date(Date.parse('2026-11-01T12:00:00Z') + hours * 3_600_000).toISOString();
    const hit = (id: string, hours: number) => ({
      rule_id: ruleId,
      event_id: id,
      time: at(hours),
      host: 'span-host',
      asset_id: null,
      events: [{ id, '@timestamp': at(hours) }],
    });
    const [first] = (await s.services.detections.raise([hit('s1', 0)])).opened;
    const earlier = await s.services.detections.raise([hit('s2', -0.5)]);
    assert.equal(
      earlier.updated.map((a) => [a.id, a.event_count, a.first_seen_at]),
      [[first?.id, 2, at(-0.5)]],
    );
    const farBefore = await s.services.detections.raise([hit('s3', -3)]);
    assert.is(farBefore.opened.length, 1, 'three hours before the span: an alert of its own');
    const later = await s.services.detections.raise([hit('s4', 0.75)]);
    assert.equal(
      later.updated.map((a) => a.id),
      [first?.id],
    );
  });

  test('POST /v1/rules/test runs rules on events without storing anything', async () => {
    const s = server();
    const res = await s.call('POST', '/v1/rules/test', {
      token: s.adminToken,
      body: { rules: `${rule('low')}---\n${unsupported}`, events: [failed('x1', 1), 'nothing to see', failed('x2', 1)] },
    });
    assert.is(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.hits, [
      { sigma_id: '11111111-0000-4000-8000-000000000001', title: 'SSH failed password for root', level: 'low', events: [0, 2] },
    ]);
    assert.is(res.body.refused.length, 1);
  });

  test('bad input is a 4xx problem, and a viewer reads rules but cannot change them', async () => {
    const s = server();
    const viewer = await s.userToken('rules-viewer', ['viewer']);
    assert.is((await s.call('GET', '/v1/rules', { token: viewer })).status, 200);
    const test = await s.call('POST', '/v1/rules/test', { token: viewer, body: { rules: rule('low'), events: ['x'] } });
    assert.is(test.status, 403, 'a rule test runs its regular expressions on the server: rules:write');
    const denied = await s.call('PATCH', `/v1/rules/${ruleId}`, { token: viewer, body: { enabled: false } });
    assert.equal([denied.status, denied.body.code], [403, 'PERMISSION_DENIED']);
    const missing = await s.call('GET', '/v1/rules/no-such-rule', { token: s.adminToken });
    assert.equal([missing.status, missing.body.code], [404, 'RULE_NOT_FOUND']);
    const badName = await s.call('POST', '/v1/rules', {
      token: s.adminToken,
      body: { rule_set: 'Bad Name', files: [{ path: 'a.yml', content: rule('low') }] },
    });
    assert.is(badName.status, 400);
    const refusedRule = (await s.call('GET', '/v1/rules?runnable=false', { token: s.adminToken })).body.data;
    assert.is(refusedRule.length, 0, 'the refused rule went with the last import');
    const twice = await s.call('POST', '/v1/rules', {
      token: s.adminToken,
      body: {
        rule_set: 'twice',
        files: [
          { path: 'same.yml', content: 'title: One\nlogsource: {product: linux}\ndetection: {k: [one], condition: k}\n' },
          { path: 'same.yml', content: 'title: Two\nlogsource: {product: linux}\ndetection: {k: [two], condition: k}\n' },
        ],
      },
    });
    assert.equal([twice.status, twice.body.added], [200, 2], 'a path given twice keeps both rules');
    const fixed = await s.call('POST', '/v1/rules', {
      token: s.adminToken,
      body: { rule_set: 'fixed', files: [{ path: 'odd.yml', content: unsupported }] },
    });
    assert.is(fixed.body.refused.length, 1);
    const runs = await s.call('POST', '/v1/rules', {
      token: s.adminToken,
      body: { rule_set: 'fixed', files: [{ path: 'odd.yml', content: unsupported.replace('Image|sideways', 'Image|endswith') }] },
    });
    assert.equal([runs.body.changed, runs.body.refused.length], [1, 0]);
    const now = await s.call('GET', '/v1/rules?rule_set=fixed', { token: s.adminToken });
    assert.equal(
      [now.body.data[0].enabled, now.body.data[0].refused],
      [true, null],
      'a refused rule that now runs is enabled, as a new one would be',
    );
    const alias = await s.call('POST', '/v1/rules/test', { token: s.adminToken, body: { rules: '*sn&+', events: ['x'] } });
    assert.equal([alias.status, alias.body.refused?.length], [200, 1], 'YAML that is not data is a refused rule, not a 500');
    const removable = await s.call('DELETE', '/v1/rule-sets/twice', { token: s.adminToken });
    assert.is(removable.status, 204);
    assert.is((await s.call('GET', '/v1/rules?rule_set=twice', { token: s.adminToken })).body.data.length, 0, 'its rules went with it');
    const gone = await s.call('DELETE', '/v1/rule-sets/twice', { token: s.adminToken });
    assert.equal([gone.status, gone.body.code], [404, 'RULE_SET_NOT_FOUND']);
    const notYaml = await s.call('POST', '/v1/rules', {
      token: s.adminToken,
      body: { rule_set: 'junk', files: [{ path: 'a.yml', content: 'title: [unclosed' }] },
    });
    assert.is(notYaml.status, 200);
    assert.match(notYaml.body.refused[0].reason, /not YAML/);
  });
});
