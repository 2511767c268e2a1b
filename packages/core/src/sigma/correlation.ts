// Sigma correlation rules (sigma-specification, "Correlation rules"): event_count, value_count,
// temporal and temporal_ordered over the hits of base rules, grouped by fields, within a time
// span, evaluated on the stream as hits arrive (in event time, hits assumed in time order).
import type { LogEvent } from '../events/event.js';
import type { CompiledRule } from './compile.js';
import { RuleRefused } from './errors.js';

export type CorrelationType = 'event_count' | 'value_count' | 'temporal' | 'temporal_ordered';

export interface SigmaCorrelation {
  title: string;
  id?: string;
  name?: string;
  level?: string;
  author?: string;
  tags?: string[];
  type: CorrelationType;
  /** The base rules, by `name` or `id`. */
  rules: string[];
  groupBy: string[];
  timespanMs: number;
  /** The count's bound (event_count, value_count); value_count counts the distinct values of `field`. */
  condition: { field?: string; gt?: number; gte?: number };
  /** A group-by name standing for differently named fields of each base rule: alias → rule → field. */
  aliases: Record<string, Record<string, string>>;
  /** Whether the base rules still raise their own matches (`generate`; false by default). */
  generate: boolean;
}

const TYPES = new Set<CorrelationType>(['event_count', 'value_count', 'temporal', 'temporal_ordered']);
const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `5m` → 300,000 ms (s, m, h, d). */
export function timespanMs(text: unknown): number {
  const m = /^(\d+)([smhd])$/.exec(String(text));
  if (!m) throw new RuleRefused(`timespan "${String(text)}" is not a number and s, m, h or d`);
  return Number(m[1]) * (UNITS[m[2] as string] as number);
}

/** A correlation document as the engine keeps it; what it cannot evaluate in-stream is refused with the reason. */
export function asCorrelation(doc: Record<string, unknown>): SigmaCorrelation {
  const c = doc.correlation as Record<string, unknown> | undefined;
  if (typeof c !== 'object' || c === null) throw new RuleRefused('not a correlation rule');
  if (typeof doc.title !== 'string') throw new RuleRefused('the correlation has no title');
  const type = c.type as CorrelationType;
  if (!TYPES.has(type)) throw new RuleRefused(`correlation type "${String(c.type)}" is not one of ${[...TYPES].join(', ')}`);
  const rules = (Array.isArray(c.rules) ? c.rules : [c.rules]).filter((r): r is string => typeof r === 'string');
  if (rules.length === 0) throw new RuleRefused('the correlation names no rules');
  const groupBy = (Array.isArray(c['group-by']) ? c['group-by'] : c['group-by'] === undefined ? [] : [c['group-by']]).map(String);
  const condition = (c.condition ?? {}) as Record<string, unknown>;
  const bounds: SigmaCorrelation['condition'] = {};
  for (const [op, value] of Object.entries(condition)) {
    if (op === 'field') bounds.field = String(value);
    else if (op === 'gt' || op === 'gte') bounds[op] = Number(value);
    else throw new RuleRefused(`condition "${op}" cannot be decided as hits arrive (only gt and gte can)`);
  }
  if (type === 'event_count' || type === 'value_count') {
    if (bounds.gt === undefined && bounds.gte === undefined) throw new RuleRefused(`${type} needs a condition`);
    if (type === 'value_count' && !bounds.field) throw new RuleRefused('value_count needs the field whose values it counts');
  }
  return {
    title: doc.title,
    id: typeof doc.id === 'string' ? doc.id : undefined,
    name: typeof doc.name === 'string' ? doc.name : undefined,
    level: typeof doc.level === 'string' ? doc.level : undefined,
    author: typeof doc.author === 'string' ? doc.author : undefined,
    tags: Array.isArray(doc.tags) ? doc.tags.map(String) : undefined,
    type,
    rules,
    groupBy,
    timespanMs: timespanMs(c.timespan),
    condition: bounds,
    aliases: (c.aliases ?? {}) as Record<string, Record<string, string>>,
    generate: c.generate === true,
  };
}

/** A correlation that fired: its group's values and the hits that made it, oldest first. */
export interface CorrelationHit {
  correlation: SigmaCorrelation;
  group: Record<string, unknown>;
  /** Events counted (event_count), distinct values (value_count), rules seen (temporal). */
  count: number;
  events: LogEvent[];
}

interface Seen {
  time: number;
  event: LogEvent;
  rule: number;
  value?: string;
}

/**
 * The correlations' state: per correlation and group, the hits within its time span. A group
 * that fires starts again empty, so a burst raises one hit, not one per event past the bound.
 * Groups idle longer than their span are dropped as time moves on, which bounds memory.
 */
export class Correlator {
  private readonly state = new Map<SigmaCorrelation, Map<string, Seen[]>>();
  private readonly swept = new Map<SigmaCorrelation, number>();

  constructor(private readonly correlations: readonly SigmaCorrelation[]) {
    for (const c of correlations) this.state.set(c, new Map());
  }

  /** A base rule fired on an event at `time` (ms): the correlations it completes. */
  observe(rule: CompiledRule, event: LogEvent, time: number): CorrelationHit[] {
    const hits: CorrelationHit[] = [];
    for (const correlation of this.correlations) {
      const index = correlation.rules.findIndex((r) => r === rule.rule.id || r === rule.rule.name);
      if (index < 0) continue;
      const baseName = correlation.rules[index] as string;
      // Aliases name each base rule by its `name`; a rule referenced by id may still have one.
      const fieldOf = (name: string) =>
        correlation.aliases[name]?.[rule.rule.name ?? baseName] ?? correlation.aliases[name]?.[baseName] ?? name;
      const group: Record<string, unknown> = {};
      for (const name of correlation.groupBy) group[name] = rule.read(fieldOf(name), event);
      if (correlation.groupBy.some((name) => group[name] === undefined || group[name] === null)) continue;
      const key = JSON.stringify(correlation.groupBy.map((name) => String(group[name]).toLowerCase()));
      const groups = this.state.get(correlation) as Map<string, Seen[]>;
      const value = correlation.condition.field === undefined ? undefined : rule.read(fieldOf(correlation.condition.field), event);
      if (correlation.type === 'value_count' && (value === undefined || value === null)) continue;
      const seen = (groups.get(key) ?? []).filter((s) => s.time > time - correlation.timespanMs);
      seen.push({ time, event, rule: index, ...(value !== undefined && { value: String(value).toLowerCase() }) });
      const count = countOf(correlation, seen);
      if (count !== undefined) {
        groups.delete(key);
        hits.push({ correlation, group, count, events: seen.map((s) => s.event) });
      } else groups.set(key, seen);
    }
    this.expire(time);
    return hits;
  }

  /** Drops, once per span of each correlation, the groups whose last hit is older than the span. */
  private expire(now: number): void {
    for (const [correlation, groups] of this.state) {
      const last = this.swept.get(correlation) ?? now;
      // An event older than the last sweep (out of order) is no reason to wait: sweeping is safe.
      if (now >= last && now - last < correlation.timespanMs) {
        if (!this.swept.has(correlation)) this.swept.set(correlation, now);
        continue;
      }
      this.swept.set(correlation, now);
      for (const [key, seen] of groups) if ((seen.at(-1)?.time ?? 0) <= now - correlation.timespanMs) groups.delete(key);
    }
  }

  /** Groups held, over all correlations (for tests and metrics). */
  get groups(): number {
    let n = 0;
    for (const groups of this.state.values()) n += groups.size;
    return n;
  }
}

/** The count the correlation fires with on these hits (all within its span), or undefined. */
function countOf(c: SigmaCorrelation, seen: readonly Seen[]): number | undefined {
  const holds = (n: number) =>
    (c.condition.gt === undefined || n > c.condition.gt) && (c.condition.gte === undefined || n >= c.condition.gte);
  const bounded = c.condition.gt !== undefined || c.condition.gte !== undefined;
  switch (c.type) {
    case 'event_count':
      return holds(seen.length) ? seen.length : undefined;
    case 'value_count': {
      const n = new Set(seen.map((s) => s.value)).size;
      return holds(n) ? n : undefined;
    }
    case 'temporal': {
      // Without a condition every rule must be seen; with one, as many as it says.
      const n = new Set(seen.map((s) => s.rule)).size;
      return (bounded ? holds(n) : n === c.rules.length) ? n : undefined;
    }
    case 'temporal_ordered': {
      // The rules' hits in their listed order, each at or after the one before.
      let next = 0;
      for (const s of seen) if (s.rule === next) next++;
      return next === c.rules.length ? next : undefined;
    }
  }
}
