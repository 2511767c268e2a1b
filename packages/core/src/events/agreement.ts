import { flattenEvent } from './event.js';

export interface Agreement {
  /** Fields both sides define, among those compared. */
  compared: number;
  agreed: number;
  /** `path: ours ≠ theirs`, for the test's message. */
  mismatches: string[];
}

/**
 * How far an event agrees with a reference parse (an Elastic pipeline's expected document): over
 * the claimed fields both define, the count equal. Lists compare as sets, numbers and numeric
 * strings by value, timestamps by instant.
 */
export function agreement(ours: object, theirs: object, claims: readonly string[]): Agreement {
  const mine = new Map(flattenEvent(ours));
  const result: Agreement = { compared: 0, agreed: 0, mismatches: [] };
  for (const [path, expected] of flattenEvent(theirs)) {
    if (!claims.includes(path) || !mine.has(path)) continue;
    const actual = mine.get(path);
    result.compared++;
    if (same(actual, expected)) result.agreed++;
    else result.mismatches.push(`${path}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`);
  }
  return result;
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    const left = (Array.isArray(a) ? a : [a]).map(String).sort();
    const right = (Array.isArray(b) ? b : [b]).map(String).sort();
    return left.length === right.length && left.every((v, i) => v === right[i]);
  }
  if (typeof a === 'number' || typeof b === 'number') return Number(a) === Number(b);
  if (typeof a === 'string' && typeof b === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(a) && /^\d{4}-\d{2}-\d{2}T/.test(b)) {
    return Date.parse(a) === Date.parse(b);
  }
  return a === b;
}
