import { XMLParser } from 'fast-xml-parser';
import { reportError } from './finding.js';

/** Elements that can repeat, so they always come back as arrays. */
const REPEATED = new Set([
  'ReportHost',
  'ReportItem',
  'cve',
  'cwe',
  'see_also',
  'xref',
  'bid',
  'tag',
  'result',
  'ref',
  'site',
  'alertitem',
  'instance',
  'dependency',
  'vulnerability',
  'cwe',
  'software',
  'reference',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name) => REPEATED.has(name),
});

export type XmlNode = Record<string, unknown>;

/** Parses XML, naming the file and position when it is not well-formed. */
export function parseXml(text: string, file: string): XmlNode {
  try {
    return parser.parse(text, true) as XmlNode;
  } catch (err) {
    const e = err as { message?: string; err?: { msg?: string; line?: number; col?: number } };
    const line = e.err?.line;
    throw reportError(
      file,
      `not well-formed XML${line ? ` at line ${line}, column ${e.err?.col}` : ''} (${e.err?.msg ?? e.message})`,
      line ? { line } : {},
    );
  }
}

/** Text of an element that may carry attributes. */
export function text(node: unknown): string | null {
  if (node === undefined || node === null) return null;
  if (typeof node === 'object') {
    const t = (node as XmlNode)['#text'];
    return t === undefined ? null : String(t);
  }
  const s = String(node);
  return s === '' ? null : s;
}

export const list = <T = XmlNode>(value: unknown): T[] =>
  Array.isArray(value) ? (value as T[]) : value === undefined || value === null || value === '' ? [] : [value as T];
