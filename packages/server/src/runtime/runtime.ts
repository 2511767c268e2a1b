import { join } from 'node:path';
import { type Logger, pino } from 'pino';
import type { Config } from '../config.js';
import type { JobDefinition } from '../jobs/definition.js';
import { loadAssetIndex } from '../pipeline/asset-index.js';
import { type EventWriter, inlineWriter } from '../pipeline/event-writer.js';
import { CollectorRegistry } from '../pipeline/intake.js';
import { Pipeline } from '../pipeline/pipeline.js';
import { workerWriter } from '../pipeline/worker-writer.js';
import { scheduledJobs } from '../schedules/scheduled-jobs.js';
import { createServices, resolveJwtSecret, type Services } from '../services/index.js';
import { secureDataDir } from '../store/data-dir.js';
import { type Db, openDatabase } from '../store/database.js';
import { type Adapters, closeAdapters, createAdapters } from './adapters.js';
import type { Component } from './component.js';

/** What a stop keeps of its timeout for the adapters and the database, after the components let go. */
const SHUTDOWN_MARGIN_MS = 1_000;

export interface RuntimeOptions {
  logger?: Logger;
  /** PostgreSQL schema (tests use one per run). */
  schema?: string;
  /** Adapters to use instead of the configured ones (tests). */
  adapters?: Partial<Adapters>;
  /** Job definitions beyond the built-in ones (tests, plugins). */
  definitions?: JobDefinition<never>[];
}

/** One process of secai: the store, the adapters, the services, and the components that serve. */
export interface Runtime {
  readonly config: Config;
  readonly logger: Logger;
  readonly db: Db;
  readonly adapters: Adapters;
  readonly services: Services;
  /**
   * Where collectors hand in log lines. `secai serve` adds it as a component (before HTTP and the
   * collectors, so it stops after them and drains); a process without it refuses ingest.
   */
  readonly pipeline: Pipeline;
  /** Adds a component; components start in the order added and stop in reverse. */
  add(component: Component): void;
  start(): Promise<void>;
  /**
   * Stops every started component in reverse order, then the adapters and the database. Waits at
   * most the shutdown timeout for work in flight; components are told to release what is left.
   * Safe to call more than once.
   */
  stop(): Promise<void>;
}

/**
 * The composition root: opens the store (migrating it), builds the adapters the configuration
 * names and the services on them. Nothing else creates a Redis client, a queue or a listener.
 */
export async function createRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const filename = join(config.dataDir, 'secai.db');
  if (!config.databaseUrl) {
    const tightened = secureDataDir(config.dataDir, filename);
    if (tightened.length > 0) logger.warn({ paths: tightened }, 'data dir was readable by others; made it 0700 and its files 0600');
  }
  const db = await openDatabase({ databaseUrl: config.databaseUrl, filename, schema: options.schema });
  let adapters: Adapters | undefined;
  try {
    adapters = createAdapters(config, db, options.adapters, logger);
    await adapters.logStore.open();
    const collectors = new CollectorRegistry();
    const pipeline = new Pipeline({
      writer: eventWriter(config, options, adapters),
      spoolDir: join(config.dataDir, 'spool'),
      registry: collectors,
      logger,
      maxBuffered: config.logBufferEvents,
      assets: () => loadAssetIndex(db),
      // The services are made below, before the pipeline starts.
      detection: {
        version: () => services.rules.version(),
        load: () => services.rules.toRun(),
        raise: async (hits) => {
          await services.detections.raise(hits);
        },
      },
      stream: {
        followed: () => services.stream.eventsFollowed(),
        record: (events) => services.stream.recordEvents(events),
        notRecorded: (count) => services.stream.eventsNotRecorded(count),
      },
    });
    const jwtSecret = await resolveJwtSecret(db, config.jwtSecret);
    const services = await createServices(db, {
      auth: { jwtSecret, accessTokenTtlSeconds: config.accessTokenTtlSeconds, sessionTtlSeconds: config.sessionTtlSeconds },
      sla: config.slaDays,
      adapters,
      logger,
      logs: { store: adapters.logStore, intake: pipeline, collectors },
      onRulesChanged: () => pipeline.rulesChanged(),
    });
    // Every process can run any job: `secai worker` the scheduled ones too.
    for (const definition of scheduledJobs({ services, config, jobs: services.jobs })) services.jobs.register(definition);
    for (const definition of options.definitions ?? []) services.jobs.register(definition as JobDefinition<unknown>);
    return assemble(config, logger, db, adapters, services, pipeline);
  } catch (err) {
    if (adapters) await closeAdapters(adapters);
    await db.destroy();
    throw err;
  }
}

/**
 * Parsing and storing run in a worker thread with a store of its own on the same files or
 * database. A store handed in directly (tests) is written in this thread, and so is
 * Elasticsearch: its writes are requests, which never hold the thread.
 */
function eventWriter(config: Config, options: RuntimeOptions, adapters: Adapters): EventWriter {
  const settings = { rules: config.logParsers, logsources: config.logSources };
  if (options.adapters?.logStore || config.elasticsearchUrl) return inlineWriter(adapters.logStore, settings);
  return workerWriter(
    config.databaseUrl
      ? { kind: 'postgresql', url: config.databaseUrl, ...(options.schema && { schema: options.schema }) }
      : { kind: 'sqlite', dir: join(config.dataDir, 'logs') },
    settings,
  );
}

function assemble(config: Config, logger: Logger, db: Db, adapters: Adapters, services: Services, pipeline: Pipeline): Runtime {
  const components: Component[] = [];
  const started: Component[] = [];
  let stopping: Promise<void> | undefined;

  const stopAll = async () => {
    const deadline = new AbortController();
    // Components are told to let go a little before the timeout, so that closing the adapters and
    // the database still fits in it: the process is gone within the timeout, not just after.
    const timeoutMs = config.shutdownTimeoutSeconds * 1000;
    const timer = setTimeout(() => deadline.abort(), timeoutMs - Math.min(SHUTDOWN_MARGIN_MS, timeoutMs / 5));
    timer.unref();
    try {
      for (const component of started.reverse()) {
        try {
          await component.stop(deadline.signal);
        } catch (err) {
          logger.error({ err, component: component.name }, 'component did not stop cleanly');
        }
      }
    } finally {
      clearTimeout(timer);
    }
    await services.audit.flushFolds().catch((err: unknown) => logger.warn({ err }, 'could not write the last audit counts'));
    await closeAdapters(adapters);
    await db.destroy();
  };

  return {
    config,
    logger,
    db,
    adapters,
    services,
    pipeline,
    add(component) {
      if (started.length > 0 || stopping) throw new Error(`cannot add ${component.name}: the runtime has started`);
      components.push(component);
    },
    async start() {
      for (const component of components) {
        try {
          await component.start();
        } catch (err) {
          logger.error({ err, component: component.name }, 'component did not start');
          await this.stop();
          throw err;
        }
        started.push(component);
      }
    },
    stop() {
      stopping ??= stopAll();
      return stopping;
    },
  };
}
