import { TECHNIQUES } from './enterprise-data.js';
import { type Tactic, tactic } from './tactic.js';

/** An ATT&CK Enterprise technique or sub-technique, revoked and deprecated ones included. */
export interface Technique {
  /** `T1059` or, for a sub-technique, `T1059.001`. */
  readonly id: string;
  readonly name: string;
  /** In matrix order. */
  readonly tactics: readonly Tactic[];
  /** Set when MITRE revoked it: the technique that replaces it now. */
  readonly revokedBy?: string;
  /** MITRE no longer maintains it and names no successor. */
  readonly deprecated: boolean;
}

type Row = (typeof TECHNIQUES)[number];

// Built on the first lookup, not at import: loading the module costs nothing until a name is asked for.
let byId: Map<string, Technique> | undefined;

/**
 * The end of a row's revoked-by links: a successor can be revoked in turn (T1073 → T1574.002 →
 * T1574.001), and a caller wants the technique that is current in this ATT&CK version.
 */
function successor(rows: Map<string, Row>, id: string): string {
  let current = id;
  // Bounded by the number of rows, so that a cycle in the data cannot hang a lookup.
  for (let step = 0; step < rows.size; step++) {
    const next = rows.get(current)?.[3];
    if (!next) return current;
    current = next;
  }
  return current;
}

function techniques(): Map<string, Technique> {
  if (byId) return byId;
  const rows = new Map(TECHNIQUES.map((row) => [row[0], row]));
  byId = new Map();
  for (const [id, name, shortnames, revokedBy, deprecated] of TECHNIQUES) {
    const tactics = Object.freeze(shortnames.split(' ').flatMap((s) => tactic(s) ?? []));
    const found: Technique = revokedBy
      ? { id, name, tactics, revokedBy: successor(rows, revokedBy), deprecated: deprecated === true }
      : { id, name, tactics, deprecated: deprecated === true };
    byId.set(id, Object.freeze(found));
  }
  return byId;
}

/**
 * The technique with this id, in any case; undefined when ATT&CK Enterprise has none.
 * @example technique('t1059.001') // { id: 'T1059.001', name: 'PowerShell', tactics: [Execution], deprecated: false }
 */
export function technique(id: string): Technique | undefined {
  return techniques().get(id.trim().toUpperCase());
}
