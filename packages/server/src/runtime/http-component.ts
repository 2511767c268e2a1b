import type { RequestListener, Server } from 'node:http';
import type { Socket } from 'node:net';
import { Server as NetServer } from 'node:net';
import type { Listener } from '../listen.js';
import type { Component } from './component.js';

/** A keep-alive connection with no request for this long while stopping is closed: its client has gone quiet. */
const IDLE_CLOSE_MS = 1_000;
const REAP_EVERY_MS = 100;

/**
 * The HTTP listener as a component. Stopping never resets a request: the port stops accepting,
 * every answer from then on says `Connection: close` and its connection closes after it, and a
 * keep-alive connection that sends nothing for a second is closed. Node's own `server.close()`
 * closes idle keep-alive connections at once, racing the next request a client is already
 * sending (10 of 16 connections were reset that way), so it is not used. At the deadline what is
 * left is destroyed.
 */
export function httpComponent(listener: Listener, app: RequestListener): Component & { server: Server } {
  const server = listener.server;
  const sockets = new Map<Socket, { active: number; idleSince: number }>();
  let stopping = false;

  server.on('connection', (socket: Socket) => {
    sockets.set(socket, { active: 0, idleSince: Date.now() });
    socket.once('close', () => sockets.delete(socket));
  });
  const handler: RequestListener = (req, res) => {
    const state = sockets.get(req.socket);
    if (state) state.active++;
    res.once('close', () => {
      if (!state) return;
      state.active--;
      state.idleSince = Date.now();
    });
    if (stopping) res.setHeader('Connection', 'close');
    app(req, res);
  };

  return {
    name: 'http',
    server,
    async start() {
      listener.serve(handler);
    },
    async stop(deadline) {
      stopping = true;
      // In the same tick: an answer that says `Connection: close` must find the port closed,
      // or its client's next connection waits in the kernel's queue and is reset by the close.
      const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
      let lastTick = Date.now();
      const reaper = setInterval(() => {
        const now = Date.now();
        // Timers run before the loop reads its sockets: after a stall, a request may be waiting
        // unread on a connection that looks idle. Its clock starts again instead of closing it.
        const stalled = now - lastTick > 2 * REAP_EVERY_MS;
        lastTick = now;
        for (const [socket, state] of sockets) {
          if (deadline.aborted) socket.destroy();
          else if (state.active === 0 && stalled) state.idleSince = now;
          else if (state.active === 0 && now - state.idleSince >= IDLE_CLOSE_MS) socket.destroy();
        }
      }, REAP_EVERY_MS);
      try {
        await closed;
      } finally {
        clearInterval(reaper);
      }
    },
  };
}
