// A Sigma rule compiled once into a test of normalized events: its logsource becomes a gate (which
// records it is about: for Windows a channel, event ids and field names) and its detection a tree
// of value tests. What the engine cannot run exactly as written is refused with the reason.
import type { LogEvent } from '../events/event.js';
import { compileCondition, parseCondition } from './condition.js';
import { RuleRefused } from './errors.js';
import type { SigmaRule } from './rule.js';
import { compileValues, type ValueOptions } from './values.js';
import { WINDOWS_CATEGORIES, WINDOWS_SERVICES, type WindowsSource } from './windows-logsources.js';

export type CompileOptions = ValueOptions;

export interface CompiledRule {
  rule: SigmaRule;
  matches(event: LogEvent): boolean;
}

type Doc = Record<string, unknown>;
type EventTest = (event: LogEvent) => boolean;
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
    return { gate, detect };
  });
  // Every search compiles now, used or not: a rule is refused whole, never found wanting at run time.
  for (const { access } of alternatives) for (const name of names) compileSearch(name, searches[name], access, options);
  return {
    rule,
    matches(event) {
      for (const { gate, detect } of compiled) if (gate(event)) return detect(event);
      return false;
    },
  };
}

function compileSearch(name: string, definition: unknown, access: Accessor, options: CompileOptions): EventTest {
  try {
    if (Array.isArray(definition)) {
      if (definition.length > 0 && definition.every((d) => typeof d === 'object' && d !== null && !Array.isArray(d))) {
        const maps = definition.map((d) => compileMap(d as Doc, access, options));
        return (e) => maps.some((t) => t(e));
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
    return (e) => test(read(e), noOther);
  });
  if (items.length === 0) throw new RuleRefused('an empty map');
  if (items.length === 1) return items[0] as EventTest;
  return (e) => items.every((t) => t(e));
}
const noOther = () => undefined;

/** Keywords: searched in the message and the original line, as a full-text search would. */
function keywords(values: readonly unknown[], options: CompileOptions, modifiers: readonly string[] = []): EventTest {
  const test = compileValues([...new Set(['contains', ...modifiers])], values, options);
  return (e) => test(e.message, noOther) || test(e.log?.original, noOther);
}

interface Alternative {
  gate: EventTest;
  access: Accessor;
}

/** Where the rule's events are and how its fields are read there. */
function logsourceOf(rule: SigmaRule): Alternative[] {
  const { product, category, service } = rule.logsource;
  if (product?.toLowerCase() !== 'windows') {
    throw new RuleRefused(`logsource ${JSON.stringify(rule.logsource)}: only Windows event logs are mapped to secai events so far`);
  }
  if (category) {
    const sources = WINDOWS_CATEGORIES[category.toLowerCase()];
    if (!sources) throw new RuleRefused(`no Windows event log records the category "${category}"`);
    const chosen = service ? sources.filter((s) => s.service === service.toLowerCase()) : sources;
    if (chosen.length === 0) throw new RuleRefused(`category "${category}" is not recorded by the service "${service}"`);
    return chosen.map(windowsSource);
  }
  if (service) {
    if (!WINDOWS_SERVICES[service.toLowerCase()]) throw new RuleRefused(`no Windows channel is known for the service "${service}"`);
    return [windowsSource({ service: service.toLowerCase(), eventIds: [] })];
  }
  return [{ gate: (e) => winlog(e) !== undefined, access: windowsAccess(undefined) }];
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
    if (!w || !channels.has(String(w.channel).toLowerCase())) return false;
    if (ids.size > 0 && !ids.has(String(w.event_id))) return false;
    return where.every(([k, v]) => String(w.event_data?.[k] ?? '').toLowerCase() === v);
  };
  return { gate, access: windowsAccess(source.fields) };
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
  for (const key in data) if (key.includes(' ') && key.replaceAll(' ', '') === name) return data[key];
  return undefined;
}
