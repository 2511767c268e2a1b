import type { LogEvent } from '../events/event.js';
import { Automaton } from './aho-corasick.js';
import { type CompiledRule, searchableText, sourceKeys } from './compile.js';

/**
 * Compiled rules indexed by what an event must have for them to match: its channel and event id
 * (a logon event tries a few dozen of 2,841 Windows rules, a process creation 1,600), and then
 * the rule's anchors, strings one of which its values must contain (`\certutil.exe`, `-urlcache`):
 * one Aho-Corasick pass over the event's values finds them all, and a rule none of whose anchors
 * is there is not tried.
 */
export class RuleSet {
  private readonly byKey = new Map<string, number[]>();
  private readonly rules: CompiledRule[];
  private readonly automaton: Automaton;
  /** Per anchor (the automaton's pattern), the rules it stands for. */
  private readonly anchorRules: number[][] = [];
  /** Per rule, the pass in which one of its anchors was last found (0: never; rules without anchors are always tried). */
  private readonly found: Uint32Array;
  private pass = 0;

  constructor(rules: Iterable<CompiledRule>) {
    this.rules = [...rules];
    const anchorIndex = new Map<string, number>();
    this.rules.forEach((rule, i) => {
      for (const key of rule.keys) {
        const list = this.byKey.get(key);
        if (list) list.push(i);
        else this.byKey.set(key, [i]);
      }
      for (const anchor of rule.anchors ?? []) {
        let a = anchorIndex.get(anchor);
        if (a === undefined) {
          a = anchorIndex.size;
          anchorIndex.set(anchor, a);
          this.anchorRules.push([]);
        }
        this.anchorRules[a]?.push(i);
      }
    });
    this.automaton = new Automaton([...anchorIndex.keys()]);
    this.found = new Uint32Array(this.rules.length);
  }

  get size(): number {
    return this.rules.length;
  }

  /** The rules that fire on the event, each once. */
  match(event: LogEvent): CompiledRule[] {
    const keys = sourceKeys(event);
    if (keys.length === 0) return [];
    this.pass = this.pass === 0xffffffff ? 1 : this.pass + 1;
    if (this.pass === 1) this.found.fill(0);
    const pass = this.pass;
    this.automaton.scan(searchableText(event), (a) => {
      for (const i of this.anchorRules[a] as number[]) this.found[i] = pass;
    });
    const hits: CompiledRule[] = [];
    for (const key of keys) {
      for (const i of this.byKey.get(key) ?? []) {
        const rule = this.rules[i] as CompiledRule;
        if (rule.anchors !== null && this.found[i] !== pass) continue;
        if (rule.matches(event) && !hits.includes(rule)) hits.push(rule);
      }
    }
    return hits;
  }
}
