// The live stream: a WebSocket at /v1/stream. A client authenticates (first message or
// subprotocol, never the URL), subscribes to topics with an optional cursor, and gets every
// message after it, in order, from stream_messages: what it missed while away, then what comes.
// Every instance reads the same table, so a client may resume on any of them; PubSub only wakes
// the hubs up (and they look every few seconds anyway, should a wake-up be lost).
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  grants,
  SecaiError,
  STREAM_AUTH_TIMEOUT_MS,
  STREAM_CLOSE,
  STREAM_EVENTS_RETENTION_MS,
  STREAM_MAX_BUFFERED_BYTES,
  STREAM_MAX_CLIENT_MESSAGES_PER_SECOND,
  STREAM_PATH,
  STREAM_PROTOCOL,
  STREAM_RETENTION_MS,
  STREAM_TOKEN_PROTOCOL_PREFIX,
} from '@secai/core';
import type { Logger } from 'pino';
import { type WebSocket, WebSocketServer } from 'ws';
import { actorFromBearer } from '../http/middleware/authenticate.js';
import type { PubSub, Subscription as PubSubSubscription } from '../pubsub/pubsub.js';
import type { Component } from '../runtime/component.js';
import type { Actor, Services } from '../services/index.js';
import { MISSED_EVENT } from '../services/stream-service.js';
import { isTopic, type Selector, TOPICS } from './topics.js';
import { STREAM_WAKE } from './wake.js';

/** How often a connection's token is checked again: a revoked one closes within it. */
const REVALIDATE_MS = 500;
/** How often hubs look for messages without a wake-up. */
const POLL_MS = 2_000;
/** Past this much queued for a client, a catch-up waits for it to read; for SLOW_CONSUMER_MS at most. */
const PACE_BYTES = STREAM_MAX_BUFFERED_BYTES / 2;
const SLOW_CONSUMER_MS = 5_000;
const PRUNE_EVERY_MS = 60 * 1000;
/** How often a hub with subscribers to a topic recorded only while followed says so again. */
const HEARD_EVERY_MS = 10_000;

interface Subscription {
  topic: string;
  select: Selector;
  cursor: number;
  /** Items of the stored message `cursor + 1` already sent (a client resumed from `<seq>.<index>`). */
  skip: number;
  /** When it began from now (no cursor given): earlier unrecorded stretches are not its gaps. */
  since: number;
  pulling: boolean;
  again: boolean;
}

export interface StreamHubDeps {
  server: Server;
  services: Services;
  pubsub: PubSub;
  logger: Logger;
}

/** The stream as a runtime component: it starts after HTTP and stops before it, closing its clients with 1001. */
export function streamComponent(deps: StreamHubDeps): Component {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    handleProtocols: (protocols) => (protocols.has(STREAM_PROTOCOL) ? STREAM_PROTOCOL : false),
  });
  const connections = new Set<Connection>();
  let wake: PubSubSubscription | null = null;
  let timers: NodeJS.Timeout[] = [];

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== STREAM_PATH) {
      refuse(socket, 404, 'Not Found');
      return;
    }
    // A token in a URL ends up in logs and proxies' histories: refused even when valid.
    if ([...url.searchParams.keys()].some((k) => /token|auth/i.test(k))) {
      refuse(socket, 400, 'Bad Request');
      return;
    }
    const origin = req.headers.origin;
    if (origin && !sameOrigin(origin, req.headers.host)) {
      refuse(socket, 403, 'Forbidden');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = new Connection(ws, req, deps);
      connections.add(connection);
      ws.once('close', () => {
        connection.dispose();
        connections.delete(connection);
      });
    });
  };

  const pullAll = (topic?: string) => {
    for (const c of connections) c.pull(topic);
  };

  return {
    name: 'stream',
    async start() {
      deps.server.on('upgrade', onUpgrade);
      wake = await deps.pubsub.subscribe(STREAM_WAKE, (message) => pullAll((message as { topic?: string }).topic));
      const { db, repos } = deps.services.deps;
      const prune = () =>
        Promise.all([
          repos.stream.prune(db, new Date(Date.now() - STREAM_RETENTION_MS).toISOString()),
          repos.stream.prune(db, new Date(Date.now() - STREAM_EVENTS_RETENTION_MS).toISOString(), 'events'),
        ]).catch((err: unknown) => deps.logger.warn({ err }, 'could not prune the stream'));
      void prune();
      const heard = () => {
        const topics = new Set([...connections].flatMap((c) => c.topics()));
        for (const topic of topics)
          deps.services.stream.listening
            .heard(topic)
            .catch((err: unknown) => deps.logger.debug({ err }, 'could not say a topic is followed'));
      };
      timers = [setInterval(() => pullAll(), POLL_MS), setInterval(prune, PRUNE_EVERY_MS), setInterval(heard, HEARD_EVERY_MS)];
      for (const t of timers) t.unref();
    },
    async stop() {
      deps.server.off('upgrade', onUpgrade);
      for (const t of timers) clearInterval(t);
      // Clients first: a PubSub that is down must not keep them open.
      for (const c of connections) c.close(STREAM_CLOSE.GOING_AWAY, 'server shutting down');
      wss.close();
      await wake?.unsubscribe().catch((err: unknown) => deps.logger.warn({ err }, 'could not unsubscribe the stream'));
    },
  };
}

/** A cursor the client sent: `<seq>`, or `<seq>.<index>` on a topic whose messages hold many items. */
function parseCursor(text: string, many: boolean | undefined): { seq: number; index?: number } | undefined {
  const match = /^(\d{1,15})(?:\.(\d{1,6}))?$/.exec(text);
  if (!match || (match[2] !== undefined && !many)) return undefined;
  const seq = Number(match[1]);
  if (match[2] === undefined) return { seq };
  // `<seq>.<index>` is inside message seq: it must exist, so seq >= 1.
  return seq >= 1 ? { seq, index: Number(match[2]) } : undefined;
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** A browser page may connect only from the server's own origin; clients without Origin (CLI, SDK) are not pages. */
function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** One client: its authentication, its subscriptions and their cursors. */
class Connection {
  private actor: Actor | null = null;
  private token = '';
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private window = { start: Date.now(), count: 0 };
  private closed = false;
  private authenticating = false;

  constructor(
    private readonly ws: WebSocket,
    req: IncomingMessage,
    private readonly deps: StreamHubDeps,
  ) {
    ws.on('message', (data, binary) => this.receive(binary ? '' : String(data)));
    ws.on('error', () => this.close(STREAM_CLOSE.BAD_MESSAGE, 'protocol error'));
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
      .find((p) => p.startsWith(STREAM_TOKEN_PROTOCOL_PREFIX));
    if (offered) void this.authenticate(offered.slice(STREAM_TOKEN_PROTOCOL_PREFIX.length));
    else this.later(STREAM_AUTH_TIMEOUT_MS, () => !this.actor && this.close(STREAM_CLOSE.AUTH_TIMEOUT, 'no token came'));
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.ws.close(code, reason);
    // A client that does not answer the close handshake is cut off.
    this.later(2_000, () => this.ws.terminate());
  }

  dispose(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  topics(): string[] {
    return [...this.subscriptions.keys()];
  }

  /** Reads the topic's new messages for each subscription to it (all topics when none given). */
  pull(topic?: string): void {
    for (const sub of this.subscriptions.values()) if (!topic || sub.topic === topic) void this.pullOne(sub);
  }

  private later(ms: number, run: () => unknown): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      run();
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  private receive(text: string): void {
    const now = Date.now();
    if (now - this.window.start >= 1_000) this.window = { start: now, count: 0 };
    if (++this.window.count > STREAM_MAX_CLIENT_MESSAGES_PER_SECOND) {
      this.close(STREAM_CLOSE.TOO_MANY_MESSAGES, `more than ${STREAM_MAX_CLIENT_MESSAGES_PER_SECOND} messages a second`);
      return;
    }
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(text) as Record<string, unknown>;
      if (typeof message !== 'object' || message === null || Array.isArray(message)) throw new Error('not an object');
    } catch {
      this.close(STREAM_CLOSE.BAD_MESSAGE, 'messages are JSON objects');
      return;
    }
    if (message.type === 'auth' && typeof message.token === 'string') {
      if (this.actor || this.authenticating) this.close(STREAM_CLOSE.BAD_MESSAGE, 'already authenticated');
      else void this.authenticate(message.token);
      return;
    }
    if (!this.actor) {
      this.close(STREAM_CLOSE.UNAUTHENTICATED, 'the first message is {"type":"auth","token":"…"}');
      return;
    }
    if (message.type === 'subscribe') {
      this.subscribe(message).catch((err: unknown) => {
        this.deps.logger.warn({ err }, 'could not subscribe a stream client');
        this.send({
          type: 'error',
          code: 'UNAVAILABLE',
          topic: String(message.topic),
          message: 'could not read the stream; subscribe again shortly',
        });
      });
      return;
    }
    if (message.type === 'unsubscribe') {
      this.subscriptions.delete(String(message.topic));
      return;
    }
    if (message.type === 'ping') {
      this.send({ type: 'pong' });
      return;
    }
    this.send({ type: 'error', code: 'BAD_MESSAGE', message: `unknown message type ${JSON.stringify(message.type)}` });
  }

  private async authenticate(token: string): Promise<void> {
    this.authenticating = true;
    try {
      const { actor } = await actorFromBearer(this.deps.services.auth, token);
      if (this.closed) return;
      this.actor = actor;
      this.token = token;
      this.revalidate();
      this.send({ type: 'ready', user: actor.username, topics: Object.keys(TOPICS) });
    } catch (err) {
      this.close(STREAM_CLOSE.UNAUTHENTICATED, err instanceof SecaiError ? err.code : 'TOKEN_INVALID');
    } finally {
      this.authenticating = false;
    }
  }

  /**
   * Checks the token again every REVALIDATE_MS: an expired or revoked token, an ended session or a
   * disabled user closes the stream within it.
   */
  private revalidate(): void {
    this.later(REVALIDATE_MS, async () => {
      if (this.closed) return;
      try {
        this.actor = (await actorFromBearer(this.deps.services.auth, this.token)).actor;
        for (const sub of this.subscriptions.values()) {
          const permission = isTopic(sub.topic) ? TOPICS[sub.topic].permission : undefined;
          if (permission && !grants(this.actor.permissions, permission)) {
            this.subscriptions.delete(sub.topic);
            this.send({ type: 'error', code: 'PERMISSION_DENIED', topic: sub.topic, message: `${permission} was taken away` });
          }
        }
        this.revalidate();
      } catch (err) {
        this.close(STREAM_CLOSE.UNAUTHENTICATED, err instanceof SecaiError ? err.code : 'TOKEN_INVALID');
      }
    });
  }

  private async subscribe(message: Record<string, unknown>): Promise<void> {
    const topic = String(message.topic);
    if (!isTopic(topic)) {
      this.send({ type: 'error', code: 'BAD_MESSAGE', topic, message: `unknown topic; topics: ${Object.keys(TOPICS).join(', ')}` });
      return;
    }
    const spec = TOPICS[topic];
    if (!grants(this.actor?.permissions ?? [], spec.permission)) {
      this.send({ type: 'error', code: 'PERMISSION_DENIED', topic, message: `${topic} needs ${spec.permission}` });
      return;
    }
    let select: Selector;
    try {
      select = spec.selector(
        typeof message.filter === 'object' && message.filter !== null ? (message.filter as Record<string, unknown>) : {},
      );
    } catch (err) {
      if (!(err instanceof SecaiError)) throw err;
      this.send({ type: 'error', code: err.code, topic, message: err.message });
      return;
    }
    const { db, repos } = this.deps.services.deps;
    await this.deps.services.stream.listening.heard(topic);
    const bounds = await repos.stream.bounds(db, topic);
    const given = message.cursor === undefined || message.cursor === null ? null : parseCursor(String(message.cursor), spec.many);
    if (given !== null && (given === undefined || given.seq > bounds.last)) {
      this.send({
        type: 'error',
        code: 'BAD_MESSAGE',
        topic,
        message: `cursor ${JSON.stringify(message.cursor)} is not one this stream sent`,
      });
      return;
    }
    // A client that had part of a stored message resumes within it.
    const cursor = given === null ? bounds.last : given.index === undefined ? given.seq : given.seq - 1;
    // Messages past the retention are gone: the client is told, then gets what is kept.
    if (given && bounds.first !== null && given.seq < bounds.first - 1)
      this.send({ type: 'gap', topic, after: String(message.cursor), resumed: String(bounds.first - 1) });
    const sub: Subscription = {
      topic,
      select,
      cursor,
      skip: given?.index === undefined ? 0 : given.index + 1,
      since: given === null ? Date.now() : 0,
      pulling: false,
      again: false,
    };
    this.subscriptions.set(topic, sub);
    this.send({ type: 'subscribed', topic, cursor: String(cursor) });
    await this.pullOne(sub);
  }

  private async pullOne(sub: Subscription): Promise<void> {
    if (sub.pulling) {
      sub.again = true;
      return;
    }
    sub.pulling = true;
    try {
      const { db, repos } = this.deps.services.deps;
      const spec = isTopic(sub.topic) ? TOPICS[sub.topic] : undefined;
      const page = spec?.page ?? 1;
      do {
        sub.again = false;
        for (;;) {
          const messages = await repos.stream.after(db, sub.topic, sub.cursor, page);
          for (const m of messages) {
            const current = () => !this.closed && this.subscriptions.get(sub.topic) === sub;
            if (!current()) return;
            const after = sub.cursor;
            if (m.event === MISSED_EVENT) {
              sub.cursor = m.seq;
              const { count, from } = m.data as { count: number; from: string };
              // Events stored while nobody followed the topic: a gap for a client that was away then.
              if (Date.parse(from) >= sub.since)
                this.send({ type: 'gap', topic: sub.topic, after: String(after), resumed: String(m.seq), missed: count });
              continue;
            }
            const items = spec?.many ? (m.data as unknown[]) : [m.data];
            for (let i = sub.skip; i < items.length; i++) {
              if (!(await this.room()) || !current()) return;
              // Moved before the send: a client cut off here resumes after what it was sent.
              sub.skip = i + 1;
              if (!sub.select(items[i])) continue;
              const cursor = spec?.many ? `${m.seq}.${i}` : String(m.seq);
              this.send({ type: 'message', topic: sub.topic, cursor, event: m.event, data: items[i] });
            }
            sub.cursor = m.seq;
            sub.skip = 0;
          }
          if (messages.length < page) break;
        }
      } while (sub.again);
    } catch (err) {
      this.deps.logger.warn({ err }, 'could not read the stream');
    } finally {
      sub.pulling = false;
    }
  }

  /**
   * Waits while much is queued for the client (a catch-up after a long absence sends faster than
   * a client reads); false, and closed, when it has not read enough within SLOW_CONSUMER_MS.
   */
  private async room(): Promise<boolean> {
    const since = Date.now();
    while (this.ws.bufferedAmount > PACE_BYTES) {
      if (this.closed) return false;
      if (Date.now() - since > SLOW_CONSUMER_MS) {
        this.close(STREAM_CLOSE.SLOW_CONSUMER, 'too much waiting to be sent; reconnect with the last cursor');
        return false;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    return !this.closed;
  }

  private send(message: Record<string, unknown>): void {
    if (this.closed) return;
    if (this.ws.bufferedAmount > STREAM_MAX_BUFFERED_BYTES) {
      this.close(STREAM_CLOSE.SLOW_CONSUMER, 'too much waiting to be sent; reconnect with the last cursor');
      return;
    }
    this.ws.send(JSON.stringify(message));
  }
}
