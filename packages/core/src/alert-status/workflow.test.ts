import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConflictError } from '../errors/secai-error.js';
import { ALERT_STATUSES, allowedAlertTransitions, assertAlertTransition } from './workflow.js';

test('allows the forward path new → acknowledged → investigating → resolved', () => {
  assertAlertTransition('new', 'acknowledged');
  assertAlertTransition('acknowledged', 'investigating');
  assertAlertTransition('investigating', 'resolved');
});

test('reopens a closed alert to acknowledged only', () => {
  assertAlertTransition('resolved', 'acknowledged');
  assertAlertTransition('false_positive', 'acknowledged');
  for (const to of ['new', 'investigating', 'false_positive'] as const) {
    try {
      assertAlertTransition('resolved', to);
      assert.unreachable(`resolved → ${to} should be rejected`);
    } catch (err) {
      assert.instance(err, ConflictError);
      assert.is((err as ConflictError).code, 'ALERT_TRANSITION_INVALID');
      assert.equal((err as ConflictError).details?.allowed, ['acknowledged']);
    }
  }
});

test('never moves back to new', () => {
  for (const from of ALERT_STATUSES) {
    if (from !== 'new') assert.not.ok(allowedAlertTransitions(from).includes('new'), from);
  }
});

test('treats a same-state change as a no-op', () => {
  for (const s of ALERT_STATUSES) assertAlertTransition(s, s);
});

test.run();
