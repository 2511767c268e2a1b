import { ServiceUnavailableError } from '@secai/core';
import type { LogEvent } from '@secai/core/events';
import type { Logger } from 'pino';
import { newTimeOrderedId } from '../_lib/ids.js';
import { aborted, type Component } from '../runtime/component.js';
import type { AssetIndex } from './asset-index.js';
import type { DetectionHit, RulesToRun } from './detection.js';
import type { EventWriter } from './event-writer.js';
import type { CollectorRegistry, Intake, RawRecord } from './intake.js';
import { Spool, type SpoolPosition } from './spool.js';

/** How long a client told to come back (HTTP 503) waits: a batch of the store takes well under it. */
const RETRY_AFTER_SECONDS = 1;
/** How stale the asset index enrichment uses may be: assets change by imports and edits, not per event. */
const ASSETS_REFRESH_MS = 30_000;
/**
 * How often the rules' version is read: a rule enabled or an exception added on another instance
 * applies within it. Rules are compiled again only when it moved (3,780 rules take seconds), and
 * exceptions expire by the clock in the writer.
 */
const RULES_CHECK_MS = 2_000;

export interface PipelineOptions {
  /** Parses, enriches and stores (in this thread or a worker thread). */
  writer: EventWriter;
  /** This instance's spool directory (records accepted and not yet stored live there). */
  spoolDir: string;
  registry: CollectorRegistry;
  logger: Logger;
  /**
   * Accepted records not yet stored, at most: past it the intake is saturated (HTTP answers 503,
   * TCP stops reading, UDP drops and counts). It bounds memory and the replay after a crash.
   */
  maxBuffered?: number;
  /** Records per write. */
  batchSize?: number;
  /** The estate's hosts and addresses, for enrichment (asset id, criticality); reloaded every 30 s. */
  assets?: () => Promise<AssetIndex>;
  /** Detection: the rules to run (`version()` is read every 2 s; `load()` when it moved) and where hits go. */
  detection?: {
    version(): Promise<number>;
    load(): Promise<RulesToRun>;
    /** Raises or adds to alerts; the spool moves past a batch only once its hits are raised. */
    raise(hits: readonly DetectionHit[]): Promise<void>;
  };
  /** The live stream's `events` topic: stored events are handed over while someone follows it. */
  stream?: {
    followed(): boolean;
    record(events: readonly LogEvent[]): Promise<void>;
    notRecorded(count: number): void;
  };
}

/**
 * The record with an id, as one object literal: a spread (`{ ...r, id }`) past V8's inline cache
 * gave each copy a hidden class of its own, 300 bytes more per buffered record (30 MB at 100,000).
 */
function identify(r: RawRecord): RawRecord {
  if (r.id) return r;
  const { line, receivedAt, collector, source, format, peer } = r;
  return { line, receivedAt, collector, source, format, peer, id: newTimeOrderedId() };
}

/** Records accepted together, with where they end in the spool. */
interface Chunk {
  records: readonly RawRecord[];
  end: SpoolPosition;
}

/**
 * From accepted lines to stored events: collectors hand records to `accept`, which returns once
 * they are in the spool; one writer takes them in order, parses, enriches and writes them to the
 * log store in batches, then moves the spool's checkpoint past them. Memory is bounded by
 * `maxBuffered`; what a crash leaves in the spool is stored at the next start.
 */
export class Pipeline implements Intake {
  private readonly queue: Chunk[] = [];
  private buffered = 0;
  private writing: Promise<void> | null = null;
  private closed = true;
  private spool: Spool | null = null;
  private waiters: (() => void)[] = [];
  private readonly maxBuffered: number;
  private readonly batchSize: number;
  private assetsAt = 0;
  private rulesCheckedAt = 0;
  private rulesVersion = -1;
  /** Torn spool tails cut at the last start: bytes, segments. */
  repaired = { bytes: 0, segments: 0 };

  constructor(private readonly options: PipelineOptions) {
    this.maxBuffered = options.maxBuffered ?? 100_000;
    // A batch is one message to the writer thread and one move of the spool's checkpoint; the
    // writer parses and stores it in slices (event-writer.ts), so its size costs little memory.
    this.batchSize = options.batchSize ?? 4_000;
  }

  get saturated(): boolean {
    return this.buffered >= this.maxBuffered;
  }

  /** Records accepted and not yet stored. */
  get pending(): number {
    return this.buffered;
  }

  room(): Promise<void> {
    if (!this.saturated) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async accept(records: readonly RawRecord[]): Promise<void> {
    if (this.closed || !this.spool)
      throw new ServiceUnavailableError('The log pipeline is not running', RETRY_AFTER_SECONDS, 'INGEST_SATURATED');
    if (this.saturated) {
      throw new ServiceUnavailableError(
        `The log pipeline is full (${this.buffered} events waiting for the store); send again shortly`,
        RETRY_AFTER_SECONDS,
        'INGEST_SATURATED',
      );
    }
    if (records.length === 0) return;
    // The id is given before the spool write, so a replay after a crash stores the same event
    // under the same id, which the store keeps once.
    const identified = records.map(identify);
    this.buffered += identified.length;
    try {
      const end = await this.spool.append(identified);
      this.queue.push({ records: identified, end });
    } catch (err) {
      this.buffered -= identified.length;
      this.wake();
      throw err;
    }
    this.kick();
  }

  /** The pipeline as a runtime component: start replays the spool, stop drains it. */
  component(): Component {
    return {
      name: 'pipeline',
      start: async () => {
        const { spool, recovered } = Spool.open(this.options.spoolDir);
        this.spool = spool;
        this.repaired = { bytes: recovered.cutBytes, segments: recovered.cutSegments };
        if (recovered.cutBytes > 0) {
          this.options.logger.warn(this.repaired, 'cut a torn tail off the log spool (a crash mid-write; none of it was acknowledged)');
        }
        if (recovered.records.length > 0) {
          this.options.logger.info({ events: recovered.records.length }, 'storing the events the spool kept from the last run');
          this.buffered += recovered.records.length;
          this.queue.push({ records: recovered.records, end: recovered.end });
        }
        this.closed = false;
        // The writer compiles the rules now rather than on the first batch (3,000 rules take seconds).
        void this.refreshRules();
        this.kick();
      },
      stop: async (deadline) => {
        this.closed = true;
        await Promise.race([this.drained(), aborted(deadline)]);
        // What is left stays in the spool and is stored at the next start; past the deadline so
        // does the batch in hand (the writer lets it go, and the spool is not moved past it).
        const writing = this.writing?.catch(() => {});
        await this.options.writer.close(deadline);
        await Promise.race([writing, aborted(deadline)]);
        await this.spool?.close();
        this.spool = null;
      },
    };
  }

  /** Resolves when everything accepted so far is stored. */
  async drained(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private kick(): void {
    if (this.writing || this.queue.length === 0) return;
    this.writing = this.writeAll().finally(() => {
      this.writing = null;
      if (!this.closed) this.kick();
    });
  }

  private async writeAll(): Promise<void> {
    while (this.queue.length > 0) {
      const chunks = this.take();
      try {
        await this.store(chunks);
      } catch (err) {
        // The store is away (disk full, database down): the records stay queued and in the spool;
        // try again after a pause rather than spin.
        this.queue.unshift(...chunks);
        if (this.closed) return;
        this.options.logger.error({ err }, 'could not store events; retrying');
        await new Promise((r) => setTimeout(r, 1_000));
        if (this.closed) return;
        continue;
      }
      const stored = chunks.reduce((n, c) => n + c.records.length, 0);
      this.buffered -= stored;
      this.spool?.commit(chunks[chunks.length - 1]?.end as SpoolPosition);
      this.wake();
    }
  }

  /** Whole chunks, about a batch's worth (a chunk larger than a batch goes alone). */
  private take(): Chunk[] {
    const chunks: Chunk[] = [];
    let count = 0;
    while (this.queue.length > 0 && (count === 0 || count + (this.queue[0]?.records.length ?? 0) <= this.batchSize)) {
      const chunk = this.queue.shift() as Chunk;
      chunks.push(chunk);
      count += chunk.records.length;
    }
    return chunks;
  }

  private async store(chunks: readonly Chunk[]): Promise<void> {
    await this.refreshAssets();
    await this.refreshRules();
    const stream = this.options.stream;
    const followed = stream?.followed() ?? false;
    const { tally, hits, events } = await this.options.writer.write(
      chunks.flatMap((c) => c.records),
      { keepEvents: followed },
    );
    // Raised before the spool moves on: a crash between the two stores the batch again, and its
    // hits find themselves already raised (detection_hits), so nothing is raised twice.
    if (hits.length > 0) await this.options.detection?.raise(hits);
    // The stream is told after: a follower may miss a batch replayed after a crash, never get one
    // that is not stored. It is a copy for followers: a failure here costs them, not the batch.
    if (events) await stream?.record(events).catch((err: unknown) => this.options.logger.warn({ err }, 'could not stream events'));
    else stream?.notRecorded(Object.values(tally).reduce((n, t) => n + t.parsed + t.unparsed, 0));
    for (const [collector, t] of Object.entries(tally)) {
      const counters = this.options.registry.counters(collector);
      if (!counters) continue;
      counters.parsed += t.parsed;
      counters.unparsed += t.unparsed;
      counters.stored += t.stored;
      // Kept once already: a batch sent again, the spool replayed after a crash.
      counters.duplicates += t.parsed + t.unparsed - t.stored;
    }
  }

  private async refreshAssets(): Promise<void> {
    if (!this.options.assets || Date.now() - this.assetsAt < ASSETS_REFRESH_MS) return;
    this.assetsAt = Date.now();
    try {
      this.options.writer.setAssets(await this.options.assets());
    } catch (err) {
      // Events go on without enrichment until the next try; the log says why.
      this.options.logger.warn({ err }, 'could not load the assets for log enrichment');
    }
  }

  /** Rules changed in this process: the next batch loads them, without waiting for the version check. */
  rulesChanged(): void {
    this.rulesCheckedAt = 0;
  }

  private async refreshRules(): Promise<void> {
    const detection = this.options.detection;
    const now = Date.now();
    if (!detection || now - this.rulesCheckedAt < RULES_CHECK_MS) return;
    this.rulesCheckedAt = now;
    try {
      const version = await detection.version();
      if (version === this.rulesVersion) return;
      const rules = await detection.load();
      this.options.writer.setRules(rules);
      this.rulesVersion = rules.version;
    } catch (err) {
      // Events go on with the rules loaded last; the log says why.
      this.options.logger.warn({ err }, 'could not load the detection rules');
    }
  }

  private wake(): void {
    if (this.saturated) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
