// The engine as one object, for every place that runs rules on events (the log pipeline, `secai
// detect test`, POST /v1/rules/test): rule documents compiled once, indexed by a RuleSet, and the
// correlations fed with their base rules' hits.
import type { LogEvent } from '../events/event.js';
import { type CompiledRule, compileRule } from './compile.js';
import { Correlator, type SigmaCorrelation } from './correlation.js';
import { RuleRefused } from './errors.js';
import type { SigmaDocument, SigmaRule } from './rule.js';
import { RuleSet } from './rule-set.js';

/** A rule document under the caller's key (a file, a stored rule's id). */
export interface RuleSource<K> {
  key: K;
  document: SigmaDocument;
}

/** A source as the detector holds it: compiled, a correlation, or refused with why. */
export type LoadedRule<K> = { key: K; title?: string; id?: string } & (
  | { compiled: CompiledRule }
  | { correlation: SigmaCorrelation }
  | { refused: string }
);

/** A rule that fired: on one event, or (a correlation) on the events that completed it. */
export interface Detection<K> {
  key: K;
  rule: SigmaRule | SigmaCorrelation;
  events: LogEvent[];
  /** A correlation's group-by values and its count (events, distinct values or rules). */
  correlation?: { group: Record<string, unknown>; count: number };
  /**
   * False for a base rule of a correlation that does not `generate` its own matches (the Sigma
   * specification's default): its hits count towards the correlation and raise nothing alone.
   */
  generates: boolean;
}

export interface DetectorOptions<K> {
  /** True when an exception silences the rule for this event (a host, a user). */
  silenced?: (key: K, event: LogEvent) => boolean;
}

export class Detector<K> {
  readonly rules: readonly LoadedRule<K>[];
  private readonly set: RuleSet;
  private readonly correlator: Correlator | null;
  private readonly keyOf = new Map<CompiledRule | SigmaCorrelation, K>();
  /** Base rules whose hits only feed correlations. */
  private readonly quiet = new Set<CompiledRule>();

  constructor(
    sources: Iterable<RuleSource<K>>,
    private readonly options: DetectorOptions<K> = {},
  ) {
    const rules = [...sources].map(load);
    // The correlator counts hits of detection rules; a correlation over another's hits is not run.
    const correlationNames = new Set(rules.flatMap((r) => ('correlation' in r ? [r.correlation.id, r.correlation.name] : [])));
    correlationNames.delete(undefined);
    this.rules = rules.map((r) =>
      'correlation' in r && r.correlation.rules.some((ref) => correlationNames.has(ref))
        ? { key: r.key, title: r.title, id: r.id, refused: 'a correlation of correlations is not supported yet' }
        : r,
    );
    const compiled: CompiledRule[] = [];
    const correlations: SigmaCorrelation[] = [];
    for (const r of this.rules) {
      if ('compiled' in r) {
        compiled.push(r.compiled);
        this.keyOf.set(r.compiled, r.key);
      } else if ('correlation' in r) {
        correlations.push(r.correlation);
        this.keyOf.set(r.correlation, r.key);
      }
    }
    for (const rule of compiled) {
      const bases = correlations.filter((c) => c.rules.some((ref) => ref === rule.rule.id || ref === rule.rule.name));
      if (bases.length > 0 && bases.every((c) => !c.generate)) this.quiet.add(rule);
    }
    this.set = new RuleSet(compiled);
    this.correlator = correlations.length > 0 ? new Correlator(correlations) : null;
  }

  /** Rules (and correlations) that can run. */
  get size(): number {
    return this.keyOf.size;
  }

  /**
   * The rules that fire on the event, then the correlations it completes. Events are expected
   * in time order (`time`, ms, from the event's @timestamp by default): correlations count in
   * event time.
   */
  detect(event: LogEvent, time = Date.parse(event['@timestamp'])): Detection<K>[] {
    const detections: Detection<K>[] = [];
    const silenced = this.options.silenced;
    for (const rule of this.set.match(event)) {
      const key = this.keyOf.get(rule) as K;
      if (silenced?.(key, event)) continue;
      detections.push({ key, rule: rule.rule, events: [event], generates: !this.quiet.has(rule) });
      if (!this.correlator) continue;
      for (const hit of this.correlator.observe(rule, event, Number.isNaN(time) ? 0 : time)) {
        const ckey = this.keyOf.get(hit.correlation) as K;
        if (silenced?.(ckey, event)) continue;
        detections.push({
          key: ckey,
          rule: hit.correlation,
          events: hit.events,
          correlation: { group: hit.group, count: hit.count },
          generates: true,
        });
      }
    }
    return detections;
  }
}

function load<K>({ key, document }: RuleSource<K>): LoadedRule<K> {
  if (document.kind === 'refused') return { key, title: document.title, id: document.id, refused: document.reason };
  if (document.kind === 'correlation') {
    const { correlation } = document;
    return { key, title: correlation.title, id: correlation.id, correlation };
  }
  const { rule } = document;
  try {
    return { key, title: rule.title, id: rule.id, compiled: compileRule(rule) };
  } catch (err) {
    if (!(err instanceof RuleRefused)) throw err;
    return { key, title: rule.title, id: rule.id, refused: err.message };
  }
}
