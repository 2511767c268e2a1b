import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { JobDefinition } from './jobs/definition.js';
import { workersComponent } from './jobs/workers-component.js';
import type { Adapters } from './runtime/adapters.js';
import { createRuntime, type Runtime } from './runtime/runtime.js';

export interface WorkerOptions {
  /** Queues to take jobs from; every registered definition's queue when absent. */
  queues?: readonly string[] | undefined;
  /** Jobs worked at once; config.jobConcurrency when absent. */
  concurrency?: number | undefined;
  logger?: Logger;
  /** PostgreSQL schema (tests use one per run). */
  schema?: string;
  adapters?: Partial<Adapters>;
  /** Job definitions beyond the built-in ones (tests, plugins). */
  definitions?: JobDefinition<never>[];
}

/**
 * `secai worker`: a runtime with job consumers only (no HTTP, no scheduler). Several of them on
 * PostgreSQL and Redis share the jobs; stop it with `runtime.stop()` (SIGTERM), which finishes or
 * releases the jobs in hand within the shutdown timeout.
 */
export async function startWorker(config: Config, options: WorkerOptions = {}): Promise<Runtime> {
  const runtime = await createRuntime(config, {
    ...(options.logger && { logger: options.logger }),
    ...(options.schema && { schema: options.schema }),
    ...(options.adapters && { adapters: options.adapters }),
  });
  try {
    for (const definition of options.definitions ?? []) runtime.services.jobs.register(definition as JobDefinition<unknown>);
    runtime.add(
      workersComponent(runtime.services.jobs, { concurrency: options.concurrency ?? config.jobConcurrency, queues: options.queues }),
    );
    await runtime.start();
    return runtime;
  } catch (err) {
    await runtime.stop();
    throw err;
  }
}
