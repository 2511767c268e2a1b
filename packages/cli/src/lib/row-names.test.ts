import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assetName } from './row-names.js';

test('an asset is called by its hostname, else external id, else first address, else id', () => {
  const asset = { id: '3f9a1c07-aaaa', hostname: null, external_id: null, ip_addresses: [] as string[] };
  assert.is(assetName({ ...asset, hostname: 'web-01', external_id: 'cmdb-1', ip_addresses: ['10.0.0.1'] }), 'web-01');
  assert.is(assetName({ ...asset, external_id: 'cmdb-1', ip_addresses: ['10.0.0.1'] }), 'cmdb-1');
  assert.is(assetName({ ...asset, ip_addresses: ['10.0.0.1', '10.0.0.2'] }), '10.0.0.1');
  assert.is(assetName(asset), '3f9a1c07-aaaa');
});

test.run();
