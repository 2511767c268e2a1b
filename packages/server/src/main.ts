import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { seedDemo } from './demo/seed.js';
import { workersComponent } from './jobs/workers-component.js';
import { listen } from './listen.js';
import { httpComponent } from './runtime/http-component.js';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime/runtime.js';
import { enqueueScheduleRun } from './schedules/schedule-runner.js';
import { createScheduler } from './schedules/scheduler.js';
import { bootstrap, type Services, systemContext } from './services/index.js';
import type { Db } from './store/database.js';

export interface RunningServer {
  url: string;
  server: Server;
  runtime: Runtime;
  services: Services;
  db: Db;
  /** Set when this start created the first admin with a generated password. */
  generatedAdminPassword: string | null;
  demo: { seeded: boolean; users: { username: string; password: string; role: string }[] } | null;
  /** Stops the runtime: scheduler, job workers, then HTTP (in-flight requests finish), adapters, database. */
  close(): Promise<void>;
}

/** What `createRuntime` takes (logger, schema, adapters, definitions), and whether to seed the demo. */
export interface StartOptions extends RuntimeOptions {
  demo?: boolean;
}

/**
 * `secai serve`: binds the port, builds the runtime (database, adapters, services), bootstraps,
 * optionally seeds the demo, and starts HTTP, the in-process job workers and the scheduler.
 */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  // The port first: a taken one fails the start at once, not after migrations and the demo data.
  const listener = await listen(config.port, config.host);
  let runtime: Runtime;
  try {
    runtime = await createRuntime(config, options);
  } catch (err) {
    await listener.close();
    throw err;
  }
  try {
    const { services, logger } = runtime;
    const { generatedAdminPassword } = await bootstrap(services, config.adminPassword);
    await services.schedules.seed();
    if (config.kevFile) await services.enrichment.loadKev(systemContext, await readFile(config.kevFile, 'utf8'), config.kevFile);
    if (config.epssFile) await services.enrichment.loadEpss(systemContext, await readFile(config.epssFile, 'utf8'), config.epssFile);
    const demo = options.demo ? await seedDemo(services) : null;
    const { app } = createApp({ config, services, logger, counters: runtime.adapters.counters });
    // Added in start order; they stop in reverse: scheduler, job workers, then HTTP.
    const http = httpComponent(listener, app);
    runtime.add(http);
    if (config.serveWorkers) runtime.add(workersComponent(services.jobs, { concurrency: config.jobConcurrency }));
    runtime.add(createScheduler(runtime, enqueueScheduleRun(services.jobs)));
    await runtime.start();
    const address = http.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    return {
      url: `http://${host}:${port}`,
      server: http.server,
      runtime,
      services,
      db: runtime.db,
      generatedAdminPassword,
      demo,
      close: () => runtime.stop(),
    };
  } catch (err) {
    await Promise.all([runtime.stop(), listener.close()]);
    throw err;
  }
}
