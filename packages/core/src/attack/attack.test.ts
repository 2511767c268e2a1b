import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { attackContext } from './attack-context.js';
import { allTactics, tactic } from './tactic.js';
import { technique } from './technique.js';

const EXECUTION = { id: 'TA0002', name: 'Execution' };
const DEFENSE_EVASION = { id: 'TA0005', name: 'Defense Evasion' };

test('technique: a sub-technique by its id in any case, with its tactics', () => {
  const powershell = technique('t1059.001');
  assert.equal(powershell, { id: 'T1059.001', name: 'PowerShell', tactics: [tactic('execution')], deprecated: false });
  assert.is(technique('T1059.001'), powershell);
  assert.is(technique('T1059')?.name, 'Command and Scripting Interpreter');
});

test('technique: a revoked one names the technique that replaces it now, past a successor revoked in turn', () => {
  assert.is(technique('T1086')?.revokedBy, 'T1059.001');
  // T1073 was revoked by T1574.002, which was revoked by T1574.001 later.
  assert.is(technique('T1073')?.revokedBy, 'T1574.001');
  assert.is(technique('T1073')?.name, 'DLL Side-Loading', 'its own name is kept');
});

test('technique: a deprecated one is still found, marked, without a successor', () => {
  const scripting = technique('T1064');
  assert.equal([scripting?.name, scripting?.deprecated, scripting?.revokedBy], ['Scripting', true, undefined]);
  assert.equal(
    scripting?.tactics.map((t) => t.shortname),
    ['execution', 'defense-evasion'],
  );
});

test('technique: undefined for ids ATT&CK Enterprise does not have', () => {
  assert.is(technique('T9999'), undefined);
  assert.is(technique('TA0002'), undefined);
  assert.is(technique(''), undefined);
});

test('tactic: by id, by shortname with - or _, in any case', () => {
  const evasion = { id: 'TA0005', shortname: 'defense-evasion', name: 'Defense Evasion' };
  for (const key of ['TA0005', 'ta0005', 'defense-evasion', 'defense_evasion', 'Defense_Evasion']) assert.equal(tactic(key), evasion, key);
  assert.is(tactic('command_and_control')?.id, 'TA0011');
  assert.is(tactic('g0016'), undefined);
  assert.is(tactic('evasion'), undefined);
});

test('tactic: the 14 tactics in matrix order, reconnaissance to impact', () => {
  const shortnames = allTactics().map((t) => t.shortname);
  assert.is(shortnames.length, 14);
  assert.equal([shortnames[0], shortnames[6], shortnames.at(-1)], ['reconnaissance', 'defense-evasion', 'impact']);
});

test('attackContext: a tactic and a sub-technique', () => {
  assert.equal(attackContext(['attack.execution', 'attack.t1059.001']), {
    technique_ids: ['T1059.001'],
    techniques: [{ id: 'T1059.001', name: 'PowerShell' }],
    tactics: [EXECUTION],
  });
});

test('attackContext: the tactic tags win over the tactics of the techniques', () => {
  // T1218.011 (Rundll32) is defense-evasion only; the rule says execution.
  assert.equal(attackContext(['attack.execution', 'attack.t1218.011']).tactics, [EXECUTION]);
});

test('attackContext: a revoked id is redirected to the current technique, and tactics follow it', () => {
  assert.equal(attackContext(['attack.t1086']), {
    technique_ids: ['T1059.001'],
    techniques: [{ id: 'T1059.001', name: 'PowerShell' }],
    tactics: [EXECUTION],
  });
  assert.equal(attackContext(['attack.t1073']).techniques, [{ id: 'T1574.001', name: 'DLL' }]);
});

test('attackContext: a tactic with an underscore (Sigma tags appendix v1)', () => {
  assert.equal(attackContext(['attack.defense_evasion', 'attack.t1027']).tactics, [DEFENSE_EVASION]);
  assert.equal(attackContext(['attack.command_and_control']).tactics, [{ id: 'TA0011', name: 'Command and Control' }]);
});

test('attackContext: a rule without tactic tags gets the tactics of its techniques, in matrix order', () => {
  assert.equal(attackContext(['attack.t1027', 'attack.t1059.001']).tactics, [EXECUTION, DEFENSE_EVASION]);
  // A tactic tag this ATT&CK version does not know (v19's stealth) counts as none.
  assert.equal(attackContext(['attack.stealth', 'attack.t1027']).tactics, [DEFENSE_EVASION]);
});

test('attackContext: an unknown technique id is kept in technique_ids, without a name', () => {
  assert.equal(attackContext(['attack.t9999.001', 'attack.t1027']), {
    technique_ids: ['T9999.001', 'T1027'],
    techniques: [{ id: 'T1027', name: 'Obfuscated Files or Information' }],
    tactics: [DEFENSE_EVASION],
  });
});

test('attackContext: duplicates, also through a revoked id, are listed once, first place kept', () => {
  const context = attackContext([
    'attack.t1059.001',
    'attack.t1027',
    'attack.t1086',
    'attack.T1059.001',
    'attack.execution',
    'attack.execution',
  ]);
  assert.equal(context.technique_ids, ['T1059.001', 'T1027']);
  assert.equal(context.tactics, [EXECUTION]);
});

test('attackContext: tags in any case', () => {
  assert.equal(attackContext(['ATTACK.Execution', 'Attack.T1059.001']), attackContext(['attack.execution', 'attack.t1059.001']));
});

test('attackContext: groups, software and other namespaces are skipped', () => {
  const empty = { technique_ids: [], techniques: [], tactics: [] };
  assert.equal(attackContext(['attack.g0016', 'attack.s0002', 'cve.2021-44228', 'detection.emerging-threats', 'car.2016-04-005']), empty);
  assert.equal(attackContext(['attack.t1059.0011', 'attack.t10590', 'tlp.amber', 'attack.', 'attack']), empty);
  assert.equal(attackContext([]), empty);
});

test.run();
