import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RuleRefused } from './errors.js';
import { compileValues, splitWildcards } from './values.js';

/** Whether `field|mods: values` holds for each value given, fields for fieldref from `others`. */
function holds(modifiers: string, values: unknown, ...candidates: unknown[]): boolean[] {
  const t = compileValues(modifiers ? modifiers.split('|') : [], values);
  return candidates.map((v) => t(v, (f) => ({ Other: 'Same', Count: '7' })[f]));
}
function refused(modifiers: string, values: unknown): string {
  try {
    compileValues(modifiers.split('|'), values);
  } catch (err) {
    assert.instance(err, RuleRefused);
    return (err as Error).message;
  }
  return assert.unreachable(`${modifiers} was compiled`) as never;
}

test('plain values match whole, case-insensitively; lists are any of them', () => {
  assert.equal(holds('', 'cmd.exe', 'CMD.EXE', 'xcmd.exe', undefined), [true, false, false]);
  assert.equal(holds('', ['a', 'b'], 'B', 'c'), [true, false]);
  assert.equal(holds('', 4688, '4688', 4688, '46880'), [true, true, false]);
  assert.equal(holds('', true, 'true', true, 'false'), [true, true, false]);
});

test('wildcards: * any run, ? one character, a backslash escapes them and itself, and is kept before anything else', () => {
  assert.equal(holds('', String.raw`C:\Windows\\*.exe`, String.raw`c:\windows\system32\cmd.exe`, String.raw`c:\windows\cmd.dll`), [
    true,
    false,
  ]);
  assert.equal(holds('', String.raw`C:\Windows\*.exe`, String.raw`c:\windows*.exe`, String.raw`c:\windows\a.exe`), [true, false]);
  assert.equal(holds('', 'a?c', 'abc', 'ac'), [true, false]);
  assert.equal(holds('', 'what\\?', 'what?', 'whatx'), [true, false]);
  assert.equal(holds('', 'star\\*', 'star*', 'stars'), [true, false]);
  assert.equal(holds('', 'C:\\\\*', 'c:\\x', 'c:x'), [true, false]);
  assert.equal(splitWildcards('a*b\\*c?\\\\d\\x'), ['a', splitWildcards('*')[0], 'b*c', splitWildcards('?')[0], '\\d\\x']);
});

test('contains, startswith and endswith add real wildcards, even after a trailing backslash', () => {
  assert.equal(holds('contains', '\\Custom\\', 'c:\\windows\\apppatch\\custom\\x.sdb', 'c:\\customer'), [true, false]);
  assert.equal(holds('startswith', 'C:\\Users\\', 'c:\\users\\bob', 'd:\\users\\bob'), [true, false]);
  assert.equal(holds('endswith', '\\lsass.exe', 'C:\\Windows\\System32\\lsass.exe', 'lsass.exe.bak'), [true, false]);
  assert.equal(holds('contains', 'a*b', 'xxaYYbxx', 'xxbYYaxx'), [true, false]);
});

test('all: every value must hold; cased: case counts', () => {
  assert.equal(holds('contains|all', ['-enc', 'hidden'], 'powershell -w hidden -enc AAA', 'powershell -enc AAA'), [true, false]);
  assert.equal(holds('cased', 'Admin', 'Admin', 'admin'), [true, false]);
  assert.equal(holds('contains|cased', 'EVIL', 'xEVILx', 'xevilx'), [true, false]);
});

test('arrays in the event: any element may hold; maps never', () => {
  assert.equal(holds('', 'b', ['a', 'B'], ['a'], { b: 'b' }), [true, false, false]);
});

test('null: the field is absent or null; an empty string is a value', () => {
  assert.equal(holds('', null, undefined, null, '', 'x'), [true, true, false, false]);
  assert.equal(holds('', '', '', undefined), [true, false]);
});

test('exists', () => {
  assert.equal(holds('exists', true, 'x', '', undefined, null), [true, true, false, true], 'present, be it empty or null');
  assert.equal(holds('exists', false, 'x', undefined, null), [false, true, false]);
  assert.match(refused('exists', 'yes'), 'true or false');
});

test('re: case-sensitive unless i; m and s flags; a leading (?i) is a flag; a pattern JavaScript cannot read is refused', () => {
  assert.equal(holds('re', '^cmd\\.exe$', 'cmd.exe', 'CMD.EXE'), [true, false]);
  assert.equal(holds('re|i', '^cmd\\.exe$', 'CMD.EXE'), [true]);
  assert.equal(holds('re', '(?i)^cmd', 'CMD.EXE'), [true]);
  assert.equal(holds('re|m', '^two$', 'one\ntwo'), [true]);
  assert.equal(holds('re|s', 'a.b', 'a\nb'), [true]);
  assert.equal(holds('re', 'a.b', 'a\nb'), [false]);
  assert.match(refused('re', '(?<=a'), 'not supported');
});

test('base64 and base64offset find a value inside base64 text at any offset', () => {
  const encoded = (s: string) => Buffer.from(s).toString('base64');
  assert.equal(holds('base64', 'http://', encoded('http://'), encoded('https://')), [true, false]);
  const [a, b, c] = ['http://evil', 'xhttp://evil', 'xxhttp://evil'].map(encoded);
  assert.equal(holds('base64offset|contains', 'http://', a, b, c, encoded('ftp://evil')), [true, true, true, false]);
});

test('wide (utf16le), utf16be, utf16 with its byte-order mark, then base64', () => {
  const utf16 = Buffer.from('ping', 'utf16le').toString('base64');
  assert.equal(holds('wide|base64offset|contains', 'ping', `JAB${utf16}`, Buffer.from('ping').toString('base64')), [true, false]);
  assert.equal(holds('utf16le|base64', 'a', Buffer.from('a', 'utf16le').toString('base64')), [true]);
  assert.equal(holds('utf16be|base64', 'a', Buffer.from([0, 97]).toString('base64')), [true]);
  assert.equal(holds('utf16|base64', 'a', Buffer.from([0xff, 0xfe, 97, 0]).toString('base64')), [true]);
});

test('all over values a transform expands: every value, in any of its spellings', () => {
  assert.equal(holds('windash|contains|all', ['-enc', '-nop'], 'powershell /nop -enc AAA', 'powershell -enc AAA'), [true, false]);
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  assert.equal(holds('base64offset|contains|all', ['http', 'evil'], b64('xx http://evil'), b64('xx http://good')), [true, false]);
});

test('encoded values: escapes are the text, the text is UTF-8, and a wildcard cannot be encoded', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  assert.equal(holds('base64|contains', 'C:\\\\x', b64('C:\\x')), [true], 'an escaped backslash is one backslash');
  assert.equal(holds('base64', 'a\\*b', b64('a*b')), [true]);
  assert.equal(holds('base64', 'é€', b64('é€')), [true]);
  assert.match(refused('base64|contains', 'a*b'), 'a wildcard cannot be encoded');
});

test('windash: a flag written with -, /, or a Unicode dash', () => {
  const t = holds('windash|contains', ' -exec bypass', ' -exec bypass', ' /exec bypass', ' \u2013exec bypass', ' exec bypass');
  assert.equal(t, [true, true, true, false]);
  assert.equal(holds('windash|contains', 'a-b', 'a/b'), [false], 'a dash inside a word is no flag');
});

test('cidr on IPv4 and IPv6, mapped IPv4 included; not an address never matches', () => {
  assert.equal(holds('cidr', '10.0.0.0/8', '10.1.2.3', '11.0.0.1', '::ffff:10.9.9.9', 'host'), [true, false, true, false]);
  assert.equal(holds('cidr', 'fe80::/10', 'fe80::1', '2001:db8::1'), [true, false]);
  assert.match(refused('cidr', '10.0.0.0/33'), 'not a CIDR');
});

test('gt, gte, lt, lte compare numbers, strings of digits included', () => {
  assert.equal(holds('gt', 5, 6, '6', 5, 'x', undefined), [true, true, false, false, false]);
  assert.equal(holds('gte', 5, 5), [true]);
  assert.equal(holds('lt', 5, 4, 5), [true, false]);
  assert.equal(holds('lte', 5, 5, 6), [true, false]);
  assert.match(refused('gt', 'many'), 'needs a number');
});

test('fieldref: equal to another field of the same event, or containing it, starting or ending with it', () => {
  assert.equal(holds('fieldref', 'Other', 'same', 'other'), [true, false]);
  assert.equal(holds('fieldref|startswith', 'Other', 'Same thing', 'not same'), [true, false]);
  assert.equal(holds('fieldref|contains', 'Other', 'the same thing', 'sam'), [true, false]);
  assert.match(refused('fieldref|re', 'Other'), 'cannot be combined');
  assert.equal(holds('fieldref', 'Count', 7, '8'), [true, false]);
  assert.equal(holds('fieldref', 'Missing', 'x'), [false]);
});

test('expand: placeholders take their configured values; one without values refuses the rule', () => {
  const t = compileValues(['expand'], '%admins%', { placeholders: { admins: ['alice', 'bob'] } });
  assert.equal(
    ['Alice', 'bob', 'carol'].map((v) => t(v, () => undefined)),
    [true, true, false],
  );
  assert.match(refused('expand', '%admins%'), '%admins% has no values');
});

test('an unknown modifier, an empty list, or a map as a value is refused', () => {
  assert.match(refused('endswithx', 'a'), 'unknown value modifier "endswithx"');
  assert.match(refused('contains', []), 'empty list');
  assert.match(refused('contains', [{ a: 1 }]), 'a map or a list');
});

test.run();
