/** Where the live stream (WebSocket) is served. */
export const STREAM_PATH = '/v1/stream';
/** The subprotocol a client asks for; a token may ride beside it as `secai.token.<token>`. */
export const STREAM_PROTOCOL = 'secai.v1';
export const STREAM_TOKEN_PROTOCOL_PREFIX = 'secai.token.';
export const STREAM_TOPICS = ['alerts', 'events', 'jobs'] as const;
/**
 * Topics recorded only while some client follows them (on any instance), and for
 * STREAM_LISTEN_TTL_MS after the last one left: events come thousands a second and jobs by the
 * thousand, and a copy of each for nobody would cost the pipeline and the queue. A client that
 * was away longer gets a `gap` message saying how many it missed.
 */
export const STREAM_LISTENED_TOPICS: readonly (typeof STREAM_TOPICS)[number][] = ['events', 'jobs'];
export const STREAM_LISTEN_TTL_MS = 60_000;
/** Log events per `events` message: a message stays far below STREAM_MAX_BUFFERED_BYTES. */
export const STREAM_EVENTS_PER_MESSAGE = 100;

/**
 * Why the server closed a stream (WebSocket close codes of the application range). A client
 * reconnects after SLOW_CONSUMER and GOING_AWAY, with its last cursor, and not after the others
 * until what they name is fixed.
 */
export const STREAM_CLOSE = {
  /** The server is shutting down (RFC 6455's own code). */
  GOING_AWAY: 1001,
  /** A message that is not JSON or not one of the protocol's. */
  BAD_MESSAGE: 4400,
  /** No token, or a token that is invalid, expired or revoked (also once the connection is open). */
  UNAUTHENTICATED: 4401,
  /** No token came within STREAM_AUTH_TIMEOUT_MS of connecting. */
  AUTH_TIMEOUT: 4408,
  /** The client read nothing for a while with much queued for it: resume from the last cursor. */
  SLOW_CONSUMER: 4413,
  /** The client sent more than STREAM_MAX_CLIENT_MESSAGES_PER_SECOND. */
  TOO_MANY_MESSAGES: 4429,
} as const;

export const STREAM_AUTH_TIMEOUT_MS = 5_000;
export const STREAM_MAX_CLIENT_MESSAGES_PER_SECOND = 20;
/** Bytes queued to a client past which it is closed as too slow (a catch-up waits at half of it). */
export const STREAM_MAX_BUFFERED_BYTES = 1024 * 1024;
/** How long messages are kept for a client to resume from. */
export const STREAM_RETENTION_MS = 24 * 60 * 60 * 1000;
/** How long `events` messages are kept: they are copies of stored events, which search still finds. */
export const STREAM_EVENTS_RETENTION_MS = 15 * 60 * 1000;
