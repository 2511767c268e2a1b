import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseJson } from './asset-input.js';

test('malformed JSON names the line and column an editor shows', () => {
  try {
    parseJson('[\n  {"hostname": "a"},\n  {"hostname": "b",,}\n]');
    assert.unreachable();
  } catch (err) {
    assert.is((err as { code: string }).code, 'MALFORMED_JSON');
    assert.match((err as Error).message, /line 3, column 20/);
  }
});

test('a truncated file says so', () => {
  try {
    parseJson('[{"hostname": "a"}');
    assert.unreachable();
  } catch (err) {
    assert.match((err as Error).message, /^Not valid JSON at line 1/);
  }
});

test.run();
