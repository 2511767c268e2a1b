import type { LogFormat } from '../constants/log-formats.js';
import { ValidationError } from '../errors/secai-error.js';
import { type LogEvent, type ParseContext, partOf } from './event.js';
import { accessLines } from './formats/access.js';
import { authMessages } from './formats/auth.js';
import { cefLines, cefMessages } from './formats/cef.js';
import { type CustomRule, compileCustomParser } from './formats/custom.js';
import { jsonLines } from './formats/json.js';
import { kvLines, kvMessages } from './formats/kv.js';
import { leefLines, leefMessages } from './formats/leef.js';
import { createSyslogParser } from './formats/syslog.js';
import { baseEvent, type LineParser } from './parser.js';

/**
 * A syslog MSG is offered to these in order: a CEF or LEEF record and sshd/sudo/pam lines are
 * recognised by their start or their program; key=value last, as it is the loosest.
 */
const syslogLines = createSyslogParser([cefMessages, leefMessages, authMessages, kvMessages]);

/** The built-in formats, in the order detection tries them: the most specific first. */
const PARSERS: readonly LineParser[] = [jsonLines, cefLines, leefLines, syslogLines, accessLines, kvLines];

export interface ParseOptions extends Partial<ParseContext> {
  /** `auto` (default) detects the format per line. */
  format?: LogFormat;
  /** A source's own parsers, tried before the built-in ones (compiled once with `compileRules`). */
  custom?: readonly LineParser[];
  /** The source's name, kept as `secai.source`. */
  source?: string;
}

export interface ParsedLine {
  event: LogEvent;
  /** False when no parser took the line: the event keeps it, marked with the reason. */
  parsed: boolean;
  /** The parser that took the line (a custom rule's name), or null. */
  format: string | null;
}

/**
 * A line to a normalized event. A line no parser takes is not lost: it becomes an event whose
 * `message` and `log.original` hold it, tagged `unparsed`, with the reason in `error.message`.
 *
 * @example
 * parseLine('<34>Oct 11 22:14:15 mymachine su: ...', { receivedAt }).event.host?.hostname // 'mymachine'
 */
export function parseLine(line: string, options: ParseOptions = {}): ParsedLine {
  const ctx: ParseContext = { receivedAt: options.receivedAt ?? new Date(), timezone: options.timezone, peer: options.peer };
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  const reasons: string[] = [];
  for (const parser of candidates(text, options)) {
    const outcome = parser.parse(text, ctx);
    if (outcome.ok) return { event: finish(outcome.event, parser.format, options), parsed: true, format: parser.format };
    reasons.push(`${parser.format}: ${outcome.reason}`);
  }
  const event = baseEvent(text, ctx);
  event.message = text;
  event.error = { type: 'unparsed', message: reasons.length > 0 ? reasons.join('; ') : 'no format recognised the line' };
  event.tags = ['unparsed'];
  return { event: finish(event, null, options), parsed: false, format: null };
}

function candidates(line: string, options: ParseOptions): LineParser[] {
  const custom = options.custom ?? [];
  const format = options.format ?? 'auto';
  if (format !== 'auto') {
    const fixed = PARSERS.find((p) => p.format === format);
    // LOG_FORMATS and PARSERS list the same formats (parse.test.ts checks it).
    if (!fixed) throw new ValidationError(`No parser for the log format ${format}`);
    return [...custom, fixed];
  }
  return [...custom, ...PARSERS.filter((p) => p.test(line))];
}

function finish(event: LogEvent, format: string | null, options: ParseOptions): LogEvent {
  if (options.source) partOf(event, 'secai').source = options.source;
  if (format) partOf(event, 'secai').format = format;
  if (!event.host?.hostname && !event.host?.name && options.peer) partOf(event, 'host').ip = [options.peer];
  return event;
}

/** A source's custom rules compiled once; a bad rule is a ValidationError naming it. */
export function compileRules(rules: readonly CustomRule[]): LineParser[] {
  return rules.map((rule) => {
    try {
      return compileCustomParser(rule);
    } catch (err) {
      // The rule's own errors already name it.
      if (err instanceof ValidationError) throw err;
      throw new ValidationError(`Custom parser ${rule.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
}

/** Every ECS field some built-in parser fills (docs/events.md lists them per format). */
export function claimedFields(): Record<string, readonly string[]> {
  return {
    ...Object.fromEntries(PARSERS.map((p) => [p.format, p.claims])),
    auth: authMessages.claims,
    'cef in syslog': cefMessages.claims,
    'leef in syslog': leefMessages.claims,
    'kv in syslog': kvMessages.claims,
  };
}
