import { Command, Flags } from '@oclif/core';
import { assertNoUnknownFlags, parseErrorIn } from '../lib/parse-errors.js';
import { loadServerConfig, startOrExit, stopOnSignal } from '../lib/server-process.js';

export default class Worker extends Command {
  static override summary = 'run background jobs, without serving the API';
  static override description =
    `Starts a process that only works background jobs (imports and, later, analyses, reports and deliveries). Run several next to \`secai serve\` on the same PostgreSQL and Redis (REDIS_URL): with Redis the jobs travel on bee-queue; without it the worker claims them from the database. SIGTERM or Ctrl-C finishes the jobs in hand, or releases them to another worker at the shutdown timeout (SECAI_SHUTDOWN_TIMEOUT).

Flags override environment variables (SECAI_JOB_CONCURRENCY, DATABASE_URL, REDIS_URL and the others in docs/configuration.md), which override the JSON file named by --config or SECAI_CONFIG.`;

  static override examples = [
    {
      description: 'Work jobs from PostgreSQL and Redis, eight at a time',
      command:
        '<%= config.bin %> <%= command.id %> --database-url postgres://secai@db/secai --redis-url redis://cache:6379 --concurrency 8',
    },
    { description: 'Work only the default queue', command: '<%= config.bin %> <%= command.id %> --queues default' },
  ];

  static override flags = {
    concurrency: Flags.string({ summary: 'jobs worked at once (default 4)', helpValue: '<n>' }),
    queues: Flags.string({ summary: 'comma-separated queues to take jobs from (default: all)', helpValue: '<name,...>' }),
    'data-dir': Flags.string({ summary: 'directory for the SQLite database and other state', helpValue: '<dir>' }),
    'database-url': Flags.string({ summary: 'PostgreSQL URL instead of the embedded SQLite', helpValue: '<url>' }),
    'redis-url': Flags.string({ summary: 'Redis URL: jobs on bee-queue', helpValue: '<url>' }),
    config: Flags.string({ summary: 'JSON config file', helpValue: '<file>' }),
    'log-level': Flags.string({ summary: 'log level: fatal, error, warn, info, debug, trace or silent', helpValue: '<level>' }),
  };

  override async init(): Promise<void> {
    await super.init();
    assertNoUnknownFlags(this.argv, this.ctor);
  }

  protected override async catch(err: Error & { code?: string }): Promise<unknown> {
    return super.catch(parseErrorIn(err, this.id ?? 'worker', this.ctor) ?? err);
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(Worker);
    const config = await loadServerConfig({
      flags: {
        dataDir: flags['data-dir'],
        databaseUrl: flags['database-url'],
        redisUrl: flags['redis-url'],
        logLevel: flags['log-level'],
        jobConcurrency: flags.concurrency,
      },
      file: flags.config,
    });
    const queues = flags.queues
      ?.split(',')
      .map((q) => q.trim())
      .filter(Boolean);
    const { startWorker } = await import('@secai/server');
    const runtime = await startOrExit(() => startWorker(config, { queues, concurrency: config.jobConcurrency }));
    const stopped = stopOnSignal(() => runtime.stop(), 'finishing the jobs in hand');
    const where = config.databaseUrl ? 'PostgreSQL' : `${config.dataDir}/secai.db`;
    const transport = config.redisUrl ? 'bee-queue on Redis' : 'the database';
    process.stderr.write(
      `secai ${this.config.version} worker: ${config.jobConcurrency} at a time from ${queues?.join(', ') ?? 'every queue'} via ${transport} (data: ${where})\n`,
    );
    await stopped;
  }
}
