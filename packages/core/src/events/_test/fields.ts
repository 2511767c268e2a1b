import * as assert from 'uvu/assert';
import { getField, type LogEvent } from '../event.js';

/** Asserts each `path: value` of `expected` on the event, naming the case and the field that differs. */
export function expectFields(event: LogEvent, expected: Record<string, unknown>, name: string): void {
  for (const [path, value] of Object.entries(expected)) assert.equal(getField(event, path), value, `${name}: ${path}`);
}
