import { ValidationError } from '@secai/core';
import { Cron } from 'croner';

/**
 * A schedule's cron read in its time zone (croner: five fields, or six with seconds first, or
 * seven with a year). Only used for arithmetic (`paused`): nothing here runs on croner's timers.
 */
export interface CronClock {
  /** The first tick strictly after `after`, or null when the pattern has none left. */
  next(after: Date): Date | null;
  /** The latest tick at or before `at`, or null when there was none. */
  latest(at: Date): Date | null;
}

/**
 * Reads `expr` in `timezone`; an unreadable cron or an unknown time zone is a 400 CRON_INVALID
 * whose issue names the field (`cron` or `timezone`) and the problem.
 *
 * @example
 * cronClock('0 3 * * *', 'Europe/Amsterdam').next(new Date('2026-03-29T00:00:00Z')) // 2026-03-29T01:00:00.000Z (CEST)
 */
export function cronClock(expr: string, timezone: string): CronClock {
  assertTimezone(timezone);
  let cron: Cron;
  try {
    cron = new Cron(expr, { timezone, paused: true });
  } catch (err) {
    throw cronInvalid('cron', `${JSON.stringify(expr)} is not a cron expression: ${reason(err)}`);
  }
  return {
    next: (after) => cron.nextRun(after),
    latest: (at) => cron.previousRuns(1, at)[0] ?? null,
  };
}

/** Throws CRON_INVALID unless `expr` and `timezone` make a schedule. */
export function assertCron(expr: string, timezone: string): void {
  const clock = cronClock(expr, timezone);
  // A pattern croner accepts can still never match (`0 0 30 2 *`, February 30th).
  if (clock.next(new Date()) === null) throw cronInvalid('cron', `${JSON.stringify(expr)} never matches a date`);
}

function assertTimezone(timezone: string): void {
  try {
    // Throws a RangeError for a name the IANA database (as Node's ICU ships it) does not know.
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    throw cronInvalid('timezone', `${JSON.stringify(timezone)} is not an IANA time zone (e.g. UTC, Europe/Amsterdam)`);
  }
}

function cronInvalid(field: 'cron' | 'timezone', message: string): ValidationError {
  return new ValidationError(message, [{ code: 'custom', path: [field], message }], 'CRON_INVALID');
}

/** croner's messages start with the class that threw (`CronPattern: …`); the cause is what follows. */
const reason = (err: unknown): string => (err instanceof Error ? err.message.replace(/^\w+:\s*/, '') : String(err));
