import { Args, Flags } from '@oclif/core';
import { LOG_FORMATS } from '@secai/core/constants';
import { ValidationError } from '@secai/core/errors';
import { jsonObjects, type LogEvent, type LogFormat, parseLine, partOf } from '@secai/core/events';
import { Detector, type LoadedRule, type SigmaCorrelation, type SigmaRule } from '@secai/core/sigma';
import { EXIT } from '../../lib/exit-codes.js';
import { readInputText } from '../../lib/input-files.js';
import { OfflineCommand } from '../../lib/offline-command.js';
import { type Column, renderRows, styleSeverity } from '../../lib/output.js';
import { readRuleFiles, ruleSources, topReasons } from '../../lib/rule-files.js';

/** Where an event came from: `file:line`. */
interface EventRef {
  file: string;
  line: number;
}

export interface RuleHits {
  id: string | null;
  title: string;
  level: string | null;
  file: string;
  author: string | null;
  tags: string[];
  hits: number;
  events: EventRef[];
}

export interface Expectation {
  rule: string;
  expect: 'fire' | 'silent';
  hits: number;
  ok: boolean;
  /** Why it failed, when it did. */
  message?: string;
}

export interface DetectTestResult {
  events: number;
  rules: number;
  hits: RuleHits[];
  refused: { file: string; title: string | null; id: string | null; reason: string }[];
  expectations: Expectation[];
}

/** Events listed per rule, at most: a rule that fires on every line still prints a readable table. */
const MAX_REFS = 100;

const columns: Column<RuleHits>[] = [
  { key: 'level', header: 'LEVEL', get: (r) => r.level ?? '', style: (t, r) => styleSeverity(t, r.level ?? ''), fit: 'keep' },
  { key: 'hits', header: 'HITS', get: (r) => r.hits, fit: 'keep' },
  { key: 'title', header: 'RULE', get: (r) => r.title, fit: 'keep' },
  { key: 'first', header: 'FIRST EVENT', get: (r) => (r.events[0] ? `${r.events[0].file}:${r.events[0].line}` : ''), fit: 'text' },
  { key: 'id', header: 'ID', get: (r) => r.id ?? '', optional: true },
];

export default class DetectTest extends OfflineCommand {
  static override enableJsonFlag = true;
  static override strict = false;
  static override summary = 'run Sigma rules on events offline, and check which fire';
  static override description =
    'Rules as code: the rule files and folders given (every .yml and .yaml in a folder) are run on the events of the --events files by the Sigma engine of secai, with no server. Event files hold log lines in any format secai parses, NDJSON, a JSON list, or JSON objects one after another (as evtx_dump writes them). Correlation rules among them count the hits of their base rules in event time. Prints each rule that fired, with its hit count and first event; a rule secai cannot run is counted with its reason. With --expect and --expect-silent it is a test for CI: the exit status is 1 when a rule expected to fire does not, or one expected to stay silent fires.';
  static override usage = '<%= command.id %> RULES... --events FILE... [--expect RULE]... [--expect-silent RULE]...';
  static override args = { rules: Args.string({ description: 'Sigma rule files or folders', required: true }) };
  static override examples = [
    '<%= config.bin %> <%= command.id %> rules/windows --events sysmon.ndjson',
    {
      description: 'In CI: this rule must fire on the attack, and that one must not on normal activity',
      command:
        '<%= config.bin %> <%= command.id %> rules/ --events attack.json --expect 9ae01559-cf7e-4f8e-8e14-4c290a1b4784 --expect-silent rules/noisy.yml',
    },
    {
      description: 'Which rules fire on a log file, as JSON',
      command: '<%= config.bin %> <%= command.id %> rules/ --events - --json < auth.log',
    },
  ];
  static override flags = {
    events: Flags.string({
      summary: 'file of events (log lines, NDJSON, JSON), or - for standard input; repeat for several',
      helpValue: '<file>',
      multiple: true,
      required: true,
    }),
    expect: Flags.string({
      summary: 'a rule (id, title or file) that must fire; repeat for several',
      helpValue: '<rule>',
      multiple: true,
    }),
    'expect-silent': Flags.string({
      summary: 'a rule (id, title or file) that must not fire; repeat for several',
      helpValue: '<rule>',
      multiple: true,
    }),
    format: Flags.option({ options: LOG_FORMATS, default: 'auto' as const, summary: 'format of log lines (default: detected per line)' })(),
    logsource: Flags.string({
      summary: "what the events are, in Sigma's terms, for rules on other than Windows event logs: product=aws,service=cloudtrail",
      helpValue: '<product=…,service=…,category=…>',
    }),
  };

  async run(): Promise<DetectTestResult> {
    const { argv, flags } = await this.parse(DetectTest);
    const logsource = flags.logsource === undefined ? undefined : parseLogsource(flags.logsource);
    const detector = new Detector(ruleSources(await readRuleFiles(argv as string[])));
    const byRule = new Map<SigmaRule | SigmaCorrelation, { file: string; refs: EventRef[] }>();
    // In time order, as a correlation counts hits within its time span (ties keep file order).
    const events = (
      await Promise.all(flags.events.map(async (file) => (await readEvents(file, flags.format as LogFormat)).map((e) => ({ ...e, file }))))
    )
      .flat()
      .map((e) => ({ ...e, time: Date.parse(e.event['@timestamp']) }))
      .sort((a, b) => (a.time || 0) - (b.time || 0));
    for (const { event, file, line, time } of events) {
      if (logsource) partOf(event, 'secai').logsource = logsource;
      // Every hit counts here, a correlation's base rules' too: this is a test of each rule.
      for (const d of detector.detect(event, time || 0)) {
        const entry = byRule.get(d.rule) ?? { file: d.key, refs: [] };
        byRule.set(d.rule, entry);
        entry.refs.push({ file, line });
      }
    }
    const hits = [...byRule].map(([rule, { file, refs }]) => hitsOf(rule, file, refs));
    hits.sort((a, b) => b.hits - a.hits || a.title.localeCompare(b.title));
    const expectations = [
      ...(flags.expect ?? []).map((rule) => expectation(rule, 'fire', detector.rules, hits)),
      ...(flags['expect-silent'] ?? []).map((rule) => expectation(rule, 'silent', detector.rules, hits)),
    ];
    const refused = detector.rules.flatMap((r) =>
      'refused' in r ? [{ file: r.key, title: r.title ?? null, id: r.id ?? null, reason: r.refused }] : [],
    );
    const result: DetectTestResult = { events: events.length, rules: detector.size, hits, refused, expectations };
    if (!this.jsonEnabled()) this.print(result);
    if (expectations.some((e) => !e.ok)) process.exitCode = EXIT.FAILED;
    return result;
  }

  private print(result: DetectTestResult): void {
    if (result.hits.length > 0) {
      process.stdout.write(renderRows(result.hits, columns, process.stdout.isTTY ? 'table' : 'tsv', process.stdout.columns || 120));
    }
    const fired = result.hits.reduce((n, r) => n + r.hits, 0);
    const notRun = result.refused.length > 0 ? `, ${result.refused.length} not run (${topReasons(result.refused)})` : '';
    process.stderr.write(
      `${result.rules} rule${result.rules === 1 ? '' : 's'} run${notRun}; ${result.events} events; ${fired} hits by ${result.hits.length} rule${result.hits.length === 1 ? '' : 's'}\n`,
    );
    for (const e of result.expectations) if (!e.ok) process.stderr.write(`✗ ${e.message}\n`);
  }
}

/** The events of a file: its JSON objects when it starts with one (NDJSON, a list, evtx_dump), else one per line. */
async function readEvents(file: string, format: LogFormat): Promise<{ event: LogEvent; line: number }[]> {
  const text = await readInputText(file);
  const receivedAt = new Date();
  // evtx_dump heads each record with a `Record N` line.
  const start = text.replace(/^(\s*Record \d+\s*\n)+/, '').trimStart()[0];
  if (format === 'auto' && (start === '{' || start === '[')) {
    return jsonObjects(text).map((o) => {
      let line = o.text;
      try {
        line = JSON.stringify(JSON.parse(o.text));
      } catch {
        // kept as it is: the parser keeps what it cannot read, as the server does
      }
      return { event: parseLine(line, { receivedAt }).event, line: o.line };
    });
  }
  return text
    .split(/\r?\n/)
    .flatMap((line, i) => (line.trim() === '' ? [] : [{ event: parseLine(line, { receivedAt, format }).event, line: i + 1 }]));
}

function hitsOf(doc: SigmaRule | SigmaCorrelation, file: string, refs: EventRef[]): RuleHits {
  return {
    id: doc.id ?? null,
    title: doc.title,
    level: doc.level ?? null,
    file,
    author: doc.author ?? null,
    tags: doc.tags ?? [],
    hits: refs.length,
    events: refs.slice(0, MAX_REFS),
  };
}

/** A rule named by id, title or file (as given on the command line). */
function expectation(
  name: string,
  expect: 'fire' | 'silent',
  loaded: readonly LoadedRule<string>[],
  hits: readonly RuleHits[],
): Expectation {
  const named = (r: { id?: string | null; title?: string | null }, file: string) => r.id === name || r.title === name || file === name;
  const found = loaded.filter((r) => named(r, r.key));
  const n = hits.filter((r) => named(r, r.file)).reduce((sum, r) => sum + r.hits, 0);
  if (found.length === 0) return { rule: name, expect, hits: 0, ok: false, message: `${name}: no rule given has this id, title or file` };
  const refused = found.find((r) => 'refused' in r);
  if (refused && 'refused' in refused) return { rule: name, expect, hits: 0, ok: false, message: `${name}: not run: ${refused.refused}` };
  if (expect === 'fire' && n === 0) return { rule: name, expect, hits: 0, ok: false, message: `${name} was expected to fire and did not` };
  if (expect === 'silent' && n > 0)
    return { rule: name, expect, hits: n, ok: false, message: `${name} was expected to stay silent and fired ${n} times` };
  return { rule: name, expect, hits: n, ok: true };
}

/** `product=aws,service=cloudtrail` as a logsource; anything else is a usage error. */
function parseLogsource(text: string): Record<string, string> {
  const logsource: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const [key = '', value = ''] = pair.split('=').map((s) => s.trim());
    if (!['product', 'service', 'category'].includes(key) || value === '')
      throw new ValidationError(`--logsource: "${pair}" is not product=, service= or category= with a value`, [], 'VALIDATION_FAILED');
    logsource[key] = value;
  }
  return logsource;
}
