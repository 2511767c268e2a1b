import type { Config } from './config.js';
import { workersComponent } from './jobs/workers-component.js';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime/runtime.js';

/** What `createRuntime` takes, and which queues to work how many jobs of at once. */
export interface WorkerOptions extends RuntimeOptions {
  /** Queues to take jobs from; every registered definition's queue when absent. */
  queues?: readonly string[] | undefined;
  /** Jobs worked at once; config.jobConcurrency when absent. */
  concurrency?: number | undefined;
}

/**
 * `secai worker`: a runtime with job consumers only (no HTTP, no scheduler). Several of them on
 * PostgreSQL and Redis share the jobs; stop it with `runtime.stop()` (SIGTERM), which finishes or
 * releases the jobs in hand within the shutdown timeout.
 */
export async function startWorker(config: Config, options: WorkerOptions = {}): Promise<Runtime> {
  const runtime = await createRuntime(config, options);
  try {
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
