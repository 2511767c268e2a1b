import type { LogEvent, ParseContext, ParseOutcome } from './event.js';

/**
 * A format's parser: a whole line in, an event out (which keeps the line in `log.original`).
 * Hand-written scanners rather than one large regex each: they run on every ingested line, and
 * a regex with nested quantifiers can backtrack for seconds on a hostile 64 KB line.
 */
export interface LineParser {
  readonly format: string;
  /** The ECS fields this parser fills when the line has them (docs/events.md lists them). */
  readonly claims: readonly string[];
  /** Cheap: does the line look like this format? (format detection) */
  test(line: string): boolean;
  parse(line: string, ctx: ParseContext): ParseOutcome;
}

/**
 * A parser of a message inside an envelope (a syslog MSG): CEF, LEEF, sshd, key=value. It adds
 * to the event the envelope made and answers whether it recognised the message.
 */
export interface MessageParser {
  readonly name: string;
  readonly claims: readonly string[];
  parse(event: LogEvent, message: string, ctx: ParseContext): boolean;
}

/** A fresh event for a line: the line kept, the time it was received until the line says better. */
export function baseEvent(line: string, ctx: ParseContext): LogEvent {
  return { '@timestamp': ctx.receivedAt.toISOString(), log: { original: line }, event: { kind: 'event' } };
}
