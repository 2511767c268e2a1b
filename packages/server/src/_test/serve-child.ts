// `secai serve` as a child process for crash tests (serve-process.ts): started with flags, ready
// once it prints its URL, killed with any signal.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./serve-process.ts', import.meta.url));

export interface ServeChild {
  child: ChildProcess;
  /** Resolves with the base URL once the server answers; rejects if it exits first. */
  url: Promise<string>;
  /** Sends the signal and waits for the exit. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

export function serveChild(env: { flags: Record<string, unknown>; runsFile?: string }): ServeChild {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, SECAI_TEST_SERVE: JSON.stringify({ runsFile: '/dev/null', ...env }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /ready (\S+)/.exec(out);
      if (ready) resolve(ready[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`secai serve exited with ${code} before it was ready`)));
  });
  url.catch(() => {});
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    url,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
