import { type CustomRule, compileRules, type LineParser, type LogEvent, parseLine, partOf } from '@secai/core/events';
import type { LogStore } from '../logstore/log-store.js';
import { type AssetIndex, enrichEvents } from './asset-index.js';
import type { RawRecord } from './intake.js';

/**
 * Per collector, how many of the records written parsed, how many were kept unparsed, and how
 * many of those the store found new (`stored`): the rest had an id it already held.
 */
export type WriteTally = Record<string, { parsed: number; unparsed: number; stored: number }>;

/**
 * The pipeline's last stage: records to stored events. In this thread (tests, small setups) or
 * in a worker thread (`secai serve`), where parsing and the store's writes do not hold up the
 * collectors, the spool and the API.
 */
export interface EventWriter {
  /** Parses, enriches and stores the records; resolves once the store has them. */
  write(records: readonly RawRecord[]): Promise<WriteTally>;
  /** The assets enrichment matches hosts against (reloaded by the pipeline now and then). */
  setAssets(index: AssetIndex): void;
  /**
   * Finishes the write in hand and lets go; once `deadline` is aborted it lets go at once, and
   * the write in hand is not stored (its records stay in the spool for the next start).
   */
  close(deadline?: AbortSignal): Promise<void>;
}

export interface WriterSettings {
  /** Custom parse rules per source name (compiled once). */
  rules?: Record<string, readonly CustomRule[]>;
  batchSize?: number;
}

/** The writer that runs where it is called. */
export function inlineWriter(store: LogStore, settings: WriterSettings = {}): EventWriter {
  const rules = new Map<string, readonly LineParser[]>(
    Object.entries(settings.rules ?? {}).map(([source, r]) => [source, compileRules(r)]),
  );
  const batchSize = settings.batchSize ?? 10_000;
  let assets: AssetIndex | null = null;
  return {
    async write(records) {
      const ingested = new Date().toISOString();
      const byCollector = new Map<string, LogEvent[]>();
      const tally: WriteTally = {};
      for (const record of records) {
        const { event, parsed } = parseLine(record.line, {
          format: record.format,
          source: record.source,
          custom: record.source === undefined ? undefined : rules.get(record.source),
          receivedAt: new Date(record.receivedAt),
          peer: record.peer,
        });
        event.event.id = record.id;
        event.event.ingested = ingested;
        partOf(event, 'secai').collector = record.collector;
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
      // A batch of several collectors costs a transaction each; a pipeline batch is mostly one.
      for (const [collector, events] of byCollector) {
        if (assets) enrichEvents(assets, events);
        const t = tally[collector] as WriteTally[string];
        for (let i = 0; i < events.length; i += batchSize) t.stored += await store.write(events.slice(i, i + batchSize));
      }
      return tally;
    },
    setAssets(index) {
      assets = index;
    },
    async close() {},
  };
}
