// Importers meet reports of the wrong format and mangled ones: each either parses or refuses with
// REPORT_INVALID (the server's 400), never another error (a 500), and never reads another tool's
// report as a report without findings (which would mark every open finding of the scope fixed).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CORPUS, corpusAvailable } from '../_lib/corpus.js';
import { SecaiError } from '../errors/secai-error.js';
import { importReport, SCAN_FORMATS, type ScanFormat } from './index.js';

const corpusTest = corpusAvailable ? test : test.skip;
const read = (file: string) => readFileSync(join(CORPUS, 'scanners', file), 'utf8');

/** One or more corpus reports per format and layout, small enough to mangle hundreds of times. */
const SAMPLES: [file: string, format: ScanFormat][] = [
  ['trivy/scheme_2_many_vulns.json', 'trivy'],
  ['trivy/misconfigurations_and_secrets.json', 'trivy'],
  ['trivy/cvssv4_severity_source.json', 'trivy'],
  ['anchore_grype/check_all_fields.json', 'grype'],
  ['sarif/suppression_test.sarif', 'sarif'],
  ['semgrep/high-medium-low-severities.json', 'semgrep'],
  ['bandit/one_vuln.json', 'bandit'],
  ['gitleaks/gitleaks8_many.json', 'gitleaks'],
  ['gitleaks/version_7.5.0.json', 'gitleaks'],
  ['npm_audit/many_vuln.json', 'npm-audit'],
  ['npm_audit_7_plus/one_vuln.json', 'npm-audit'],
  ['snyk/all-projects_many_vulns.json', 'snyk'],
  ['nuclei/many_findings_new.json', 'nuclei'],
  ['nuclei/multiple_v3.json', 'nuclei'],
  ['tenable/nessus_was/nessus_was_one_vuln.xml', 'nessus'],
  ['tenable/nessus/nessus_many_vuln.csv', 'nessus'],
  ['openvas/report_detail_v2.xml', 'openvas'],
  ['zap/some_2.9.0.xml', 'zap'],
  ['dependency_check/version-6.5.3.xml', 'dependency-check'],
  ['qualys_webapp/qualys_webapp_many_vuln.xml', 'qualys'],
  ['qualys/empty.xml', 'qualys'],
  ['nmap/nmap_script_vulners.xml', 'nmap'],
  ['nmap/nmap_multiple_port.xml', 'nmap'],
  ['openvas/many_vuln.csv', 'openvas'],
  ['qualys/Qualys_Sample_Report.csv', 'qualys'],
];

/** Passes when the import succeeds or is refused as REPORT_INVALID (or, detected, as of no known format). */
function parsesOrRefuses(text: string, file: string, format?: ScanFormat): void {
  try {
    importReport(text, { file, ...(format && { format }) });
  } catch (err) {
    const allowed = format ? ['REPORT_INVALID'] : ['REPORT_INVALID', 'REPORT_FORMAT_UNKNOWN'];
    if (!(err instanceof SecaiError) || !allowed.includes(err.code)) {
      throw new Error(`${file} (${format ?? 'detected'}): ${(err as Error).stack}\n--- input ---\n${text.slice(0, 2000)}`);
    }
  }
}

type Tree = unknown;
type Path = (string | number)[];

/** Every place in a parsed document where a value can be replaced or removed. */
function pathsOf(node: Tree, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(node)) for (const [i, child] of node.entries()) pathsOf(child, [...at, i], out);
  else if (node && typeof node === 'object') for (const [k, child] of Object.entries(node)) pathsOf(child, [...at, k], out);
  return out;
}

type Mutation = { kind: 'replace'; value: unknown } | { kind: 'delete' } | { kind: 'double' };

/** The document with `mutation` applied at `path` (the root replaced when the path is empty). */
function mutate(doc: Tree, path: Path, mutation: Mutation): Tree {
  const copy = structuredClone(doc);
  const change = (old: unknown) => (mutation.kind === 'replace' ? mutation.value : mutation.kind === 'double' ? [old, old] : undefined);
  if (path.length === 0) return mutation.kind === 'delete' ? null : change(copy);
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (mutation.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = change(parent[last]);
  return copy;
}

const xmlOptions = { ignoreAttributes: false, attributeNamePrefix: '@', textNodeName: '#text', parseTagValue: false } as const;
const xmlParser = new XMLParser(xmlOptions);
const xmlBuilder = new XMLBuilder({ ...xmlOptions, format: false });

/** The tree as XML, or null where the builder itself cannot write it (a mangling the parser never yields). */
function buildXml(tree: Tree): string | null {
  try {
    return xmlBuilder.build(tree) as string;
  } catch {
    return null;
  }
}

/** A file's layout: how to read it into a tree, what to put in it, and how to write it back. */
function layoutOf(file: string, text: string) {
  if (text.trim().startsWith('<'))
    return {
      tree: xmlParser.parse(text) as Tree,
      values: fc.oneof(
        fc.string({ maxLength: 8 }),
        fc.constant(''),
        fc.constant({}),
        fc.constant({ '#text': 'x', '@name': 'y' }),
        fc.dictionary(fc.constantFrom('@name', '@port', '#text', 'host', 'URL', 'item'), fc.string({ maxLength: 6 }), {
          maxKeys: 3,
          noNullPrototype: true,
        }),
      ),
      write: (tree: Tree) => (tree && typeof tree === 'object' ? buildXml(tree) : String(tree ?? '')),
    };
  if (file.endsWith('.csv'))
    return {
      tree: parseCsv(text, { bom: true, relax_column_count: true }) as Tree,
      values: fc.oneof(fc.string({ maxLength: 8 }), fc.constant(''), fc.constantFrom('CVSS:3.1/AV:N', 'http://', '5', '-1', 'NaN')),
      write: (tree: Tree) =>
        (Array.isArray(tree) ? tree : [tree])
          .map((row) => (Array.isArray(row) ? row : [row]).map((cell) => `"${String(cell ?? '').replaceAll('"', '""')}"`).join(','))
          .join('\n'),
    };
  const jsonLines = file.startsWith('nuclei/') && !text.trim().startsWith('[');
  return {
    tree: (jsonLines
      ? text
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line))
      : JSON.parse(text)) as Tree,
    values: fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom(null, [null], {}, [], '', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'not a url', 1e308, -1, '\u0000'),
    ),
    write: (tree: Tree) =>
      jsonLines && Array.isArray(tree) ? tree.map((r) => JSON.stringify(r) ?? 'null').join('\n') : (JSON.stringify(tree) ?? ''),
  };
}

const SEED = Number(process.env.FC_SEED ?? 20260801);

corpusTest('every mangled corpus report parses or is REPORT_INVALID, never another error (fast-check)', () => {
  console.log(`  fast-check seed ${SEED} (FC_SEED=… to reproduce)`);
  for (const [file, format] of SAMPLES) {
    const text = read(file);
    const layout = layoutOf(file, text);
    const paths = pathsOf(layout.tree);
    const mutation = fc.oneof(
      layout.values.map((value): Mutation => ({ kind: 'replace', value })),
      fc.constant<Mutation>({ kind: 'delete' }),
      fc.constant<Mutation>({ kind: 'double' }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: paths.length - 1 }), mutation), { minLength: 1, maxLength: 3 }), (changes) => {
        let tree = layout.tree;
        for (const [index, m] of changes) {
          const current = pathsOf(tree);
          tree = mutate(tree, current[index % current.length] ?? [], m);
        }
        const mangled = layout.write(tree);
        fc.pre(mangled !== null);
        parsesOrRefuses(mangled, file, format);
        parsesOrRefuses(mangled, file);
      }),
      { seed: SEED, numRuns: 150, includeErrorInReport: true },
    );
  }
});

corpusTest("a corpus report given as another format is REPORT_INVALID, never another tool's empty report", () => {
  let refused = 0;
  for (const [file, own] of SAMPLES) {
    const text = read(file);
    for (const format of SCAN_FORMATS.filter((f) => f !== own)) {
      try {
        importReport(text, { file, format });
        assert.unreachable(`${file} read as ${format}`);
      } catch (err) {
        assert.instance(err, SecaiError, `${file} as ${format}: ${(err as Error).message}`);
        assert.is((err as SecaiError).code, 'REPORT_INVALID', `${file} as ${format}`);
        refused++;
      }
    }
  }
  assert.is(refused, SAMPLES.length * (SCAN_FORMATS.length - 1));
});

test('a Trivy report with a null vulnerability names where it is', () => {
  const report = { SchemaVersion: 2, ArtifactName: 'app:1', Results: [{ Target: 'app', Vulnerabilities: [null] }] };
  try {
    importReport(JSON.stringify(report), { file: 'trivy.json' });
    assert.unreachable();
  } catch (err) {
    assert.instance(err, SecaiError);
    assert.is((err as SecaiError).code, 'REPORT_INVALID');
    assert.is((err as SecaiError).details?.path, 'Results[0].Vulnerabilities[0]');
    assert.match((err as SecaiError).message, /Results\[0\]\.Vulnerabilities\[0\]/);
  }
});

test('an empty file is an empty report only for the tools that write one (nuclei, gitleaks)', () => {
  assert.is(importReport('', { file: 'n.jsonl', format: 'nuclei' }).findings.length, 0);
  assert.is(importReport('', { file: 'g.json', format: 'gitleaks' }).findings.length, 0);
  for (const format of ['trivy', 'grype', 'sarif', 'nessus', 'qualys'] as const) {
    try {
      importReport('\n', { file: 'x', format });
      assert.unreachable(format);
    } catch (err) {
      assert.is((err as SecaiError).code, 'REPORT_INVALID', format);
    }
  }
});

test('an empty or whitespace-only report whose format is detected is REPORT_INVALID, never a clean gitleaks run', () => {
  for (const text of ['', ' ', '\n', '\r\n\t \n']) {
    try {
      importReport(text, { file: 'empty.json' });
      assert.unreachable(JSON.stringify(text));
    } catch (err) {
      assert.instance(err, SecaiError, JSON.stringify(text));
      assert.is((err as SecaiError).code, 'REPORT_INVALID', JSON.stringify(text));
      assert.match((err as SecaiError).message, /^empty\.json: the report is empty/);
      assert.is((err as SecaiError).details?.file, 'empty.json');
    }
  }
  // Forced, the tools that write an empty file for "no findings" still read it so.
  assert.is(importReport(' \n', { file: 'g.json', format: 'gitleaks' }).findings.length, 0);
  assert.is(importReport(' \n', { file: 'n.jsonl', format: 'nuclei' }).findings.length, 0);
});

test.run();
