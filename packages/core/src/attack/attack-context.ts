import { allTactics, type Tactic, tactic } from './tactic.js';
import { technique } from './technique.js';

/** What a rule's ATT&CK tags say, for an alert: ids and names, no I/O. */
export interface AttackContext {
  /**
   * Every technique id the tags name, in tag order, once each, upper case; a revoked id is
   * replaced by its successor. Ids this ATT&CK version does not know (a newer one's) are kept.
   */
  technique_ids: string[];
  /** The known ones of `technique_ids`, with their names. */
  techniques: { id: string; name: string }[];
  /** In matrix order: the tactic tags, or, where none is known, the tactics of the techniques. */
  tactics: { id: string; name: string }[];
}

// Sigma's attack namespace (sigma-specification appendix/sigma-tags-appendix.md): attack.t1059.001
// is a technique, attack.execution a tactic, attack.g0016 a group and attack.s0002 a software; the
// last two are no tactic, so the tactic lookup drops them.
const TECHNIQUE_TAG = /^attack\.(t\d{4}(?:\.\d{3})?)$/i;
const ATTACK_TAG = /^attack\.(.+)$/i;

/**
 * The ATT&CK techniques and tactics of a Sigma rule's tags. Other tags (cve.*, car.*,
 * detection.*), groups, software and ids unknown here are skipped; it never throws.
 * @example attackContext(['attack.execution', 'attack.t1059.001'])
 * // { technique_ids: ['T1059.001'], techniques: [{ id: 'T1059.001', name: 'PowerShell' }], tactics: [{ id: 'TA0002', name: 'Execution' }] }
 */
export function attackContext(tags: readonly string[]): AttackContext {
  const ids = new Set<string>();
  const techniques: AttackContext['techniques'] = [];
  const tagged = new Set<Tactic>();
  const derived = new Set<Tactic>();
  for (const tag of tags) {
    const techniqueId = TECHNIQUE_TAG.exec(tag.trim())?.[1];
    if (techniqueId) {
      const named = technique(techniqueId);
      const current = named?.revokedBy ? technique(named.revokedBy) : named;
      const id = current?.id ?? techniqueId.toUpperCase();
      if (ids.has(id)) continue;
      ids.add(id);
      if (current) {
        techniques.push({ id, name: current.name });
        for (const t of current.tactics) derived.add(t);
      }
      continue;
    }
    const rest = ATTACK_TAG.exec(tag.trim())?.[1];
    const found = rest === undefined ? undefined : tactic(rest);
    if (found) tagged.add(found);
  }
  const chosen = tagged.size > 0 ? tagged : derived;
  return {
    technique_ids: [...ids],
    techniques,
    tactics: allTactics()
      .filter((t) => chosen.has(t))
      .map(({ id, name }) => ({ id, name })),
  };
}
