import type { LogEvent } from '@secai/sdk';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { searchColumns } from './log-view.js';
import { renderRows } from './output.js';

const event = {
  '@timestamp': '2026-12-03T10:00:00.000Z',
  message: 'Failed password for root',
  log: { original: '<38>Dec  3 10:00:00 web-1 sshd[1]: Failed password for root' },
  event: { id: 'e1', kind: 'event' },
  host: { hostname: 'web-1' },
  user: { name: 'root' },
} as unknown as LogEvent;

test('--fields: time, host, each field once, then the message; message, @timestamp and host are not shown twice', () => {
  for (const fields of [
    ['user.name'],
    ['message', 'user.name'],
    ['user.name', 'message', 'user.name'],
    ['@timestamp', 'host', 'user.name'],
  ]) {
    assert.equal(
      searchColumns(fields).map((c) => c.key),
      ['time', 'host', 'user.name', 'message'],
      fields.join(','),
    );
  }
  assert.equal(
    searchColumns(['message']).map((c) => c.key),
    ['time', 'host', 'message'],
  );
  assert.is(
    renderRows([event], searchColumns(['message']), 'csv'),
    'time,host,message\n2026-12-03T10:00:00.000Z,web-1,Failed password for root\n',
  );
});

test.run();
