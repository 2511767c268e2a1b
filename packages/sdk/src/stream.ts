import WebSocket from 'ws';
import { AuthenticationError, ConnectionError, PermissionError, SecaiApiError, ValidationError } from './errors.js';
import type { Http } from './http.js';
import type { Schemas } from './types.js';

// The protocol's names and close codes, as the server defines them in @secai/core/constants
// (stream.ts); the SDK does not depend on core.
const PROTOCOL = 'secai.v1';
const TOKEN_PROTOCOL_PREFIX = 'secai.token.';
const CLOSE = { BAD_MESSAGE: 4400, UNAUTHENTICATED: 4401, AUTH_TIMEOUT: 4408 } as const;
/** Waits between reconnections: doubling from the first to the last. */
const BACKOFF_MS = [250, 500, 1_000, 2_000, 5_000];
/** Messages held for a reader that is behind before the socket stops reading (the server then paces itself). */
const HIGH_WATER = 1_000;
const LOW_WATER = 100;

/** A message of the stream: where it is (`cursor`, to resume from), what happened, and to what. */
export interface StreamMessage<T> {
  cursor: string;
  /** `alert.opened`, `alert.updated`; `event.stored`; `job.queued`, `job.running`, `job.succeeded`, … */
  event: string;
  data: T;
}

/** What the stream tells `onStatus`: a (re)connection, a drop, or messages that could not be kept. */
export type StreamStatus =
  | { state: 'connected' | 'reconnecting'; cursor: string | undefined; reason?: string }
  /**
   * Messages between `after` and `resumed` are not on the stream: older than its retention, or
   * (`missed` events) stored while nobody followed the topic. Search finds stored events.
   */
  | { state: 'gap'; cursor: string | undefined; after: string; resumed: string; missed?: number };

export interface StreamOptions {
  /** Resume after this cursor (the last one a previous stream gave); from now on without it. */
  cursor?: string;
  /** Ends the iteration. */
  signal?: AbortSignal;
  /** Told of each (re)connection, each drop and each gap, e.g. to show it. */
  onStatus?: (status: StreamStatus) => void;
}

/**
 * The live stream (WebSocket `/v1/stream`) as async iterators. A dropped connection is opened
 * again by itself and resumes from the last cursor it gave, so an iteration misses nothing and
 * gets nothing twice; an expired access token is refreshed on the way when the client can.
 *
 * @example
 * for await (const { event, data } of client.stream.alerts({ filter: { min_severity: 'high' } })) {
 *   console.log(event, data.severity, data.title);
 * }
 */
export class Stream {
  constructor(
    private readonly http: Http,
    private readonly baseUrl: string,
  ) {}

  /** Alerts as they are opened and as they gather more events. */
  alerts(
    options: StreamOptions & { filter?: { min_severity?: Schemas['Alert']['severity'] } } = {},
  ): AsyncIterableIterator<StreamMessage<Schemas['Alert']>> {
    return this.subscribe('alerts', options.filter ?? {}, options);
  }

  /**
   * Log events as they are stored, those `query` (the log query language, as in
   * `client.logs.search`) matches; all of them without it. The server records events for the
   * stream while someone follows them: a client away for more than a minute with nobody else
   * following is told of the gap through `onStatus` (search finds what it missed).
   */
  events(options: StreamOptions & { query?: string } = {}): AsyncIterableIterator<StreamMessage<Schemas['LogEvent']>> {
    return this.subscribe('events', options.query ? { query: options.query } : {}, options);
  }

  /** Jobs as they change state (queued, running with progress, succeeded, failed, cancelled), the REST API's `Job`. */
  jobs(options: StreamOptions & { filter?: { id?: string; name?: string } } = {}): AsyncIterableIterator<StreamMessage<Schemas['Job']>> {
    return this.subscribe('jobs', options.filter ?? {}, options);
  }

  private subscribe<T>(topic: string, filter: Record<string, unknown>, options: StreamOptions): AsyncIterableIterator<StreamMessage<T>> {
    const queue: StreamMessage<T>[] = [];
    let cursor = options.cursor;
    let failure: unknown;
    let done = false;
    let wake: (() => void) | null = null;
    let ws: WebSocket | null = null;
    let attempt = 0;
    let refreshed = false;
    /** Until a first connection opens, a server that cannot be reached is an error, not a wait. */
    let opened = false;
    const notify = () => {
      wake?.();
      wake = null;
    };
    const finish = (err?: unknown) => {
      if (done) return;
      done = true;
      failure = err;
      ws?.close(1000);
      options.signal?.removeEventListener('abort', onAbort);
      notify();
    };
    const onAbort = () => finish();
    if (options.signal?.aborted) done = true;
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const connect = () => {
      if (done) return;
      const token = this.http.credentials.token;
      const url = `${this.baseUrl.replace(/\/+$/, '').replace(/^http/, 'ws')}/v1/stream`;
      const socket = new WebSocket(url, [PROTOCOL, ...(token ? [`${TOKEN_PROTOCOL_PREFIX}${token}`] : [])]);
      ws = socket;
      // An upgrade refused with an HTTP status (a wrong URL, a proxy's 403) will be refused again.
      socket.on('unexpected-response', (_req, res) => {
        answered = true;
        const status = res.statusCode ?? 0;
        res.resume();
        if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
          const Err = status === 401 ? AuthenticationError : status === 403 ? PermissionError : SecaiApiError;
          finish(new Err(`The stream at ${url} answered HTTP ${status}`, { status, code: `HTTP_${status}` }));
        } else socket.terminate();
      });
      socket.on('message', (raw) => {
        let message: Record<string, unknown>;
        try {
          message = JSON.parse(String(raw)) as Record<string, unknown>;
        } catch {
          // Not the server's (a proxy's page?): drop the connection and try again.
          socket.terminate();
          return;
        }
        if (message.type === 'ready') socket.send(JSON.stringify({ type: 'subscribe', topic, filter, ...(cursor && { cursor }) }));
        else if (message.type === 'subscribed') {
          // Where "from now on" began: a drop before the first message resumes from there.
          cursor ??= String(message.cursor);
          refreshed = false;
          options.onStatus?.({ state: 'connected', cursor });
        } else if (message.type === 'message' && message.topic === topic) {
          attempt = 0;
          cursor = String(message.cursor);
          queue.push({ cursor, event: String(message.event), data: message.data as T });
          if (queue.length >= HIGH_WATER) socket.pause();
          notify();
        } else if (message.type === 'gap' && message.topic === topic) {
          options.onStatus?.({
            state: 'gap',
            cursor,
            after: String(message.after),
            resumed: String(message.resumed),
            ...(typeof message.missed === 'number' && { missed: message.missed }),
          });
        } else if (message.type === 'error' && message.code === 'UNAVAILABLE') {
          socket.terminate();
        } else if (message.type === 'error' && (message.topic === topic || message.topic === undefined)) {
          const Err = message.code === 'PERMISSION_DENIED' ? PermissionError : ValidationError;
          finish(new Err(String(message.message), { code: String(message.code) }));
        }
      });
      // A network failure; an HTTP answer to the upgrade (a 5xx while the server restarts) is not one.
      let failure: Error | undefined;
      let answered = false;
      socket.on('open', () => {
        opened = true;
      });
      socket.on('error', (err) => {
        failure = err;
      });
      socket.on('close', (code, reason) => {
        if (done || ws !== socket) return;
        const why = String(reason);
        if (!opened && failure && !answered) {
          finish(new ConnectionError(`Could not reach the stream at ${url}: ${failure.message}`, { code: 'CONNECTION_FAILED' }));
          return;
        }
        if (code === CLOSE.UNAUTHENTICATED && !refreshed && this.http.credentials.refreshToken) {
          refreshed = true;
          this.http.refresh().then(connect, (err: unknown) => finish(err));
          return;
        }
        if (code === CLOSE.UNAUTHENTICATED || code === CLOSE.AUTH_TIMEOUT) {
          finish(new AuthenticationError(`The stream refused the token (${why || code})`, { code: why || 'TOKEN_INVALID' }));
          return;
        }
        if (code === CLOSE.BAD_MESSAGE) {
          finish(new SecaiApiError(`The stream closed: ${why}`, { code: 'BAD_MESSAGE' }));
          return;
        }
        // Anything else (the server restarting, a slow read, the network) is worth another try.
        const wait = BACKOFF_MS[Math.min(attempt++, BACKOFF_MS.length - 1)] as number;
        options.onStatus?.({ state: 'reconnecting', cursor, reason: why || `closed (${code})` });
        // Not unref'd: a program that only iterates the stream must stay alive to reconnect.
        setTimeout(connect, wait);
      });
    };
    connect();

    const iterator: AsyncIterableIterator<StreamMessage<T>> = {
      async next() {
        for (;;) {
          const message = queue.shift();
          if (queue.length === LOW_WATER) ws?.resume();
          if (message) return { value: message, done: false };
          if (done) {
            if (failure) throw failure;
            return { value: undefined, done: true };
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
      },
      async return() {
        finish();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }
}
