import { PermissionError, RateLimitError } from '@secai/sdk';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { suggestionFor, waitFor } from './exit-codes.js';

test('a 403 to an API token points at its scope; to a login, at the roles', () => {
  const denied = new PermissionError('Missing permission vulns:read', { status: 403, code: 'PERMISSION_DENIED' });
  assert.match(suggestionFor(denied, { apiToken: true }) ?? '', /API token's scope lacks that permission/);
  assert.match(suggestionFor(denied, { apiToken: true }) ?? '', /secai tokens create <name> --permission/);
  assert.match(suggestionFor(denied) ?? '', /Ask an administrator for a role/);
});

test("a 429 says how long to wait, from the server's Retry-After", () => {
  const limited = (retryAfter: number) =>
    new RateLimitError('Too many login attempts; wait and try again', { status: 429, code: 'RATE_LIMITED', retryAfter });
  assert.is(suggestionFor(limited(900)), 'Wait 15 minutes and try again.');
  assert.is(suggestionFor(limited(30)), 'Wait 30 seconds and try again.');
  assert.is(waitFor(1), '1 second');
  assert.is(waitFor(61), '61 seconds');
  assert.is(waitFor(91), '2 minutes');
});

test.run();
