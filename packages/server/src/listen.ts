import { createServer, type RequestListener, type Server } from 'node:http';
import { SecaiError, ServiceUnavailableError } from '@secai/core';
import { PROBLEM_CONTENT_TYPE, toProblem } from './http/problem.js';

export interface Listener {
  server: Server;
  /** Hands the requests to the app; until then they are answered 503 (starting). */
  serve(app: RequestListener): Server;
  close(): Promise<void>;
}

/** What a request meets while the server migrates and bootstraps: wait a second and retry. */
const STARTING = new ServiceUnavailableError('The server is starting', 1, 'NOT_READY');

/**
 * Binds the port before anything slow (migrations, bootstrap, the demo data) so that a taken
 * port fails the start at once. Express 5's `app.listen(port, host, cb)` calls `cb` with a bind
 * error too, so a server that never got its port used to look started.
 */
export function listen(port: number, host: string): Promise<Listener> {
  let app: RequestListener | null = null;
  const server = createServer((req, res) => {
    if (app) return app(req, res);
    const { problem } = toProblem(STARTING, undefined, (req.url ?? '/').split('?')[0] ?? '/');
    res.writeHead(503, { 'content-type': PROBLEM_CONTENT_TYPE, 'retry-after': String(STARTING.retryAfterSeconds) });
    res.end(JSON.stringify(problem));
  });
  const listener: Listener = {
    server,
    serve(handler) {
      app = handler;
      return server;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return new Promise((resolve, reject) => {
    const fail = (err: NodeJS.ErrnoException) => reject(listenError(err, port, host));
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      resolve(listener);
    });
  });
}

/** The bind errors a user can fix, in the words of the flag that fixes them. */
function listenError(err: NodeJS.ErrnoException, port: number, host: string): SecaiError {
  const details = { port, host, reason: err.code ?? 'unknown' };
  if (err.code === 'EADDRINUSE') {
    return new SecaiError('PORT_IN_USE', `port ${port} is in use (--port to choose another)`, { details, cause: err });
  }
  const why =
    err.code === 'EACCES'
      ? `port ${port} needs privileges this process lacks (--port to choose one above 1023)`
      : err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND'
        ? `${host} is not an address of this machine (--host to choose another)`
        : `cannot listen on ${host}:${port}: ${err.message}`;
  return new SecaiError('LISTEN_FAILED', why, { details, cause: err });
}
