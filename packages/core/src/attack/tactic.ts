import { TACTICS } from './enterprise-data.js';

/** An ATT&CK Enterprise tactic, e.g. `{ id: 'TA0002', shortname: 'execution', name: 'Execution' }`. */
export interface Tactic {
  readonly id: string;
  readonly shortname: string;
  readonly name: string;
}

// Built on the first lookup, not at import: loading the module costs nothing until a name is asked for.
let tactics: readonly Tactic[] | undefined;
let byKey: Map<string, Tactic> | undefined;

/** Every tactic, in matrix order (reconnaissance to impact). */
export function allTactics(): readonly Tactic[] {
  tactics ??= TACTICS.map(([id, shortname, name]) => Object.freeze({ id, shortname, name }));
  return tactics;
}

// Sigma's tags appendix v1 wrote shortnames with `_` (`attack.defense_evasion`); v2.0.0 (2024) writes
// them as ATT&CK does, with `-`. Rules of both kinds are in use.
const key = (idOrShortname: string) => idOrShortname.trim().toLowerCase().replaceAll('_', '-');

/**
 * The tactic with this id or shortname, in any case, with `_` or `-`; undefined when ATT&CK
 * Enterprise has none.
 * @example tactic('defense_evasion') // { id: 'TA0005', shortname: 'defense-evasion', name: 'Defense Evasion' }
 */
export function tactic(idOrShortname: string): Tactic | undefined {
  if (!byKey) {
    byKey = new Map();
    for (const t of allTactics()) byKey.set(t.id.toLowerCase(), t).set(t.shortname, t);
  }
  return byKey.get(key(idOrShortname));
}
