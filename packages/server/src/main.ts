import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { type Logger, pino } from 'pino';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { seedDemo } from './demo/seed.js';
import { listen } from './listen.js';
import { bootstrap, createServices, resolveJwtSecret, type Services, systemContext } from './services/index.js';
import { secureDataDir } from './store/data-dir.js';
import { type Db, openDatabase } from './store/database.js';

export interface RunningServer {
  url: string;
  server: Server;
  services: Services;
  db: Db;
  /** Set when this start created the first admin with a generated password. */
  generatedAdminPassword: string | null;
  demo: { seeded: boolean; users: { username: string; password: string; role: string }[] } | null;
  close(): Promise<void>;
}

export interface StartOptions {
  demo?: boolean;
  logger?: Logger;
  /** PostgreSQL schema (tests use one per run). */
  schema?: string;
}

/** Binds the port, opens the database, migrates, bootstraps, optionally seeds the demo, and serves. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const filename = join(config.dataDir, 'secai.db');
  if (!config.databaseUrl) {
    const tightened = secureDataDir(config.dataDir, filename);
    if (tightened.length > 0) logger.warn({ paths: tightened }, 'data dir was readable by others; made it 0700 and its files 0600');
  }
  // The port first: a taken one fails the start at once, not after migrations and the demo data.
  const listener = await listen(config.port, config.host);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, filename, schema: options.schema }).catch(async (err: unknown) => {
    await listener.close();
    throw err;
  });
  try {
    const jwtSecret = await resolveJwtSecret(db, config.jwtSecret);
    const services = createServices(
      db,
      { jwtSecret, accessTokenTtlSeconds: config.accessTokenTtlSeconds, sessionTtlSeconds: config.sessionTtlSeconds },
      { sla: config.slaDays },
    );
    const { generatedAdminPassword } = await bootstrap(services, config.adminPassword);
    if (config.kevFile) await services.enrichment.loadKev(systemContext, await readFile(config.kevFile, 'utf8'), config.kevFile);
    if (config.epssFile) await services.enrichment.loadEpss(systemContext, await readFile(config.epssFile, 'utf8'), config.epssFile);
    const demo = options.demo ? await seedDemo(services) : null;
    const { app } = createApp({ config, services, logger });
    const server = listener.serve(app);
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    let closing: Promise<void> | undefined;
    return {
      url: `http://${host}:${port}`,
      server,
      services,
      db,
      generatedAdminPassword,
      demo,
      close() {
        // Stop accepting, let in-flight requests finish, then close the database.
        closing ??= new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        })
          .then(() => services.audit.flushFolds())
          .catch((err: unknown) => logger.warn({ err }, 'could not write the last audit counts'))
          .then(() => db.destroy());
        return closing;
      },
    };
  } catch (err) {
    await Promise.all([db.destroy(), listener.close()]);
    throw err;
  }
}
