// Detection in the pipeline: the writer runs the enabled Sigma rules on each event it parses (in its
// thread, beside the parsers), and hands back hits small enough to post between threads; the main
// thread raises alerts from them (services/detections-service.ts) before the spool moves on.
import type { LogEvent } from '@secai/core/events';
import { type Detection, Detector, exceptionMatches, type RuleExceptionMatch, readDocuments } from '@secai/core/sigma';

/** The rules the pipeline runs, as the main thread loads them and posts them to the writer. */
export interface RulesToRun {
  /** Moves on with every change to rules and exceptions (data_versions.rules). */
  version: number;
  rules: { id: string; yaml: string }[];
  exceptions: { rule_id: string; match: RuleExceptionMatch; expires_at: string | null }[];
}

/** What an alert lists of an event (the log store keeps the whole of it). */
export type EventSummary = {
  id: string;
  '@timestamp': string;
  host?: string;
  user?: string;
  message?: string;
};

/** A rule that fired, as the writer hands it back. */
export interface DetectionHit {
  rule_id: string;
  /** The event it fired on; a correlation's is the event that completed it. */
  event_id: string;
  /** That event's time. */
  time: string;
  host: string | null;
  asset_id: string | null;
  /** The event, or a correlation's events (the first and the last ones when there are many). */
  events: EventSummary[];
  /** A correlation's count and group-by values. */
  correlation?: { count: number; group: Record<string, unknown> };
}

/** An alert lists this much of an event's message. */
const MESSAGE_CHARS = 300;
/** A correlation's events an alert lists. */
const CORRELATION_EVENTS = 10;

/** The detector for a set of rules to run; exceptions past their expiry silence nothing. */
export function detectorFor(toRun: RulesToRun): Detector<string> {
  const exceptions = new Map<string, { match: RuleExceptionMatch; expires: number }[]>();
  for (const e of toRun.exceptions) {
    const list = exceptions.get(e.rule_id) ?? [];
    list.push({ match: e.match, expires: e.expires_at ? Date.parse(e.expires_at) : Number.POSITIVE_INFINITY });
    exceptions.set(e.rule_id, list);
  }
  const sources = toRun.rules.flatMap((r) => readDocuments(r.yaml).map((document) => ({ key: r.id, document })));
  return new Detector(sources, {
    silenced: (key, event) => {
      const list = exceptions.get(key);
      if (!list) return false;
      const now = Date.now();
      return list.some((e) => e.expires > now && exceptionMatches(e.match, event));
    },
  });
}

/** An event stamped further ahead than this is taken as happening now (a clock wrong by years would skew correlations and grouping for ever). */
const FUTURE_SKEW_MS = 5 * 60_000;

/**
 * The rules as the pipeline runs them: each event once. A write retried after a failure (the
 * same records again, first in the next write) gets its events' hits from the first try, as the
 * correlations have counted them already.
 */
export class PipelineDetector {
  private detector: Detector<string> | null = null;
  private previous = new Map<string, DetectionHit[]>();
  private current = new Map<string, DetectionHit[]>();

  setRules(rules: RulesToRun): void {
    this.detector = rules.rules.length > 0 ? detectorFor(rules) : null;
  }

  /** Starts a write: the last write's hits are kept for its retry. */
  beginWrite(): void {
    this.previous = this.current;
    this.current = new Map();
  }

  /** The hits of the events, in order (correlations count in event time). */
  detect(events: readonly LogEvent[]): DetectionHit[] {
    const hits: DetectionHit[] = [];
    if (!this.detector) return hits;
    const now = Date.now();
    for (const event of events) {
      const id = event.event.id ?? '';
      let found = this.previous.get(id);
      if (!found) {
        found = [];
        const stamped = Date.parse(event['@timestamp']);
        const time = Number.isNaN(stamped) || stamped > now + FUTURE_SKEW_MS ? now : stamped;
        for (const d of this.detector.detect(event, time)) if (d.generates) found.push(hitOf(d, event, time));
      }
      this.current.set(id, found);
      hits.push(...found);
    }
    return hits;
  }
}

function hitOf(d: Detection<string>, event: LogEvent, time: number): DetectionHit {
  const events =
    d.events.length > CORRELATION_EVENTS
      ? [...d.events.slice(0, CORRELATION_EVENTS - 1), d.events[d.events.length - 1] as LogEvent]
      : d.events;
  return {
    rule_id: d.key,
    event_id: event.event.id ?? '',
    time: new Date(time).toISOString(),
    host: hostOf(event),
    asset_id: event.asset?.id ?? null,
    events: events.map(summary),
    ...(d.correlation && { correlation: d.correlation }),
  };
}

const hostOf = (event: LogEvent): string | null => event.host?.name ?? event.host?.hostname ?? null;

function summary(event: LogEvent): EventSummary {
  const host = hostOf(event);
  const user = event.user?.name;
  const message = event.message;
  return {
    id: event.event.id ?? '',
    '@timestamp': event['@timestamp'],
    ...(host && { host }),
    ...(user && { user }),
    ...(message && { message: message.length > MESSAGE_CHARS ? `${message.slice(0, MESSAGE_CHARS)}…` : message }),
  };
}
