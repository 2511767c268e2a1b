// A Sigma rule compiled once into a test of normalized events: its logsource becomes a gate (which
// records it is about: for Windows a channel, event ids and field names) and its detection a tree
// of value tests. What the engine cannot run exactly as written is refused with the reason.
import type { LogEvent } from '../events/event.js';
import { type Condition, compileCondition, parseCondition } from './condition.js';
import { RuleRefused } from './errors.js';
import { eventLogsources, genericAccess, leafText, logsourceKey } from './generic-logsources.js';
import type { SigmaRule } from './rule.js';
import { anchored, anyOf, bestOf, compileValues, lower, type ValueOptions } from './values.js';
import { WINDOWS_CATEGORIES, WINDOWS_SERVICES, type WindowsSource } from './windows-logsources.js';

export type CompileOptions = ValueOptions;

export interface CompiledRule {
  rule: SigmaRule;
  matches(event: LogEvent): boolean;
  /**
   * The records the rule can match, as `sourceKey`s (`channel|event id`, `channel|*`), lower
   * case; `*` for any Windows record. A rule set tries an event only on rules under its keys.
   */
  keys: readonly string[];
  /** Lower-case strings one of which an event's values hold whenever the rule matches (null: no such strings). */
  anchors: readonly string[] | null;
  /** A field named as the rule's logsource names it (`TargetUserName`), read from an event it matched. */
  read(field: string, event: LogEvent): unknown;
}

/** The keys a record is found under: its own channel and event id, its channel, and any record. */
export function sourceKeys(event: LogEvent): string[] {
  // Each logsource the event is, with every part left out in turn: a rule names only some. A
  // Windows record that declares one (an EDR's file_access) is under both kinds of key.
  const keys = new Set<string>();
  for (const { product, service, category } of eventLogsources(event))
    for (const p of [product, undefined])
      for (const s of [service, undefined])
        for (const c of [category, undefined]) keys.add(logsourceKey({ product: p, service: s, category: c }));
  keys.delete(logsourceKey({}));
  const w = winlog(event);
  if (w) {
    const channel = lower(String(w.channel));
    keys.add(`${channel}|${w.event_id}`).add(`${channel}|*`).add('*');
  }
  return [...keys];
}

/**
 * Every value a rule's field can read from the event, lower-cased, one per line: where anchors
 * are looked for. Whatever windowsAccess can return must be here, or a rule would be skipped.
 */
export function searchableText(event: LogEvent): string {
  if (event === lastSearched) return lastText;
  const w = winlog(event);
  if (!w || event.secai?.logsource) {
    // A rule on another logsource can read any field of the event.
    lastSearched = event;
    lastText = `${leafText(event).join('\n')}\n`;
    return lastText;
  }
  let text = '';
  for (const v of recordValues(event)) {
    if (Array.isArray(v)) for (const x of v) text += `${lower(String(x))}\n`;
    else if (v !== undefined && v !== null && typeof v !== 'object') text += `${lower(String(v))}\n`;
  }
  lastSearched = event;
  lastText = text;
  return text;
}
/** What the fields of a Windows record can read: its system part, its message and its EventData. */
function recordValues(event: LogEvent): unknown[] {
  const w = winlog(event);
  const values: unknown[] = [w?.channel, w?.event_id, w?.provider_name, w?.computer_name, event.host?.name, event.message];
  for (const key in w?.event_data) values.push(w?.event_data?.[key]);
  return values;
}

/** The last event's text: the rule set and every keyword search of its rules ask for it in turn. */
let lastSearched: LogEvent | undefined;
let lastText = '';

type Doc = Record<string, unknown>;
type EventTest = ((event: LogEvent) => boolean) & { anchors?: readonly string[] | null };
/** How a rule's field name is read from an event (for one logsource alternative). */
type Accessor = (field: string) => (event: LogEvent) => unknown;

/** Compiles a rule, or throws RuleRefused saying why it cannot be run. */
export function compileRule(rule: SigmaRule, options: CompileOptions = {}): CompiledRule {
  const alternatives = logsourceOf(rule);
  const { condition, ...searches } = rule.detection;
  const conditions = typeof condition === 'string' ? [condition] : Array.isArray(condition) ? condition : undefined;
  if (!conditions || conditions.length === 0 || !conditions.every((c) => typeof c === 'string'))
    throw new RuleRefused('the condition is not a text');
  const names = Object.keys(searches);
  const trees = conditions.map((c) => parseCondition(c as string, names));
  const compiled = alternatives.map(({ gate, access }) => {
    const cache = new Map<string, EventTest>();
    const search = (name: string): EventTest => {
      let test = cache.get(name);
      if (!test) {
        test = compileSearch(name, searches[name], access, options);
        cache.set(name, test);
      }
      return test;
    };
    const ofTrees = trees.map((t) => compileCondition(t, search));
    const detect: EventTest = ofTrees.length === 1 ? (ofTrees[0] as EventTest) : (e) => ofTrees.some((t) => t(e));
    const anchors = anyOf(trees.map((t) => conditionAnchors(t, (name) => search(name).anchors ?? null)));
    return { gate, detect, anchors };
  });
  // Every search compiles now, used or not: a rule is refused whole, never found wanting at run time.
  for (const { access } of alternatives) for (const name of names) compileSearch(name, searches[name], access, options);
  return {
    rule,
    keys: [...new Set(alternatives.flatMap((a) => a.keys))],
    anchors: anyOf(compiled.map((c) => c.anchors)),
    matches(event) {
      for (const { gate, detect } of compiled) if (gate(event)) return detect(event);
      return false;
    },
    read(field, event) {
      const alternative = alternatives.find((a) => a.gate(event)) ?? alternatives[0];
      return alternative?.access(field)(event);
    },
  };
}

function compileSearch(name: string, definition: unknown, access: Accessor, options: CompileOptions): EventTest {
  try {
    if (Array.isArray(definition)) {
      if (definition.length > 0 && definition.every((d) => typeof d === 'object' && d !== null && !Array.isArray(d))) {
        const maps = definition.map((d) => compileMap(d as Doc, access, options));
        return anchored((e: LogEvent) => maps.some((t) => t(e)), anyOf(maps.map((m) => m.anchors ?? null)));
      }
      if (definition.every((d) => d === null || typeof d !== 'object')) return keywords(definition, options);
      throw new RuleRefused('a list mixes maps and values');
    }
    if (typeof definition === 'object' && definition !== null) return compileMap(definition as Doc, access, options);
    if (typeof definition === 'string' || typeof definition === 'number') return keywords([definition], options);
    throw new RuleRefused('it is neither a map, a list nor a keyword');
  } catch (err) {
    if (err instanceof RuleRefused) throw new RuleRefused(`search "${name}": ${err.message}`);
    throw err;
  }
}

/** Field items all hold (a map is an and). */
function compileMap(map: Doc, access: Accessor, options: CompileOptions): EventTest {
  const items = Object.entries(map).map(([key, values]): EventTest => {
    const [field = '', ...modifiers] = key.split('|');
    if (field === '') {
      if (modifiers.length > 0 && modifiers.every((m) => m === 'all' || m === 'contains' || m === 'cased'))
        return keywords(Array.isArray(values) ? values : [values], options, modifiers);
      throw new RuleRefused(`"${key}" names no field`);
    }
    const test = compileValues(modifiers, values, options);
    const read = access(field);
    if (modifiers.includes('fieldref')) return (e) => test(read(e), (f) => access(f)(e));
    return anchored((e: LogEvent) => test(read(e), noOther), test.anchors ?? null);
  });
  if (items.length === 0) throw new RuleRefused('an empty map');
  if (items.length === 1) return items[0] as EventTest;
  return anchored((e: LogEvent) => items.every((t) => t(e)), bestOf(items.map((t) => t.anchors ?? null)));
}
const noOther = () => undefined;

/**
 * Keywords: each searched in the values of a Windows record (the values its fields can have, and
 * its message), as a full-text search would; in the message and the original line of other
 * events. With `all`, every keyword must be found, each in any value.
 */
function keywords(values: readonly unknown[], options: CompileOptions, modifiers: readonly string[] = []): EventTest {
  const all = modifiers.includes('all');
  const as = [...new Set(['contains', ...modifiers.filter((m) => m !== 'all')])];
  const tests = all ? values.map((v) => compileValues(as, v, options)) : [compileValues(as, values, options)];
  const found = (t: (typeof tests)[number], e: LogEvent) =>
    winlog(e) ? recordValues(e).some((v) => t(v, noOther)) : t(e.message, noOther) || t(e.log?.original, noOther);
  return anchored((e: LogEvent) => tests.every((t) => found(t, e)), bestOf(tests.map((t) => t.anchors ?? null)));
}

/** What a condition needs found: an and needs one part's anchors, an or (or an N of) all of them, a not none. */
function conditionAnchors(condition: Condition, search: (name: string) => readonly string[] | null): readonly string[] | null {
  switch (condition.kind) {
    case 'search':
      return search(condition.name);
    case 'not':
      return null;
    case 'and':
      return bestOf(condition.of.map((c) => conditionAnchors(c, search)));
    case 'or':
      return anyOf(condition.of.map((c) => conditionAnchors(c, search)));
    case 'of':
      return condition.count >= condition.names.length ? bestOf(condition.names.map(search)) : anyOf(condition.names.map(search));
  }
}

interface Alternative {
  gate: EventTest;
  access: Accessor;
  keys: string[];
}

/** Where the rule's events are and how its fields are read there. */
function logsourceOf(rule: SigmaRule): Alternative[] {
  const { product, category, service } = rule.logsource;
  if (product?.toLowerCase() !== 'windows') {
    if (!product && !category && !service) throw new RuleRefused('the logsource names no product, service or category');
    const key = logsourceKey(rule.logsource);
    const gate: EventTest = (e) => eventLogsources(e).some((ls) => covers(rule.logsource, ls));
    return [{ gate, access: genericAccess(rule.logsource), keys: [key] }];
  }
  if (category) {
    const sources = WINDOWS_CATEGORIES[category.toLowerCase()];
    // A category no event log records (an EDR's file_access): for events that declare it.
    if (!sources)
      return [
        {
          gate: (e) => eventLogsources(e).some((ls) => covers(rule.logsource, ls)),
          access: genericAccess(rule.logsource),
          keys: [logsourceKey(rule.logsource)],
        },
      ];
    const chosen = service ? sources.filter((s) => s.service === service.toLowerCase()) : sources;
    if (chosen.length === 0) throw new RuleRefused(`category "${category}" is not recorded by the service "${service}"`);
    return chosen.map(windowsSource);
  }
  if (service) {
    if (!WINDOWS_SERVICES[service.toLowerCase()]) throw new RuleRefused(`no Windows channel is known for the service "${service}"`);
    return [windowsSource({ service: service.toLowerCase(), eventIds: [] })];
  }
  return [{ gate: (e) => winlog(e) !== undefined, access: windowsAccess(undefined), keys: ['*'] }];
}

/** Whether an event of logsource `event` is one a rule on `rule` is about: every part the rule names is the event's. */
function covers(rule: SigmaRule['logsource'], event: { product?: string; service?: string; category?: string }): boolean {
  const same = (a: string | undefined, b: string | undefined) => a === undefined || a.toLowerCase() === (b ?? '').toLowerCase();
  return same(rule.product, event.product) && same(rule.service, event.service) && same(rule.category, event.category);
}

interface Winlog {
  channel?: string;
  event_id?: string | number;
  provider_name?: string;
  computer_name?: string;
  event_data?: Record<string, unknown>;
}
const winlog = (e: LogEvent): Winlog | undefined => (e as unknown as { winlog?: Winlog }).winlog;

function windowsSource(source: WindowsSource): Alternative {
  const channels = new Set((WINDOWS_SERVICES[source.service] ?? []).map((c) => c.toLowerCase()));
  const ids = new Set(source.eventIds.map(String));
  const where = Object.entries(source.where ?? {}).map(([k, v]) => [k, v.toLowerCase()] as const);
  const gate: EventTest = (e) => {
    const w = winlog(e);
    if (!w || !channels.has(lower(String(w.channel)))) return false;
    if (ids.size > 0 && !ids.has(String(w.event_id))) return false;
    return where.every(([k, v]) => lower(String(w.event_data?.[k] ?? '')) === v);
  };
  const keys = [...channels].flatMap((c) => (ids.size > 0 ? [...ids].map((id) => `${c}|${id}`) : [`${c}|*`]));
  return { gate, access: windowsAccess(source.fields), keys };
}

/** Sigma's Windows field names: the System ones by name, the rest as EventData names (winlog.event_data). */
function windowsAccess(renames: Readonly<Record<string, string>> | undefined): Accessor {
  return (field) => {
    const name = renames?.[field] ?? field;
    switch (name) {
      case 'EventID':
        return (e) => winlog(e)?.event_id;
      case 'Channel':
        return (e) => winlog(e)?.channel;
      case 'Provider_Name':
        return (e) => winlog(e)?.provider_name;
      case 'Computer':
      case 'ComputerName':
        return (e) => winlog(e)?.computer_name ?? e.host?.name;
      default:
        return (e) => {
          const data = winlog(e)?.event_data;
          const value = data?.[name];
          return value === undefined && data ? spelledWithSpaces(data, name) : value;
        };
    }
  };
}

/** Defender and some other providers name their data `Threat Name`; Sigma's rules say `ThreatName`. */
function spelledWithSpaces(data: Record<string, unknown>, name: string): unknown {
  let compact = SPACED.get(data);
  if (compact === undefined) {
    // Once per record: most have no such names, and rules ask for absent fields all the time.
    compact = null;
    for (const key in data) {
      if (!key.includes(' ')) continue;
      compact ??= new Map();
      compact.set(key.replaceAll(' ', ''), key);
    }
    SPACED.set(data, compact);
  }
  const key = compact?.get(name);
  return key === undefined ? undefined : data[key];
}
const SPACED = new WeakMap<object, Map<string, string> | null>();
