import type { LogEvent } from '../events/event.js';
import { Automaton } from './aho-corasick.js';
import { type CompiledRule, searchableText, sourceKeys } from './compile.js';

/** The rules filed under one source key, with an automaton of their anchors. */
class Group {
  readonly rules: CompiledRule[] = [];
  private automaton: Automaton | null = null;
  /** Per anchor (the automaton's pattern), the rules (indexes in `rules`) it stands for. */
  private readonly anchorRules: number[][] = [];
  private found = new Uint32Array(0);
  private pass = 0;

  add(rule: CompiledRule): void {
    this.rules.push(rule);
  }

  build(): void {
    const index = new Map<string, number>();
    this.rules.forEach((rule, i) => {
      for (const anchor of rule.anchors ?? []) {
        let a = index.get(anchor);
        if (a === undefined) {
          a = index.size;
          index.set(anchor, a);
          this.anchorRules.push([]);
        }
        this.anchorRules[a]?.push(i);
      }
    });
    this.automaton = new Automaton([...index.keys()]);
    this.found = new Uint32Array(this.rules.length);
  }

  /** Adds to `hits` the rules of this group that fire on the event. */
  match(event: LogEvent, text: string, hits: CompiledRule[]): void {
    this.pass = this.pass === 0xffffffff ? 1 : this.pass + 1;
    if (this.pass === 1) this.found.fill(0);
    const pass = this.pass;
    this.automaton?.scan(text, (a) => {
      for (const i of this.anchorRules[a] as number[]) this.found[i] = pass;
    });
    for (let i = 0; i < this.rules.length; i++) {
      const rule = this.rules[i] as CompiledRule;
      if (rule.anchors !== null && this.found[i] !== pass) continue;
      if (rule.matches(event) && !hits.includes(rule)) hits.push(rule);
    }
  }
}

/** Groups built for the key sets of events met, at most (a stream of odd event ids must not grow it for ever). */
const MAX_GROUPS = 1_024;

/**
 * Compiled rules indexed by what an event must have for them to match: its channel and event id
 * (a logon event tries a few dozen of 3,755 rules, a process creation 1,400), and then the rule's
 * anchors, strings one of which its values must contain (`\certutil.exe`, `-urlcache`). The rules
 * of all of an event's keys (its channel and id, its channel, any record) are one group, built
 * when an event with those keys is first met, with one automaton of their anchors: one
 * Aho-Corasick pass over the event's values finds them, and a rule none of whose anchors is
 * there is not tried.
 */
export class RuleSet {
  private readonly byKey = new Map<string, CompiledRule[]>();
  private readonly groups = new Map<string, Group>();
  readonly size: number;

  constructor(rules: Iterable<CompiledRule>) {
    let size = 0;
    for (const rule of rules) {
      size++;
      for (const key of rule.keys) {
        const list = this.byKey.get(key);
        if (list) list.push(rule);
        else this.byKey.set(key, [rule]);
      }
    }
    this.size = size;
  }

  /** The rules that fire on the event, each once. */
  match(event: LogEvent): CompiledRule[] {
    const keys = sourceKeys(event);
    const hits: CompiledRule[] = [];
    if (keys.length === 0) return hits;
    const id = keys.join('\n');
    let group = this.groups.get(id);
    if (!group) {
      group = new Group();
      for (const rule of new Set(keys.flatMap((k) => this.byKey.get(k) ?? []))) group.add(rule);
      group.build();
      if (this.groups.size >= MAX_GROUPS) this.groups.clear();
      this.groups.set(id, group);
    }
    group.match(event, searchableText(event), hits);
    return hits;
  }
}
