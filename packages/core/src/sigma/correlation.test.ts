import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import type { LogEvent } from '../events/event.js';
import { type CompiledRule, compileRule } from './compile.js';
import { asCorrelation, Correlator, timespanMs } from './correlation.js';
import { RuleRefused } from './errors.js';
import { readRules } from './rule.js';

function securityRule(name: string, eventId: number): CompiledRule {
  const [r] = readRules(
    `title: ${name}\nname: ${name}\nid: 00000000-0000-0000-0000-00000000000${eventId % 10}\nlogsource:\n  product: windows\n  service: security\ndetection:\n  s:\n    EventID: ${eventId}\n  condition: s`,
  );
  return compileRule(r as NonNullable<typeof r>);
}
const failed = securityRule('failed_logon', 4625);
const success = securityRule('successful_logon', 4624);
const created = securityRule('user_created', 4720);

function logon(eventId: number, data: Record<string, string>): LogEvent {
  return { winlog: { channel: 'Security', event_id: String(eventId), event_data: data } } as unknown as LogEvent;
}
const correlation = (yaml: string) => asCorrelation(parse(`title: c\nid: c1\nlevel: high\ncorrelation:\n${yaml}`));
const MIN = 60_000;

test('timespans: s, m, h, d; anything else refused', () => {
  assert.equal(['30s', '5m', '2h', '1d'].map(timespanMs), [30_000, 300_000, 7_200_000, 86_400_000]);
  assert.throws(
    () => timespanMs('5 minutes'),
    (err: unknown) => err instanceof RuleRefused,
  );
});

test('event_count: N hits of the group within the span fire once, and the group starts again', () => {
  const c = correlation('  type: event_count\n  rules: [failed_logon]\n  group-by: [IpAddress]\n  timespan: 5m\n  condition:\n    gte: 3');
  const engine = new Correlator([c]);
  const from = (ip: string) => logon(4625, { IpAddress: ip, TargetUserName: 'bob' });
  const fired = [0, 1, 2, 3, 4, 5].map((i) => engine.observe(failed, from('10.0.0.9'), i * MIN).length);
  assert.equal(fired, [0, 0, 1, 0, 0, 1]);
  const [hit] = engine
    .observe(failed, from('10.0.0.9'), 6 * MIN)
    .concat(engine.observe(failed, from('10.0.0.9'), 7 * MIN), engine.observe(failed, from('10.0.0.9'), 8 * MIN));
  assert.equal([hit?.group, hit?.count, hit?.events.length], [{ IpAddress: '10.0.0.9' }, 3, 3]);
});

test('event_count: hits older than the span fall out; other groups count apart; a hit without the group field is not counted', () => {
  const c = correlation('  type: event_count\n  rules: [failed_logon]\n  group-by: [IpAddress]\n  timespan: 5m\n  condition:\n    gt: 2');
  const engine = new Correlator([c]);
  const a = logon(4625, { IpAddress: '10.0.0.1' });
  const b = logon(4625, { IpAddress: '10.0.0.2' });
  assert.equal(
    [
      engine.observe(failed, a, 0),
      engine.observe(failed, b, MIN),
      engine.observe(failed, a, 6 * MIN),
      engine.observe(failed, a, 7 * MIN),
    ].map((h) => h.length),
    [0, 0, 0, 0],
    'the first hit of 10.0.0.1 is 7 minutes old by the third',
  );
  assert.is(engine.observe(failed, logon(4625, {}), 7 * MIN).length, 0);
  assert.is(engine.observe(failed, a, 8 * MIN).length, 1);
});

test('value_count: a password spray, one source trying many accounts', () => {
  const c = correlation(
    '  type: value_count\n  rules: [failed_logon]\n  group-by: [WorkstationName]\n  timespan: 1m\n  condition:\n    field: TargetUserName\n    gte: 4',
  );
  const engine = new Correlator([c]);
  const tries = ['alice', 'ALICE', 'bob', 'bob', 'carol', 'dave'].map((user, i) =>
    engine.observe(failed, logon(4625, { WorkstationName: 'WS5', TargetUserName: user }), i * 1_000),
  );
  assert.equal(
    tries.map((h) => h.length),
    [0, 0, 0, 0, 0, 1],
    'values count case-insensitively',
  );
  assert.equal(tries[5]?.[0]?.count, 4);
});

test('temporal: every rule within the span, in any order, for the same group (aliases name each rule’s field)', () => {
  const c = correlation(
    '  type: temporal\n  rules: [failed_logon, successful_logon]\n  group-by: [user]\n  timespan: 10m\n  aliases:\n    user:\n      failed_logon: TargetUserName\n      successful_logon: TargetUserName',
  );
  const engine = new Correlator([c]);
  assert.is(engine.observe(success, logon(4624, { TargetUserName: 'bob' }), 0).length, 0);
  assert.is(engine.observe(failed, logon(4625, { TargetUserName: 'alice' }), MIN).length, 0, 'another user');
  const [hit] = engine.observe(failed, logon(4625, { TargetUserName: 'Bob' }), 2 * MIN);
  assert.equal([hit?.group, hit?.count], [{ user: 'Bob' }, 2]);
  assert.is(engine.observe(failed, logon(4625, { TargetUserName: 'alice' }), 12 * MIN).length, 0);
  assert.is(
    engine.observe(success, logon(4624, { TargetUserName: 'alice' }), 12 * MIN).length,
    1,
    'alice failed again at 12m (her 1m failure had fallen out) and logged on at 12m',
  );
});

test('temporal_ordered: the rules in their listed order within the span; out of order does not count', () => {
  const c = correlation(
    '  type: temporal_ordered\n  rules: [failed_logon, successful_logon, user_created]\n  group-by: [SubjectUserName]\n  timespan: 15m',
  );
  const engine = new Correlator([c]);
  const by = (id: number) => logon(id, { SubjectUserName: 'mallory' });
  assert.equal(
    [engine.observe(success, by(4624), 0), engine.observe(failed, by(4625), MIN), engine.observe(created, by(4720), 2 * MIN)].map(
      (h) => h.length,
    ),
    [0, 0, 0],
    'success came before the failure',
  );
  assert.is(engine.observe(success, by(4624), 3 * MIN).length, 0);
  assert.is(engine.observe(created, by(4720), 4 * MIN).length, 1, 'failed (1m), success (3m), created (4m)');
  assert.is(engine.observe(failed, by(4625), 5 * MIN).length, 0);
  assert.is(engine.observe(success, by(4624), 6 * MIN).length, 0);
  assert.is(engine.observe(created, by(4720), 21 * MIN).length, 0, 'past the span from the failure');
});

test('idle groups are dropped once their span has passed', () => {
  const c = correlation(
    '  type: event_count\n  rules: [failed_logon]\n  group-by: [IpAddress]\n  timespan: 1m\n  condition:\n    gte: 100',
  );
  const engine = new Correlator([c]);
  for (let i = 0; i < 50; i++) engine.observe(failed, logon(4625, { IpAddress: `10.0.0.${i}` }), i);
  assert.is(engine.groups, 50);
  engine.observe(failed, logon(4625, { IpAddress: '10.9.9.9' }), 10 * MIN);
  assert.is(engine.groups, 1);
});

test('temporal with a condition: as many of its rules as the condition says; aliases found by rule name when rules are referenced by id', () => {
  const c = correlation(
    '  type: temporal\n  rules: [00000000-0000-0000-0000-000000000005, 00000000-0000-0000-0000-000000000004, user_created]\n  group-by: [user]\n  timespan: 10m\n  condition:\n    gte: 2\n  aliases:\n    user:\n      failed_logon: TargetUserName\n      successful_logon: TargetUserName\n      user_created: TargetUserName',
  );
  const engine = new Correlator([c]);
  assert.is(engine.observe(failed, logon(4625, { TargetUserName: 'bob' }), 0).length, 0);
  const [hit] = engine.observe(success, logon(4624, { TargetUserName: 'bob' }), MIN);
  assert.equal([hit?.group, hit?.count], [{ user: 'bob' }, 2]);
});

test('what cannot be decided as hits arrive, or is incomplete, is refused with the reason', () => {
  assert.throws(() => correlation('  type: event_count\n  rules: [x]\n  timespan: 1h\n  condition:\n    lt: 5'), /"lt" cannot be decided/);
  assert.throws(() => correlation('  type: event_count\n  rules: [x]\n  timespan: 1h\n  condition:\n    eq: 5'), /"eq" cannot be decided/);
  assert.throws(() => correlation('  type: value_count\n  rules: [x]\n  timespan: 1h\n  condition:\n    gte: 5'), /the field/);
  assert.throws(() => correlation('  type: sometimes\n  rules: [x]\n  timespan: 1h'), /not one of/);
  assert.throws(() => correlation('  type: temporal\n  rules: []\n  timespan: 1h'), /names no rules/);
});

test.run();
