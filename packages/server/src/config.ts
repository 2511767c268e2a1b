import { accessSync, constants, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SLA, type SlaPolicy, ValidationError, type ValidationIssue } from '@secai/core';
import { LOG_FORMATS } from '@secai/core/constants';
import { type CustomRule, compileRules } from '@secai/core/events';
import { z } from 'zod';

/**
 * A whole number, given as one or as its digits. `z.coerce.number()` would take `''` as 0,
 * `0x1f` as 31 and `1e3` as 1000: a typo must not become a port.
 */
const integer = (min: number, max = Number.MAX_SAFE_INTEGER) => {
  const error = `must be a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`}`;
  return z.preprocess(
    (v) => (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v),
    z.number({ error }).int({ error }).min(min, { error }).max(max, { error }),
  );
};

/** `true`/`false` (or 1/0); anything else is a mistake, not `false`. */
const boolean = z.preprocess(
  (v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v),
  z.boolean({ error: 'must be true or false' }),
);

/** `host:port`, or `[v6]:port`: where a listener binds. */
const listenAddress = z
  .string()
  .regex(/^(\[[0-9A-Fa-f:.]+\]|[\w.-]+):\d{1,5}$/, 'must be host:port, like 127.0.0.1:5514 or [::1]:5514')
  .refine((v) => Number(v.slice(v.lastIndexOf(':') + 1)) <= 65535, { error: 'the port must be at most 65535' });

/** A value given as JSON text (an environment variable) is parsed; anything else is left to the schema. */
const fromJson = (v: unknown): unknown => {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
};

/** A log source's name, as `secai.source` keeps it. */
const sourceName = z.string().regex(/^[\w.:-]{1,64}$/, 'a source name is 1-64 letters, digits and . : - _');

/** A file read at start: checked here, so a wrong path is reported with the other mistakes. */
const readableFile = z
  .string()
  .min(1)
  .refine(
    (path) => {
      try {
        accessSync(path, constants.R_OK);
        return true;
      } catch {
        return false;
      }
    },
    { error: 'cannot read this file (missing, or not readable by this user)' },
  );

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const Config = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: integer(0, 65535).default(7070),
    dataDir: z
      .string()
      .min(1)
      .default(join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'secai')),
    /** PostgreSQL URL; without it the server uses `secai.db` (SQLite) in the data dir. */
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    /**
     * Redis URL: with it, jobs run on bee-queue (`secai worker` processes consume them), and pub/sub,
     * the cache, locks and rate-limit counters are shared by every instance. Without it all of these
     * live in this process and the database.
     */
    redisUrl: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .optional(),
    /** Prefix of every Redis key and channel, so deployments (or test runs) can share one Redis. */
    redisPrefix: z
      .string()
      .regex(/^[\w.:-]{1,64}$/, 'must be 1-64 letters, digits and . : - _')
      .default('secai:'),
    /** How long a stop (SIGTERM) waits for requests and jobs in flight before it releases them. */
    shutdownTimeoutSeconds: integer(1, 3600).default(30),
    /** Jobs one process runs at once (`secai worker --concurrency`). */
    jobConcurrency: integer(1, 256).default(4),
    /** Whether `secai serve` also works jobs; turn off when `secai worker` processes do. */
    serveWorkers: boolean.default(true),
    /** Days a finished job is kept before the retention schedule prunes it. */
    jobRetentionDays: integer(1, 3650).default(7),
    /** Days audit events are kept before the retention schedule deletes them. */
    auditRetentionDays: integer(1, 36500).default(365),
    /** Signing key for access tokens; generated and kept in the database when absent. */
    jwtSecret: z.string().min(32, 'must be at least 32 characters').optional(),
    adminPassword: z.string().min(12, 'must be at least 12 characters').optional(),
    accessTokenTtlSeconds: integer(30, 86_400).default(900),
    sessionTtlSeconds: integer(300).default(30 * 86_400),
    logLevel: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
    /** Origins allowed to call the API from a browser; none by default. */
    corsOrigins: z
      .preprocess(
        (v) =>
          typeof v === 'string'
            ? v
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean)
            : v,
        z.array(z.url({ error: 'must be a URL like https://app.example' })),
      )
      .default([]),
    bodyLimit: z
      .string()
      .regex(/^\d+(b|kb|mb)$/i, 'must be a size like 10mb')
      .default('10mb'),
    loginMaxPerIp: integer(1).default(50),
    loginMaxFailuresPerAccount: integer(1).default(10),
    loginWindowSeconds: integer(1).default(900),
    trustProxy: boolean.default(false),
    /** Days to fix by severity, e.g. `critical=7,high=30,medium=90,low=180,info=none`. */
    slaDays: z
      .string()
      .regex(/^(\s*(critical|high|medium|low|info)=(\d+|none)\s*,?)*$/, 'must be like critical=7,high=30,medium=90,low=180,info=none')
      .default('critical=7,high=30,medium=90,low=180,info=none')
      .transform((s) => {
        const policy: Record<string, number | null> = { ...DEFAULT_SLA };
        for (const part of s.split(',').filter((p) => p.trim())) {
          const [k = '', v = ''] = part.trim().split('=');
          policy[k] = v === 'none' ? null : Number(v);
        }
        return policy as SlaPolicy;
      }),
    /** Memory for cached list answers (the alert queue), in MiB; 0 turns the cache off. */
    responseCacheMb: integer(0, 4096).default(32),
    /** CISA KEV catalog (JSON) and FIRST EPSS scores (CSV) to load at start; nothing is downloaded. */
    kevFile: readableFile.optional(),
    epssFile: readableFile.optional(),
    /**
     * Elasticsearch URL: with it events are stored and searched there (a data stream per day)
     * instead of beside the database.
     */
    elasticsearchUrl: z.url({ error: 'must be an http:// or https:// URL' }).optional(),
    /** Syslog listeners (`host:port`), each off unless given; `--demo` turns UDP and TCP on at 127.0.0.1:5514. */
    syslogUdp: listenAddress.optional(),
    syslogTcp: listenAddress.optional(),
    syslogTls: listenAddress.optional(),
    /** The TLS listener's certificate and key (PEM). */
    tlsCert: readableFile.optional(),
    tlsKey: readableFile.optional(),
    /** Days of events kept; older day partitions are dropped by the log retention schedule. */
    logRetentionDays: integer(1, 36500).default(30),
    /** A cap on the log store's size in MiB: the oldest days are dropped past it. None by default. */
    logRetentionMb: integer(1).optional(),
    /**
     * Files to follow: `[{"paths": ["/var/log/app/*.log"], "source": "app", "format": "json",
     * "multiline": {"start": "^\\d{4}-"}}]` (JSON in SECAI_LOG_FILES or the config file), or
     * `--log-file GLOB`, repeated (the source is then the file name without extension).
     */
    logFiles: z
      .preprocess(
        fromJson,
        z.array(
          z.union([
            z
              .string()
              .min(1)
              .transform((path) => ({ paths: [path] })),
            z.object({
              paths: z.union([
                z
                  .string()
                  .min(1)
                  .transform((p) => [p]),
                z.array(z.string().min(1)).min(1),
              ]),
              source: sourceName.optional(),
              format: z.enum(LOG_FORMATS).optional(),
              multiline: z
                .object({
                  start: z.string().refine(
                    (re) => {
                      try {
                        new RegExp(re);
                        return true;
                      } catch {
                        return false;
                      }
                    },
                    { error: 'is not a regular expression' },
                  ),
                })
                .optional(),
            }),
          ]),
          { error: 'must be a JSON array of file sources (see docs/logs.md)' },
        ),
      )
      .default([]),
    /**
     * What a source's events are in Sigma's terms, by source name, for rules on other than Windows
     * event logs: `{"cloudtrail": {"product": "aws", "service": "cloudtrail"}}` (JSON in
     * SECAI_LOG_SOURCES or the config file). An event that declares its own keeps it.
     */
    logSources: z
      .preprocess(
        fromJson,
        z.record(
          sourceName,
          z
            .object({
              product: z.string().min(1).optional(),
              service: z.string().min(1).optional(),
              category: z.string().min(1).optional(),
            })
            .strict(),
          { error: 'must be a JSON object of source name to a Sigma logsource ({product, service, category})' },
        ),
      )
      .default({}),
    /**
     * Parsers of a source's own lines, by source name, tried before the built-in formats:
     * `{"myapp": [{"name": "audit", "kind": "grok", "pattern": "%{TIMESTAMP_ISO8601:@timestamp} %{WORD:user.name} %{GREEDYDATA:message}"}]}`
     * (JSON in SECAI_LOG_PARSERS or the config file; docs/events.md has the rule format).
     */
    logParsers: z
      .preprocess(
        fromJson,
        z.record(sourceName, z.array(z.custom<CustomRule>()), {
          error: 'must be a JSON object of source name to a list of parse rules',
        }),
      )
      .superRefine((sources, ctx) => {
        for (const [source, rules] of Object.entries(sources)) {
          try {
            compileRules(rules);
          } catch (err) {
            ctx.addIssue({ code: 'custom', path: [source], message: (err as Error).message });
          }
        }
      })
      .default({}),
    /** Accepted events held in memory and in the spool before the intake refuses (HTTP 503). */
    logBufferEvents: integer(1_000, 10_000_000).default(100_000),
  })
  .refine((c) => !c.syslogTls || (c.tlsCert && c.tlsKey), {
    error: 'needs --tls-cert and --tls-key',
    path: ['syslogTls'],
  });

export type Config = Readonly<z.infer<typeof Config>>;
type Key = keyof z.input<typeof Config>;

/** Environment variables and what they set. `*_FILE` variants read a secret from a file. */
const ENV: Record<string, Key> = {
  SECAI_HOST: 'host',
  SECAI_PORT: 'port',
  SECAI_DATA_DIR: 'dataDir',
  DATABASE_URL: 'databaseUrl',
  SECAI_DATABASE_URL: 'databaseUrl',
  REDIS_URL: 'redisUrl',
  SECAI_REDIS_URL: 'redisUrl',
  SECAI_REDIS_PREFIX: 'redisPrefix',
  SECAI_SHUTDOWN_TIMEOUT: 'shutdownTimeoutSeconds',
  SECAI_JOB_CONCURRENCY: 'jobConcurrency',
  SECAI_SERVE_WORKERS: 'serveWorkers',
  SECAI_JOB_RETENTION_DAYS: 'jobRetentionDays',
  SECAI_AUDIT_RETENTION_DAYS: 'auditRetentionDays',
  SECAI_JWT_SECRET: 'jwtSecret',
  SECAI_ADMIN_PASSWORD: 'adminPassword',
  SECAI_ACCESS_TOKEN_TTL: 'accessTokenTtlSeconds',
  SECAI_SESSION_TTL: 'sessionTtlSeconds',
  SECAI_LOG_LEVEL: 'logLevel',
  SECAI_CORS_ORIGINS: 'corsOrigins',
  SECAI_BODY_LIMIT: 'bodyLimit',
  SECAI_LOGIN_MAX_PER_IP: 'loginMaxPerIp',
  SECAI_LOGIN_MAX_FAILURES: 'loginMaxFailuresPerAccount',
  SECAI_LOGIN_WINDOW: 'loginWindowSeconds',
  SECAI_TRUST_PROXY: 'trustProxy',
  SECAI_SLA_DAYS: 'slaDays',
  SECAI_RESPONSE_CACHE_MB: 'responseCacheMb',
  SECAI_KEV_FILE: 'kevFile',
  SECAI_EPSS_FILE: 'epssFile',
  SECAI_SYSLOG_UDP: 'syslogUdp',
  SECAI_SYSLOG_TCP: 'syslogTcp',
  SECAI_SYSLOG_TLS: 'syslogTls',
  SECAI_TLS_CERT: 'tlsCert',
  SECAI_TLS_KEY: 'tlsKey',
  SECAI_LOG_RETENTION_DAYS: 'logRetentionDays',
  SECAI_LOG_RETENTION_MB: 'logRetentionMb',
  SECAI_LOG_BUFFER_EVENTS: 'logBufferEvents',
  SECAI_LOG_FILES: 'logFiles',
  SECAI_LOG_PARSERS: 'logParsers',
  SECAI_LOG_SOURCES: 'logSources',
  ELASTICSEARCH_URL: 'elasticsearchUrl',
  SECAI_ELASTICSEARCH_URL: 'elasticsearchUrl',
};

const SECRET_FILE_VARS = ['SECAI_JWT_SECRET', 'SECAI_ADMIN_PASSWORD', 'DATABASE_URL', 'REDIS_URL'];

/** Values never repeated in an error message: they are secrets, or a URL that may hold one. */
const SECRET_KEYS = new Set<Key>(['jwtSecret', 'adminPassword', 'databaseUrl', 'redisUrl', 'elasticsearchUrl']);

export interface ConfigSources {
  /** Values from command-line flags (highest precedence); undefined entries are ignored. */
  flags?: Partial<Record<Key, unknown>>;
  env?: NodeJS.ProcessEnv;
  /** Path of a JSON config file with the same keys as the flags. */
  file?: string | undefined;
}

/** What one source says, with the name a user knows each value by, and what it could not say. */
interface Layer {
  values: Record<string, unknown>;
  /** `--port`, `SECAI_PORT`, `port in /etc/secai.json`: how error lines name the value. */
  labels: Record<string, string>;
  issues: ValidationIssue[];
}

const emptyLayer = (): Layer => ({ values: {}, labels: {}, issues: [] });
const flagName = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
const reason = (err: unknown) => ((err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message);

function fromFlags(flags: ConfigSources['flags'] = {}): Layer {
  const layer = emptyLayer();
  for (const [key, value] of Object.entries(flags)) {
    if (value === undefined) continue;
    layer.values[key] = value;
    layer.labels[key] = flagName(key);
  }
  return layer;
}

function fromEnv(env: NodeJS.ProcessEnv): Layer {
  const layer = emptyLayer();
  for (const [name, key] of Object.entries(ENV)) {
    if (env[name] === undefined || env[name] === '') continue;
    layer.values[key] = env[name];
    layer.labels[key] = name;
  }
  for (const name of SECRET_FILE_VARS) {
    const variable = `${name}_FILE`;
    const path = env[variable];
    const key = ENV[name];
    if (!path || !key) continue;
    try {
      layer.values[key] = readFileSync(path, 'utf8').trim();
      layer.labels[key] = variable;
    } catch (err) {
      layer.issues.push({ code: 'invalid_file', path: [key], message: `${variable}: cannot read ${path} (${reason(err)})` });
    }
  }
  return layer;
}

function fromFile(path: string | undefined, label: string): Layer {
  const layer = emptyLayer();
  if (!path) return layer;
  const fail = (message: string) => {
    layer.issues.push({ code: 'invalid_file', path: ['config'], message: `${label} ${path}: ${message}` });
    return layer;
  };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return fail(`cannot read it (${reason(err)})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return fail(`not valid JSON (${(err as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return fail('must hold a JSON object of settings');
  for (const [key, value] of Object.entries(parsed)) {
    if (!(key in Config.shape)) {
      layer.issues.push({
        code: 'unrecognized_keys',
        path: [key],
        message: `${key} in ${path}: not a setting${suggestion(key)}; docs/configuration.md lists them`,
      });
      continue;
    }
    layer.values[key] = value;
    layer.labels[key] = `${key} in ${path}`;
  }
  return layer;
}

/** ` (did you mean port?)` for a key one or two edits away from a setting. */
function suggestion(key: string): string {
  const near = Object.keys(Config.shape).find((k) => distance(k.toLowerCase(), key.toLowerCase()) <= 2);
  return near ? ` (did you mean ${near}?)` : '';
}

function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length] ?? 0;
}

/** One line per wrong value, named as the user gave it: `SECAI_PORT: must be a whole number … (got "http")`. */
function describe(issue: z.core.$ZodIssue, labels: Record<string, string>, values: Record<string, unknown>): ValidationIssue {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const key = String(path[0] ?? '');
  const label = labels[key] ?? key;
  const value = values[key];
  const shown = SECRET_KEYS.has(key as Key) || value === undefined ? '' : ` (got ${JSON.stringify(value)})`;
  const item = path.length > 1 ? ` item ${Number(path[1]) + 1}` : '';
  return { code: issue.code, path, message: `${label}${item}: ${issue.message}${shown}` };
}

/**
 * flags > environment > file > defaults. Every wrong value from every source is reported at
 * once, one line each, named by its flag, variable or file; the result is frozen.
 */
export function loadConfig(sources: ConfigSources = {}): Config {
  const env = sources.env ?? process.env;
  const file = sources.file ?? env.SECAI_CONFIG;
  const layers = [fromFile(file, sources.file ? '--config' : 'SECAI_CONFIG'), fromEnv(env), fromFlags(sources.flags)];
  const values = Object.assign({}, ...layers.map((l) => l.values)) as Record<string, unknown>;
  const labels = Object.assign({}, ...layers.map((l) => l.labels)) as Record<string, string>;
  const result = Config.safeParse(values);
  // A source that could not be read says so once, not again as "invalid value".
  const unreadable = new Set(layers.flatMap((l) => l.issues.map((i) => String(i.path[0]))));
  const issues = [
    ...layers.flatMap((l) => l.issues),
    ...(result.success
      ? []
      : result.error.issues.filter((i) => !unreadable.has(String(i.path[0]))).map((i) => describe(i, labels, values))),
  ];
  if (issues.length > 0 || !result.success) {
    const lines = issues.map((i) => `  ${i.message}`).join('\n');
    throw new ValidationError(
      `Invalid configuration (${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}):\n${lines}`,
      issues,
    );
  }
  return Object.freeze(result.data);
}
