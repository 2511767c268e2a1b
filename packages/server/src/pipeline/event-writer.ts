import { type CustomRule, compileRules, type LineParser, type LogEvent, parseLine, partOf } from '@secai/core/events';
import type { LogStore } from '../logstore/log-store.js';
import { type AssetIndex, enrichEvents } from './asset-index.js';
import { type DetectionHit, PipelineDetector, type RulesToRun } from './detection.js';
import type { RawRecord } from './intake.js';

/**
 * Per collector, how many of the records written parsed, how many were kept unparsed, and how
 * many of those the store found new (`stored`): the rest had an id it already held.
 */
export type WriteTally = Record<string, { parsed: number; unparsed: number; stored: number }>;

/** A write's tally and the detection rules that fired on its events. */
export interface WriteResult {
  tally: WriteTally;
  hits: DetectionHit[];
  /** The events stored, when asked for (for the live stream). */
  events?: LogEvent[];
}

export interface WriteOptions {
  /** Hand the stored events back (only while someone follows them: they outlive the write then). */
  keepEvents?: boolean;
}

/**
 * The pipeline's last stage: records to stored events. In this thread (tests, small setups) or
 * in a worker thread (`secai serve`), where parsing and the store's writes do not hold up the
 * collectors, the spool and the API.
 */
export interface EventWriter {
  /** Parses, enriches, runs the rules on and stores the records; resolves once the store has them. */
  write(records: readonly RawRecord[], options?: WriteOptions): Promise<WriteResult>;
  /** The assets enrichment matches hosts against (reloaded by the pipeline now and then). */
  setAssets(index: AssetIndex): void;
  /** The detection rules to run (posted again whenever they change). */
  setRules(rules: RulesToRun): void;
  /**
   * Finishes the write in hand and lets go; once `deadline` is aborted it lets go at once, and
   * the write in hand is not stored (its records stay in the spool for the next start).
   */
  close(deadline?: AbortSignal): Promise<void>;
}

export interface WriterSettings {
  /** Custom parse rules per source name (compiled once). */
  rules?: Record<string, readonly CustomRule[]>;
  /** Records parsed and stored at a time (one store write per collector each). */
  sliceSize?: number;
  /** What a source's events are in Sigma's terms (`secai.logsource`), by source name. */
  logsources?: Record<string, { product?: string; service?: string; category?: string }>;
}

/**
 * A write's records are parsed and stored a slice at a time, so that a slice's events die young:
 * when a whole batch of 4,000 was parsed before its write, its events outlived the young
 * generation and the collector spent more time copying them than the store did writing.
 */
const SLICE_SIZE = 250;

/** The writer that runs where it is called. */
export function inlineWriter(store: LogStore, settings: WriterSettings = {}): EventWriter {
  const rules = new Map<string, readonly LineParser[]>(
    Object.entries(settings.rules ?? {}).map(([source, r]) => [source, compileRules(r)]),
  );
  const sliceSize = settings.sliceSize ?? SLICE_SIZE;
  let assets: AssetIndex | null = null;
  const detector = new PipelineDetector();
  return {
    async write(records, options = {}) {
      const ingested = new Date().toISOString();
      const tally: WriteTally = {};
      const hits: DetectionHit[] = [];
      const kept: LogEvent[] | undefined = options.keepEvents ? [] : undefined;
      detector.beginWrite();
      for (let start = 0; start < records.length; start += sliceSize) {
        const byCollector = new Map<string, LogEvent[]>();
        for (let i = start; i < Math.min(start + sliceSize, records.length); i++) {
          const record = records[i] as RawRecord;
          const { event, parsed } = parseLine(record.line, {
            format: record.format,
            source: record.source,
            custom: record.source === undefined ? undefined : rules.get(record.source),
            receivedAt: new Date(record.receivedAt),
            peer: record.peer,
          });
          event.event.id = record.id;
          event.event.ingested = ingested;
          const secai = partOf(event, 'secai');
          secai.collector = record.collector;
          const logsource = record.source === undefined ? undefined : settings.logsources?.[record.source];
          if (logsource && !secai.logsource) secai.logsource = logsource;
          let events = byCollector.get(record.collector);
          if (!events) {
            events = [];
            byCollector.set(record.collector, events);
          }
          events.push(event);
          const t = tally[record.collector] ?? { parsed: 0, unparsed: 0, stored: 0 };
          tally[record.collector] = t;
          if (parsed) t.parsed++;
          else t.unparsed++;
        }
        // One write per collector's share, as the store counts what is new per write, not per event.
        for (const [collector, events] of byCollector) {
          if (assets) enrichEvents(assets, events);
          hits.push(...detector.detect(events));
          (tally[collector] as WriteTally[string]).stored += await store.write(events);
          kept?.push(...events);
        }
      }
      return kept ? { tally, hits, events: kept } : { tally, hits };
    },
    setAssets(index) {
      assets = index;
    },
    setRules(rules) {
      detector.setRules(rules);
    },
    async close() {},
  };
}
