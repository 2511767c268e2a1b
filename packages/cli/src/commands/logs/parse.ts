import { Args, Flags } from '@oclif/core';
import { LOG_FORMATS } from '@secai/core/constants';
import { ValidationError } from '@secai/core/errors';
import {
  type CustomRule,
  compileRules,
  flattenEvent,
  isValidZone,
  type LineParser,
  type LogFormat,
  type ParsedLine,
  parseLine,
} from '@secai/core/events';
import { inputLines, readInputText } from '../../lib/input-files.js';
import { OfflineCommand } from '../../lib/offline-command.js';

export interface ParsedLogLine extends ParsedLine {
  /** 1-based line number in the input. */
  line: number;
}

export default class LogsParse extends OfflineCommand {
  static override enableJsonFlag = true;
  static override summary = 'parse log lines offline and show the events secai makes of them';
  static override description =
    'Test a source before sending it: each line is parsed as the server would (the format detected per line unless --format fixes it) and its normalized fields are printed, or why no parser took it. Nothing is sent anywhere. A summary of parsed and unparsed lines goes to standard error.';
  static override args = { file: Args.string({ description: 'log file, or - for standard input', required: true }) };
  static override examples = [
    '<%= config.bin %> <%= command.id %> /var/log/auth.log',
    {
      description: 'One line from a pipe',
      command: "echo '<34>Oct 11 22:14:15 mymachine su: failed for lonvick' | <%= config.bin %> <%= command.id %> -",
    },
    { description: 'Firewall CEF, as JSON', command: '<%= config.bin %> <%= command.id %> fw.log --format cef --json' },
    {
      description: 'A source whose timestamps are local time without an offset',
      command: '<%= config.bin %> <%= command.id %> access.log --timezone Europe/Paris',
    },
    {
      description: "Try a source's own parse rules (a JSON list, as in SECAI_LOG_PARSERS) before the server gets them",
      command: '<%= config.bin %> <%= command.id %> billing.log --parsers billing-rules.json',
    },
  ];
  static override flags = {
    format: Flags.option({ options: LOG_FORMATS, default: 'auto' as const, summary: 'line format (default: detected per line)' })(),
    timezone: Flags.string({
      summary: 'time zone of timestamps without an offset (IANA name or +hh:mm; default UTC)',
      helpValue: '<zone>',
    }),
    parsers: Flags.string({
      summary: 'a JSON file with a list of custom parse rules (regex or grok), tried before the built-in formats',
      helpValue: '<file>',
    }),
  };

  async run(): Promise<ParsedLogLine[]> {
    const { args, flags } = await this.parse(LogsParse);
    if (flags.timezone && !isValidZone(flags.timezone)) {
      throw new ValidationError(
        `--timezone: "${flags.timezone}" is neither an IANA time zone (Europe/Paris) nor an offset (+02:00)`,
        [{ code: 'invalid_timezone', path: ['--timezone'], message: 'not a time zone' }],
        'VALIDATION_FAILED',
      );
    }
    const custom = flags.parsers ? await customParsers(flags.parsers) : undefined;
    const results: ParsedLogLine[] = [];
    const counts = new Map<string, number>();
    let number = 0;
    for await (const text of await inputLines(args.file)) {
      number++;
      if (text.trim() === '') continue;
      const parsed = { line: number, ...parseLine(text, { format: flags.format as LogFormat, timezone: flags.timezone, custom }) };
      const key = parsed.format ?? 'unparsed';
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (this.jsonEnabled()) results.push(parsed);
      else process.stdout.write(describe(parsed));
    }
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const unparsed = counts.get('unparsed') ?? 0;
    const byFormat = [...counts].filter(([k]) => k !== 'unparsed').map(([k, n]) => `${k} ${n}`);
    process.stderr.write(
      `${total} line${total === 1 ? '' : 's'}: ${total - unparsed} parsed${byFormat.length > 0 ? ` (${byFormat.join(', ')})` : ''}, ${unparsed} unparsed\n`,
    );
    return results;
  }
}

/** The rules of a `--parsers` file, compiled: a file that is not a list of valid rules says why and where. */
async function customParsers(path: string): Promise<LineParser[]> {
  const text = await readInputText(path);
  let rules: unknown;
  try {
    rules = JSON.parse(text);
  } catch (err) {
    throw new ValidationError(`${path} is not JSON: ${(err as Error).message}`, [], 'VALIDATION_FAILED');
  }
  if (!Array.isArray(rules)) throw new ValidationError(`${path} must hold a JSON list of parse rules`, [], 'VALIDATION_FAILED');
  return compileRules(rules as CustomRule[]);
}

/** One event as `line N  format  time`, then its fields one per line (the raw line left out: it is above). */
function describe(parsed: ParsedLogLine): string {
  const { event } = parsed;
  if (!parsed.parsed) return `line ${parsed.line}  unparsed  ${event.error?.message ?? ''}\n\n`;
  const fields = flattenEvent(event).filter(([path]) => path !== 'log.original' && path !== '@timestamp' && path !== 'secai.format');
  const width = Math.max(...fields.map(([path]) => path.length));
  const body = fields.map(([path, value]) => `  ${path.padEnd(width)}  ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return `line ${parsed.line}  ${parsed.format}  ${event['@timestamp']}\n${body.join('\n')}\n\n`;
}
