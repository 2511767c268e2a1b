import { Command, Flags } from '@oclif/core';
import { assertNoUnknownFlags, parseErrorIn } from '../lib/parse-errors.js';
import { loadServerConfig, startOrExit, stopOnSignal } from '../lib/server-process.js';

export default class Serve extends Command {
  static override summary = 'start the secai server';
  static override description =
    `Starts the REST API on 127.0.0.1:7070, the scheduler and, unless --no-workers, the background job workers. Without --database-url it keeps its data in an SQLite file in the data directory; pending migrations run at start. Without --redis-url jobs wait in the database and run in this process; with it they go through Redis (bee-queue) to any secai worker, and several servers share rate limits and see each other's role and session changes at once. On an empty database it creates the user "admin" and prints a one-time password, or uses SECAI_ADMIN_PASSWORD. SIGTERM stops it gracefully within SECAI_SHUTDOWN_TIMEOUT (30 s).

Flags override environment variables (SECAI_HOST, SECAI_PORT, SECAI_DATA_DIR, DATABASE_URL, SECAI_LOG_LEVEL and the others in docs/configuration.md), which override the JSON file named by --config or SECAI_CONFIG.`;

  static override examples = [
    { description: 'Try secai with a demo data set', command: '<%= config.bin %> <%= command.id %> --demo' },
    {
      description: 'One of several instances on PostgreSQL and Redis, leaving jobs to `secai worker` processes',
      command:
        '<%= config.bin %> <%= command.id %> --host 0.0.0.0 --database-url postgres://secai@db/secai --redis-url redis://cache:6379 --no-workers',
    },
    {
      description: 'Collect syslog over UDP and TCP, and follow nginx access logs',
      command: "<%= config.bin %> <%= command.id %> --syslog-udp 0.0.0.0:514 --syslog-tcp 0.0.0.0:514 --log-file '/var/log/nginx/*.log'",
    },
    {
      description: 'Serve on all interfaces from PostgreSQL',
      command: '<%= config.bin %> <%= command.id %> --host 0.0.0.0 --port 8080 --database-url postgres://secai@db/secai',
    },
  ];

  static override flags = {
    host: Flags.string({ summary: 'address to listen on', helpValue: '<address>' }),
    // Flag values are strings checked by loadConfig, so that `--port abc --log-level loud` reports
    // both mistakes, and those of the environment and the config file, in one go.
    port: Flags.string({ summary: 'port to listen on (0 picks a free one)', helpValue: '<port>' }),
    'data-dir': Flags.string({ summary: 'directory for the SQLite database and other state', helpValue: '<dir>' }),
    'database-url': Flags.string({ summary: 'PostgreSQL URL instead of the embedded SQLite', helpValue: '<url>' }),
    'redis-url': Flags.string({ summary: 'Redis URL: jobs on bee-queue, shared cache, pub/sub and locks', helpValue: '<url>' }),
    workers: Flags.boolean({
      allowNo: true,
      summary: 'work background jobs in this process too (the default); --no-workers leaves them to `secai worker`',
    }),
    config: Flags.string({ summary: 'JSON config file', helpValue: '<file>' }),
    demo: Flags.boolean({
      summary:
        'load a demo data set (assets, alerts, vulnerabilities, a day of log events) into an empty database, and listen for syslog on 127.0.0.1:5514',
    }),
    'syslog-udp': Flags.string({ summary: 'receive syslog over UDP on this address (host:port)', helpValue: '<host:port>' }),
    'syslog-tcp': Flags.string({ summary: 'receive syslog over TCP (LF or octet-counted framing)', helpValue: '<host:port>' }),
    'syslog-tls': Flags.string({ summary: 'receive syslog over TLS; needs --tls-cert and --tls-key', helpValue: '<host:port>' }),
    'tls-cert': Flags.string({ summary: 'PEM certificate of the syslog TLS listener', helpValue: '<file>' }),
    'tls-key': Flags.string({ summary: 'PEM private key of the syslog TLS listener', helpValue: '<file>' }),
    'log-file': Flags.string({
      summary: 'follow a log file or glob (repeat for several; SECAI_LOG_FILES for formats and multi-line rules)',
      helpValue: '<glob>',
      multiple: true,
    }),
    'log-level': Flags.string({ summary: 'server log level: fatal, error, warn, info, debug, trace or silent', helpValue: '<level>' }),
  };

  override async init(): Promise<void> {
    await super.init();
    assertNoUnknownFlags(this.argv, this.ctor);
  }

  /** A mistyped flag: one line, a guess and the usage, as every other command says it, not the whole help. */
  protected override async catch(err: Error & { code?: string }): Promise<unknown> {
    return super.catch(parseErrorIn(err, this.id ?? 'serve', this.ctor) ?? err);
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(Serve);
    const config = await loadServerConfig({
      flags: {
        host: flags.host,
        port: flags.port,
        dataDir: flags['data-dir'],
        databaseUrl: flags['database-url'],
        redisUrl: flags['redis-url'],
        serveWorkers: flags.workers,
        logLevel: flags['log-level'],
        syslogUdp: flags['syslog-udp'],
        syslogTcp: flags['syslog-tcp'],
        syslogTls: flags['syslog-tls'],
        tlsCert: flags['tls-cert'],
        tlsKey: flags['tls-key'],
        logFiles: flags['log-file'],
      },
      file: flags.config,
    });
    const { startServer } = await import('@secai/server');
    const running = await startOrExit(() => startServer(config, { demo: flags.demo }));
    const stopped = stopOnSignal(() => running.close(), 'draining requests and jobs, then closing the database');

    const where = config.databaseUrl ? 'PostgreSQL' : `${config.dataDir}/secai.db`;
    const lines = [`secai ${this.config.version} listening on ${running.url} (data: ${where})`, `  API reference: ${running.url}/docs`];
    if (running.generatedAdminPassword) {
      lines.push(
        `  First start: created user "admin" with password ${running.generatedAdminPassword}`,
        '  (shown once; change it with `secai login --username admin` then `secai passwd`)',
      );
    }
    for (const c of running.collectors) lines.push(`  Collecting ${c.kind} on ${c.listen}`);
    if (running.demo) {
      lines.push(running.demo.seeded ? '  Demo data loaded.' : '  Demo data already present.');
      for (const u of running.demo.users) lines.push(`  Demo login: ${u.username} / ${u.password} (${u.role})`);
    }
    lines.push(
      `  Log in: curl -s ${running.url}/v1/auth/login -H 'content-type: application/json' -d '{"username":"admin","password":"…"}'`,
    );
    process.stderr.write(`${lines.join('\n')}\n`);
    await stopped;
  }
}
