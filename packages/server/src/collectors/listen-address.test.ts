import { ValidationError } from '@secai/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseListen } from './listen-address.js';

test('reads host:port, a name and a bracketed IPv6 address', () => {
  assert.equal(parseListen('0.0.0.0:514'), { host: '0.0.0.0', port: 514 });
  assert.equal(parseListen('localhost:6514'), { host: 'localhost', port: 6514 });
  assert.equal(parseListen('[::]:514'), { host: '::', port: 514 });
  assert.equal(parseListen('[fe80::1%eth0]:0'), { host: 'fe80::1%eth0', port: 0 });
});

const rejects = (value: string) => {
  try {
    parseListen(value, 'syslog.tcp');
    assert.unreachable(`${value} was accepted`);
  } catch (err) {
    assert.instance(err, ValidationError);
    assert.is((err as ValidationError).code, 'VALIDATION_FAILED');
    assert.equal((err as ValidationError).issues[0]?.path, ['syslog.tcp']);
  }
};

test('refuses a missing port or host, a bad port, and IPv6 without brackets', () => {
  for (const value of [
    '0.0.0.0',
    ':514',
    '0.0.0.0:',
    '0.0.0.0:70000',
    '0.0.0.0:51x',
    '::1:514',
    '[::1]514',
    '[::1:514',
    '[127.0.0.1]:514',
  ]) {
    rejects(value);
  }
});

test.run();
