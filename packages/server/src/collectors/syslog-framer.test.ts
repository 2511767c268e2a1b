import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SyslogFramer } from './syslog-framer.js';

/** Feeds `input` in pieces of `size` bytes (1 = every split point) and returns the records. */
function frame(input: string | Buffer, size = Number.POSITIVE_INFINITY, max?: number) {
  const framer = new SyslogFramer(max);
  const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input);
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) framer.push(bytes.subarray(i, Math.min(bytes.length, i + size)), out);
  framer.end(out);
  return { framer, lines: out.map((b) => b.toString()) };
}

const OCTET = '5 <13>a12 <13>hello\nwo3 xyz';

test('octet counting is chosen from a leading digit and reads exact lengths, split anywhere', () => {
  for (const size of [1, 2, 3, 7, 1000]) {
    const { framer, lines } = frame(OCTET, size);
    assert.is(framer.framing, 'octet-counting');
    assert.equal(lines, ['<13>a', '<13>hello\nwo', 'xyz']);
  }
});

test('LF framing is chosen otherwise; CRLF, NULs and empty lines are dropped; a last line without LF is kept', () => {
  for (const size of [1, 4, 1000]) {
    const { framer, lines } = frame('<13>one\r\n\n<14>two\0\n<15>three', size);
    assert.is(framer.framing, 'lf');
    assert.equal(lines, ['<13>one', '<14>two', '<15>three']);
  }
});

test('LFs between octet-counted frames are skipped, and a frame without a header is read as a line', () => {
  assert.equal(frame('3 abc\n3 def\n').lines, ['abc', 'def']);
  assert.equal(frame('3 abc12x oops\n3 def').lines, ['abc', '12x oops', 'def']);
});

test('an LF-framed line over the maximum is kept cut to it, and the next line is whole', () => {
  const long = 'x'.repeat(100);
  for (const size of [1, 9, 1000]) {
    const { framer, lines } = frame(`${long}\nnext\n`, size, 40);
    assert.equal(lines, ['x'.repeat(40), 'next']);
    assert.is(framer.cut, 1);
  }
});

test('an octet count over the maximum is read whole and kept cut', () => {
  const { framer, lines } = frame(`100 ${'y'.repeat(100)}3 end`, 7, 40);
  assert.equal(lines, ['y'.repeat(40), 'end']);
  assert.is(framer.cut, 1);
});

test('a cut never splits a UTF-8 character', () => {
  const { lines } = frame(`${'é'.repeat(30)}\n`, 5, 41); // 2 bytes each: 41 bytes end mid-character
  assert.is(lines[0], 'é'.repeat(20));
});

test.run();
