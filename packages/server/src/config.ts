import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SLA, type SlaPolicy, ValidationError, validationErrorFromZod } from '@secai/core';
import { z } from 'zod';

const Config = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(7070),
  dataDir: z
    .string()
    .min(1)
    .default(join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'secai')),
  /** PostgreSQL URL; without it the server uses `secai.db` (SQLite) in the data dir. */
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  /** Signing key for access tokens; generated and kept in the database when absent. */
  jwtSecret: z.string().min(32, 'must be at least 32 characters').optional(),
  adminPassword: z.string().min(12, 'must be at least 12 characters').optional(),
  accessTokenTtlSeconds: z.coerce.number().int().min(30).max(86_400).default(900),
  sessionTtlSeconds: z.coerce
    .number()
    .int()
    .min(300)
    .default(30 * 86_400),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
      z.array(z.url()),
    )
    .default([]),
  bodyLimit: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'like 10mb')
    .default('10mb'),
  loginMaxPerIp: z.coerce.number().int().min(1).default(50),
  loginMaxFailuresPerAccount: z.coerce.number().int().min(1).default(10),
  loginWindowSeconds: z.coerce.number().int().min(1).default(900),
  trustProxy: z.preprocess((v) => v === 'true' || v === true, z.boolean()).default(false),
  /** Days to fix by severity, e.g. `critical=7,high=30,medium=90,low=180,info=none`. */
  slaDays: z
    .string()
    .regex(/^(\s*(critical|high|medium|low|info)=(\d+|none)\s*,?)*$/, 'like critical=7,high=30,medium=90,low=180,info=none')
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
  responseCacheMb: z.coerce.number().min(0).max(4096).default(32),
  /** CISA KEV catalog (JSON) and FIRST EPSS scores (CSV) to load at start; nothing is downloaded. */
  kevFile: z.string().optional(),
  epssFile: z.string().optional(),
});

export type Config = Readonly<z.infer<typeof Config>>;

/** Environment variables and what they set. `*_FILE` variants read a secret from a file. */
const ENV: Record<string, keyof z.input<typeof Config>> = {
  SECAI_HOST: 'host',
  SECAI_PORT: 'port',
  SECAI_DATA_DIR: 'dataDir',
  DATABASE_URL: 'databaseUrl',
  SECAI_DATABASE_URL: 'databaseUrl',
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
};

const SECRET_FILE_VARS = ['SECAI_JWT_SECRET', 'SECAI_ADMIN_PASSWORD', 'DATABASE_URL'];

export interface ConfigSources {
  /** Values from command-line flags (highest precedence); undefined entries are ignored. */
  flags?: Partial<Record<keyof z.input<typeof Config>, unknown>>;
  env?: NodeJS.ProcessEnv;
  /** Path of a JSON config file with the same keys as the flags. */
  file?: string | undefined;
}

function fromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(ENV)) {
    if (env[name] !== undefined && env[name] !== '') out[key] = env[name];
  }
  for (const name of SECRET_FILE_VARS) {
    const path = env[`${name}_FILE`];
    const key = ENV[name];
    if (path && key) out[key] = readFileSync(path, 'utf8').trim();
  }
  return out;
}

function fromFile(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new ValidationError(`Cannot read the config file ${path}: ${(err as Error).message}`, [
      { code: 'invalid_file', path: ['config'], message: (err as Error).message },
    ]);
  }
}

const defined = (o: Record<string, unknown> = {}) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** flags > environment > file > defaults; reports every bad value at once; the result is frozen. */
export function loadConfig(sources: ConfigSources = {}): Config {
  const env = sources.env ?? process.env;
  const merged = { ...fromFile(sources.file ?? env.SECAI_CONFIG), ...fromEnv(env), ...defined(sources.flags) };
  const result = Config.safeParse(merged);
  if (!result.success) throw validationErrorFromZod(result.error, 'configuration');
  return Object.freeze(result.data);
}
