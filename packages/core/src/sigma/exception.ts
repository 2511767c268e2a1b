// An exception silences a rule on some events: `{ "host.name": ["build-*"], "user.name": ["svc_backup"] }`
// matches an event whose host name starts with `build-` and whose user is svc_backup. Fields are
// dotted paths of the normalized event; values compare case-insensitively, `*` standing for any
// characters, as in Sigma.
import type { LogEvent } from '../events/event.js';

export type RuleExceptionMatch = Readonly<Record<string, readonly string[]>>;

/**
 * Paths that stand for more than one field: a host is `host.name` in ECS sources and Windows
 * records, `host.hostname` in syslog; an exception on the host means either.
 */
const SAME_AS: Record<string, string[]> = { 'host.name': ['host.name', 'host.hostname'] };

const compiled = new WeakMap<RuleExceptionMatch, [string[][], RegExp[]][]>();

/** True when every field of the match holds one of its values (a list field: any of its items). */
export function exceptionMatches(match: RuleExceptionMatch, event: LogEvent): boolean {
  let tests = compiled.get(match);
  if (!tests) {
    tests = Object.entries(match).map(([path, values]) => [(SAME_AS[path] ?? [path]).map((p) => p.split('.')), values.map(pattern)]);
    compiled.set(match, tests);
  }
  return tests.every(([paths, patterns]) => paths.some((path) => valuesAt(event, path).some((v) => patterns.some((p) => p.test(v)))));
}

function pattern(value: string): RegExp {
  const body = value
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 'is');
}

function valuesAt(event: LogEvent, path: readonly string[]): string[] {
  let node: unknown = event;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return [];
    node = (node as Record<string, unknown>)[key];
  }
  const leaves = Array.isArray(node) ? node : [node];
  return leaves.filter((v) => v !== null && v !== undefined && typeof v !== 'object').map(String);
}
