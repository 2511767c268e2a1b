import { type LogEvent, parseLine } from '@secai/core/events';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fieldTerms, fieldTokens, termToken } from './terms.js';

const receivedAt = new Date('2026-12-03T10:00:00Z');
const lines = [
  '<38>Dec  3 10:00:00 web-01 sshd[4711]: Failed password for invalid user admin from 203.0.113.9 port 52114 ssh2',
  '<165>1 2026-12-03T10:00:00.123Z host app 42 ID7 [origin ip="10.0.0.1"][meta sequenceId="1"] user bob signed in',
  '<134>Dec  3 10:00:00 fw CEF:0|Fortinet|FortiGate|7.2|13|traffic deny|3|src=10.1.1.1 dst=10.2.2.2 dpt=443 act=deny',
  '{"@timestamp":"2026-12-03T10:00:00Z","EventID":4625,"Computer":"DC01","TargetUserName":"bob"}',
];

test("an event's field tokens are its field terms as the tokens queries look up (terms and tokens made apart)", () => {
  const odd = {
    '@timestamp': '2026-12-03T10:00:00.000Z',
    event: { id: 'not indexed', kind: 'event', risk: 1.5e300, delta: -3, huge: Number.POSITIVE_INFINITY, ok: true },
    log: { original: 'not indexed either' },
    labels: { list: [1, 'Two', { nested: 'skipped' }, null], edge: 'x'.repeat(127), long: 'y'.repeat(128), 'dot.ted': 'a=b c' },
  } as unknown as LogEvent;
  const events = [...lines.map((line) => parseLine(line, { receivedAt }).event), odd];
  for (const event of events) assert.is(fieldTokens(event), fieldTerms(event).map(termToken).join(' '));
  const tokens = fieldTokens(odd).split(' ');
  assert.ok(tokens.includes(termToken(`labels.edge=${'x'.repeat(127)}`)), 'a value of 127 characters is its own term');
  assert.not.ok(
    tokens.some((t) => t.includes('yyyy')),
    'a longer one is hashed',
  );
  assert.not.ok(
    tokens.some((t) => t.startsWith(termToken('event.id'))),
    'ids are not indexed',
  );
  assert.not.ok(
    tokens.some((t) => t.startsWith(termToken('event.huge'))),
    'nor numbers that are not finite',
  );
});

test.run();
