import { UserSettings } from '@secai/core/schemas';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_LIMIT, footerFor, listFlags } from './list.js';

test('without --limit or a page_size of your own, a list is as long as the page_size setting defaults to', () => {
  assert.is(DEFAULT_LIMIT, UserSettings.parse({}).page_size);
  assert.match(listFlags.limit.summary ?? '', `${UserSettings.parse({}).page_size} unless you set it`);
});

test('the footer counts what a cut-short list left out', () => {
  assert.is(footerFor({ shown: 50, total: 71, exact: true }), '50 of 71 shown; --limit or --all for more');
  assert.is(footerFor({ shown: 50, total: 1000, exact: false }), '50 of 1,000+ shown; --limit or --all for more');
});

test.run();
