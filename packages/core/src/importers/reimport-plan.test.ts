import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { finding } from './finding.js';
import { planReimport, type ScopedVulnerability } from './reimport-plan.js';

const NOW = '2026-06-01T00:00:00.000Z';
const found = (rule: string, severity: 'high' | 'low' = 'high') => finding({ scanner: 'trivy', rule_id: rule, title: rule, severity });
const held = (rule: string, status: ScopedVulnerability['status'], extra: Partial<ScopedVulnerability> = {}): ScopedVulnerability => ({
  id: `id-${rule}`,
  fingerprint: found(rule).fingerprint,
  status,
  severity: 'high',
  cvss_score: null,
  fix_version: null,
  version: null,
  title: rule,
  location: null,
  risk_accepted_until: null,
  ...extra,
});

test('new findings open, seen ones refresh, returning fixed ones reopen, missing open ones are fixed', () => {
  const plan = planReimport(
    [held('seen', 'open'), held('back', 'fixed'), held('gone', 'triaged'), held('gone-fp', 'false_positive')],
    [found('new'), found('seen'), found('back')],
    NOW,
  );
  assert.equal(
    plan.open.map((f) => f.rule_id),
    ['new'],
  );
  assert.equal(
    plan.refresh.map((s) => s.current.id),
    ['id-seen'],
  );
  assert.equal(
    plan.reopen.map((s) => s.current.id),
    ['id-back'],
  );
  // A false positive nobody reports any more stays what people said it is.
  assert.equal(
    plan.fix.map((v) => v.id),
    ['id-gone'],
  );
});

test('a seen finding is changed only when its scanner-owned fields differ', () => {
  const plan = planReimport([held('same', 'open'), held('rated', 'open')], [found('same'), found('rated', 'low')], NOW);
  assert.equal(
    plan.refresh.map((s) => [s.current.id, s.changed]),
    [
      ['id-same', false],
      ['id-rated', true],
    ],
  );
});

test('a risk acceptance past its date is fixed when no longer reported; a current one is kept', () => {
  const plan = planReimport(
    [
      held('expired', 'risk_accepted', { risk_accepted_until: '2026-05-01T00:00:00.000Z' }),
      held('current', 'risk_accepted', { risk_accepted_until: '2026-07-01T00:00:00.000Z' }),
    ],
    [],
    NOW,
  );
  assert.equal(
    plan.fix.map((v) => v.id),
    ['id-expired'],
  );
});

test.run();
