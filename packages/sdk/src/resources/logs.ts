import { ConnectionError, SecaiApiError } from '../errors.js';
import type { PagePromise } from '../paginate.js';
import type { QueryOf, Schemas } from '../types.js';
import { pollDelay } from './jobs.js';
import { type CallOptions, Resource } from './resource.js';

export type LogEvent = Schemas['LogEvent'];
export type LogStats = Schemas['LogStats'];
export type IngestResult = Schemas['IngestResult'];
export type Collector = Schemas['Collector'];
export type LogSearchParams = QueryOf<'/v1/logs', 'get'>;
export type LogStatsParams = QueryOf<'/v1/logs/stats', 'get'>;
export type IngestParams = QueryOf<'/v1/ingest', 'post'>;

/** A line as a system wrote it, or an event already in JSON (its `event.id` makes a resend store once). */
export type LogRecord = string | Record<string, unknown>;

export interface LogSendOptions extends IngestParams, CallOptions {
  /** Records per request; 1,000 by default. */
  batchSize?: number;
  /** Requests in flight at once; 2 by default. */
  concurrency?: number;
  /** Called after each batch is acknowledged. */
  onProgress?: (progress: { sent: number; accepted: number; rejected: number }) => void;
}

export interface LogSendResult {
  accepted: number;
  /** Refused records, by their number (from 1) among everything given, blank lines included. */
  rejected: { line: number; error: string }[];
}

/** A batch the server refused for being full, or could not reach, is sent again this many times. */
const SEND_ATTEMPTS = 8;

export class Logs extends Resource {
  /**
   * Stored events, newest first; `for await` walks every page.
   *
   * @example for await (const e of client.logs.search({ q: 'user.name:root', from: 'now-1h' })) console.log(e['@timestamp'])
   */
  search(params: LogSearchParams = {}, options?: CallOptions): PagePromise<LogEvent> {
    return this.pageOf<LogEvent>('v1/logs', params, options);
  }

  /**
   * Top values of a field (`by`) or a histogram (`interval`) over matching events.
   *
   * @example (await client.logs.stats({ q: 'event.outcome:failure', by: 'source.ip' })).values
   */
  stats(params: LogStatsParams, options: CallOptions = {}): Promise<LogStats> {
    return this.http.request<LogStats>('GET', 'v1/logs/stats', { query: params, ...options });
  }

  /** One request: the records as NDJSON; answers once the accepted ones are durable on the server. */
  ingest(records: readonly LogRecord[], params: IngestParams = {}, options: CallOptions = {}): Promise<IngestResult> {
    const body = records.map((r) => JSON.stringify(r)).join('\n');
    return this.http.request<IngestResult>('POST', 'v1/ingest', {
      query: params,
      rawBody: body,
      contentType: 'application/x-ndjson',
      ...options,
    });
  }

  /**
   * Sends any number of records in batches, a few in flight, each sent again while the server is
   * full (503 INGEST_SATURATED, after its Retry-After) or unreachable: nothing of a refused batch
   * was accepted, and records with an `event.id` are stored once however often they are sent.
   *
   * @example await client.logs.send(readFileSync('auth.log', 'utf8').split('\n'), { source: 'auth' })
   */
  async send(records: Iterable<LogRecord> | AsyncIterable<LogRecord>, options: LogSendOptions = {}): Promise<LogSendResult> {
    const { batchSize = 1_000, concurrency = 2, onProgress, signal, timeout, source, format } = options;
    const params: IngestParams = { ...(source && { source }), ...(format && { format }) };
    const result: LogSendResult = { accepted: 0, rejected: [] };
    let sent = 0;
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    // Each record's number in the input (blank lines count but are not sent), so a rejected
    // record is named by its line in the file.
    const post = async (batch: LogRecord[], numbers: number[]) => {
      const answer = await this.ingestRetrying(batch, params, { ...(signal && { signal }), ...(timeout && { timeout }) });
      result.accepted += answer.accepted;
      for (const r of answer.rejected) result.rejected.push({ line: numbers[r.line - 1] ?? r.line, error: r.error });
      onProgress?.({ sent, accepted: result.accepted, rejected: result.rejected.length });
    };
    let batch: LogRecord[] = [];
    let numbers: number[] = [];
    const flush = async () => {
      const task = post(batch, numbers).catch((err: unknown) => {
        failure ??= err;
      });
      batch = [];
      numbers = [];
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
      if (failure) throw failure;
    };
    for await (const record of records) {
      sent++;
      if (typeof record === 'string' && record.trim() === '') continue;
      batch.push(record);
      numbers.push(sent);
      if (batch.length >= batchSize) await flush();
    }
    if (batch.length > 0) await flush();
    await Promise.all(inFlight);
    if (failure) throw failure;
    return result;
  }

  private async ingestRetrying(batch: LogRecord[], params: IngestParams, options: CallOptions): Promise<IngestResult> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.ingest(batch, params, options);
      } catch (err) {
        const again = (err instanceof SecaiApiError && err.code === 'INGEST_SATURATED') || err instanceof ConnectionError;
        if (!again || attempt + 1 >= SEND_ATTEMPTS || options.signal?.aborted) throw err;
        const retryAfter = Number(((err as SecaiApiError).problem as Record<string, unknown> | undefined)?.retry_after);
        await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : pollDelay(attempt, 5_000), options.signal);
      }
    }
  }
}

export class Collectors extends Resource {
  /** This server's collectors with their counters (received, parsed, unparsed, dropped, stored, duplicates, bytes). */
  list(options?: CallOptions): PagePromise<Collector> {
    return this.pageOf<Collector>('v1/collectors', {}, options);
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
