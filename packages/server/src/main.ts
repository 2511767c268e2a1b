import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { basename, dirname, join } from 'node:path';
import { createApp } from './app.js';
import { fileCollector } from './collectors/file-tail.js';
import { parseListen } from './collectors/listen-address.js';
import { syslogTcpCollector } from './collectors/syslog-tcp.js';
import { syslogUdpCollector } from './collectors/syslog-udp.js';
import type { Config } from './config.js';
import { demoLogLines } from './demo/events.js';
import { seedDemo } from './demo/seed.js';
import { workersComponent } from './jobs/workers-component.js';
import { listen } from './listen.js';
import type { Component } from './runtime/component.js';
import { httpComponent } from './runtime/http-component.js';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime/runtime.js';
import { enqueueScheduleRun } from './schedules/schedule-runner.js';
import { createScheduler } from './schedules/scheduler.js';
import { bootstrap, type Services, systemContext } from './services/index.js';
import type { Db } from './store/database.js';
import { streamComponent } from './stream/stream-hub.js';

export interface RunningServer {
  url: string;
  server: Server;
  runtime: Runtime;
  services: Services;
  db: Db;
  /** Set when this start created the first admin with a generated password. */
  generatedAdminPassword: string | null;
  demo: { seeded: boolean; users: { username: string; password: string; role: string }[] } | null;
  /** The syslog listeners this start opened. */
  collectors: { kind: string; listen: string }[];
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
    // The pipeline before what feeds it (HTTP ingest, collectors): it stops after them and drains.
    runtime.add(runtime.pipeline.component());
    runtime.add(http);
    // After HTTP, so it stops first: its clients are told the server is going away.
    runtime.add(streamComponent({ server: http.server, services, pubsub: runtime.adapters.pubsub, logger }));
    const collectors = collectorsOf(config, runtime, options.demo ?? false);
    for (const collector of collectors) runtime.add(collector.component);
    if (config.serveWorkers) runtime.add(workersComponent(services.jobs, { concurrency: config.jobConcurrency }));
    runtime.add(createScheduler(runtime, enqueueScheduleRun(services.jobs)));
    await runtime.start();
    if (demo?.seeded) await ingestDemoLogs(runtime);
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
      collectors: collectors.map(({ kind, listen }) => ({ kind, listen })),
      close: () => runtime.stop(),
    };
  } catch (err) {
    await Promise.all([runtime.stop(), listener.close()]);
    throw err;
  }
}

/** A day of generated events into the fresh demo, through the pipeline like any other lines. */
async function ingestDemoLogs(runtime: Runtime): Promise<void> {
  const receivedAt = Date.now();
  const lines = demoLogLines(new Date(receivedAt));
  for (let i = 0; i < lines.length; i += 5_000) {
    await runtime.pipeline.room();
    await runtime.pipeline.accept(lines.slice(i, i + 5_000).map((line) => ({ line, receivedAt, collector: 'demo', source: 'demo' })));
  }
}

/** Where `--demo` listens for syslog unless configured otherwise (`logger -n 127.0.0.1 -P 5514 …`). */
const DEMO_SYSLOG = '127.0.0.1:5514';

/** The syslog listeners the configuration asks for (UDP and TCP on 127.0.0.1:5514 with the demo). */
function collectorsOf(config: Config, runtime: Runtime, demo: boolean): { kind: string; listen: string; component: Component }[] {
  const common = { intake: runtime.pipeline, registry: runtime.services.logs.collectors, logger: runtime.logger };
  const udp = config.syslogUdp ?? (demo ? DEMO_SYSLOG : undefined);
  const tcp = config.syslogTcp ?? (demo ? DEMO_SYSLOG : undefined);
  const out: { kind: string; listen: string; component: Component }[] = [];
  if (udp) out.push({ kind: 'syslog-udp', listen: udp, component: syslogUdpCollector({ ...parseListen(udp), ...common }) });
  if (tcp) out.push({ kind: 'syslog-tcp', listen: tcp, component: syslogTcpCollector({ ...parseListen(tcp), ...common }) });
  if (config.logFiles.length > 0) mkdirSync(join(config.dataDir, 'collectors'), { recursive: true, mode: 0o700 });
  for (const [n, file] of config.logFiles.entries()) {
    const source = ('source' in file && file.source) || sourceName(file.paths[0] as string) || `file-${n + 1}`;
    const name = source;
    out.push({
      kind: 'file',
      listen: file.paths.join(', '),
      component: fileCollector({
        name,
        paths: file.paths,
        source,
        ...('format' in file && file.format && file.format !== 'auto' && { format: file.format }),
        ...('multiline' in file && file.multiline && { multiline: file.multiline }),
        statePath: join(config.dataDir, 'collectors', `file-${name.replace(/[^\w.-]/g, '_')}.json`),
        ...common,
      }),
    });
  }
  if (config.syslogTls && config.tlsCert && config.tlsKey) {
    out.push({
      kind: 'syslog-tls',
      listen: config.syslogTls,
      component: syslogTcpCollector({ ...parseListen(config.syslogTls), ...common, tls: { cert: config.tlsCert, key: config.tlsKey } }),
    });
  }
  return out;
}

/** A file source's default name: the file's name without extension, or its folder's for a glob (`/var/log/nginx/*.log` → nginx). */
function sourceName(path: string): string {
  const file = basename(path).replace(/\.[^.]*$/, '');
  const name = /[*?[{]/.test(file) ? basename(dirname(path)) : file;
  return name.replace(/[^\w.:-]/g, '_').slice(0, 64);
}
