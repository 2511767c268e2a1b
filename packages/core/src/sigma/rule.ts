// A Sigma rule document as the engine keeps it (the fields of the Sigma specification's rule
// format that detection and alerts use), read from YAML.
import { parseAllDocuments } from 'yaml';
import { asCorrelation, type SigmaCorrelation } from './correlation.js';
import { RuleRefused } from './errors.js';

export interface SigmaLogsource {
  product?: string;
  category?: string;
  service?: string;
}

export interface SigmaRule {
  title: string;
  id?: string;
  /** What correlation rules call it by (besides its id). */
  name?: string;
  status?: string;
  level?: string;
  description?: string;
  author?: string;
  date?: string;
  logsource: SigmaLogsource;
  /** Named searches and `condition`. */
  detection: Record<string, unknown>;
  fields?: string[];
  falsepositives?: string[];
  tags?: string[];
  references?: string[];
}

/** The rules in a YAML text (one per document); a document that is not a rule is refused with why. */
export function readRules(text: string): SigmaRule[] {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return [];
  return docs.map((doc) => {
    if (doc.errors.length > 0) throw new RuleRefused(`not YAML: ${doc.errors[0]?.message}`);
    let value: unknown;
    try {
      value = doc.toJS();
    } catch (err) {
      throw new RuleRefused(`not YAML: ${(err as Error).message}`);
    }
    return asRule(value);
  });
}

/** One document of a rule file: a rule, a correlation, or why it cannot be run. */
export type SigmaDocument =
  | { kind: 'rule'; rule: SigmaRule }
  | { kind: 'correlation'; correlation: SigmaCorrelation }
  | { kind: 'refused'; reason: string; title?: string; id?: string };

/**
 * Every document of a YAML text, each on its own: a correlation's file often holds its base
 * rules too, and one document the engine cannot run does not take the others with it.
 */
export function readDocuments(source: string): SigmaDocument[] {
  const docs = parseAllDocuments(source);
  if (!Array.isArray(docs)) return [];
  return docs.map((doc): SigmaDocument => {
    if (doc.errors.length > 0) return { kind: 'refused', reason: `not YAML: ${doc.errors[0]?.message}` };
    let value: Record<string, unknown> | null;
    try {
      value = doc.toJS() as Record<string, unknown> | null;
    } catch (err) {
      // Parsed, yet not data: an alias to no anchor (`*name`), say.
      return { kind: 'refused', reason: `not YAML: ${(err as Error).message}` };
    }
    try {
      if (value && typeof value === 'object' && 'correlation' in value) return { kind: 'correlation', correlation: asCorrelation(value) };
      return { kind: 'rule', rule: asRule(value) };
    } catch (err) {
      if (!(err instanceof RuleRefused)) throw err;
      return { kind: 'refused', reason: err.message, title: text(value?.title), id: text(value?.id) };
    }
  });
}

/** Each document's own text, in the order readDocuments gives them (a stored rule keeps just its document). */
export function documentTexts(source: string): string[] {
  const docs = parseAllDocuments(source);
  if (!Array.isArray(docs)) return [];
  // Without its `---` marker (a document may begin on the marker's line: `--- {title: …}`).
  return docs.map((doc) => source.slice(doc.range[0], doc.range[2]).replace(/^---[ \t]*(?:\r?\n)?/, ''));
}

const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : undefined;
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : v instanceof Date ? v.toISOString().slice(0, 10) : undefined);

/** A parsed YAML document as a rule: the required parts are checked, the optional ones kept when well-formed. */
export function asRule(doc: unknown): SigmaRule {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new RuleRefused('a rule is a YAML map');
  const d = doc as Record<string, unknown>;
  if ('correlation' in d) throw new RuleRefused('a correlation rule, not a detection rule (read it with readDocuments)');
  if (typeof d.title !== 'string' || d.title.trim() === '') throw new RuleRefused('the rule has no title');
  const logsource = d.logsource;
  if (typeof logsource !== 'object' || logsource === null) throw new RuleRefused('the rule has no logsource');
  const detection = d.detection;
  if (typeof detection !== 'object' || detection === null || Array.isArray(detection)) throw new RuleRefused('the rule has no detection');
  if (!('condition' in detection)) throw new RuleRefused('the detection has no condition');
  const ls = logsource as Record<string, unknown>;
  return {
    title: d.title,
    id: text(d.id),
    name: text(d.name),
    status: text(d.status),
    level: text(d.level),
    description: text(d.description),
    author: text(d.author),
    date: text(d.date),
    logsource: { product: text(ls.product), category: text(ls.category), service: text(ls.service) },
    detection: detection as Record<string, unknown>,
    fields: strings(d.fields),
    falsepositives: strings(d.falsepositives),
    tags: strings(d.tags),
    references: strings(d.references),
  };
}
