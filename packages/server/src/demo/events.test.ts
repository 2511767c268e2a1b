import { parseLine } from '@secai/core/events';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { demoLogLines } from './events.js';

const end = new Date('2026-12-02T12:00:00Z');

test('every demo line parses, in the format meant for it, within the day before end', () => {
  const lines = demoLogLines(end, 5_000);
  assert.is(lines.length, 5_022);
  assert.equal(demoLogLines(end, 5_000), lines, 'the same end gives the same lines');
  const formats = new Map<string, number>();
  for (const line of lines) {
    const { event, parsed, format } = parseLine(line, { receivedAt: end, timezone: 'UTC' });
    assert.ok(parsed, `unparsed: ${line}`);
    formats.set(format as string, (formats.get(format as string) ?? 0) + 1);
    const at = Date.parse(event['@timestamp']);
    assert.ok(at >= end.getTime() - 86_400_000 && at < end.getTime(), `${event['@timestamp']} outside the day: ${line}`);
  }
  assert.equal([...formats.keys()].sort(), ['access', 'json', 'syslog']);
});

test('the brute force and the encoded PowerShell are there with their fields', () => {
  const events = demoLogLines(end, 1_000).map((line) => parseLine(line, { receivedAt: end, timezone: 'UTC' }).event);
  const failures = events.filter((e) => e.source?.ip === '192.0.2.66' && e.event.outcome === 'failure');
  assert.is(failures.length, 20);
  assert.ok(failures.every((e) => e.user?.name === 'root' && e.host?.hostname === 'web-01.fra.corp.example'));
  const success = events.find((e) => e.source?.ip === '192.0.2.66' && e.event.outcome === 'success');
  assert.is(success?.user?.name, 'root');
  const encoded = events.find((e) => String(e.process?.command_line ?? '').includes('-enc '));
  assert.ok(encoded?.process?.executable?.endsWith('powershell.exe'));
  const denied = events.find((e) => e.log.original.includes('action="deny"'));
  assert.ok(denied?.source?.ip, 'the firewall records give their addresses');
});

test.run();
