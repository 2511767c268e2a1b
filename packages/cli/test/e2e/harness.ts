// Runs the built `secai` binary as a subprocess against an in-process server, as a user would.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type RunningServer, startServer } from '@secai/server';
import { pino } from 'pino';

export const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url));
export const ADMIN_PASSWORD = 'cli-admin-password';
export const JWT_SECRET = 'cli-e2e-secret-cli-e2e-secret-cli-e2e';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliWorld {
  server: RunningServer;
  configDir: string;
  run(args: string[], options?: { stdin?: string; env?: Record<string, string | undefined> }): Promise<Run>;
  close(): Promise<void>;
}

export async function startWorld(): Promise<CliWorld> {
  const dataDir = mkdtempSync(join(tmpdir(), 'secai-cli-data-'));
  const configDir = mkdtempSync(join(tmpdir(), 'secai-cli-config-'));
  const config = loadConfig({
    env: {},
    flags: { port: 0, dataDir, adminPassword: ADMIN_PASSWORD, jwtSecret: JWT_SECRET, logLevel: 'silent', loginMaxPerIp: 10_000 },
  });
  const server = await startServer(config, { logger: pino({ level: 'silent' }) });
  const baseEnv = {
    ...process.env,
    SECAI_CONFIG_DIR: configDir,
    SECAI_URL: server.url,
    NO_COLOR: '1',
    SECAI_TOKEN: undefined,
    SECAI_PROFILE: undefined,
  };
  return {
    server,
    configDir,
    run(args, options = {}) {
      return new Promise((resolve) => {
        const child = spawn(process.execPath, [BIN, ...args], {
          env: { ...baseEnv, ...options.env } as NodeJS.ProcessEnv,
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c) => (stdout += c));
        child.stderr.on('data', (c) => (stderr += c));
        child.stdin.end(options.stdin ?? '');
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    },
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}

/** Runs the CLI in a pseudo-terminal `columns` wide; stdout and stderr arrive together. */
export function onTerminal(world: CliWorld, args: string[], columns = 80): Promise<{ code: number | null; screen: string }> {
  const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
  const command = `stty cols ${columns} rows 50; ${[process.execPath, BIN, ...args].map(quote).join(' ')}`;
  return new Promise((resolve) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      env: { ...process.env, SECAI_CONFIG_DIR: world.configDir, SECAI_URL: world.server.url, NO_COLOR: '1', COLUMNS: String(columns) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    child.stdout.on('data', (c) => (screen += c));
    child.stdin.end();
    child.on('close', (code) => resolve({ code, screen: screen.replaceAll('\r', '') }));
  });
}
