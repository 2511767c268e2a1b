// What `secai serve` and `secai worker` share as long-running processes: configuration mistakes
// exit 2, start failures (a taken port, an unreachable database) exit 1, and SIGTERM or Ctrl-C
// stops the runtime gracefully once.
import { SecaiError } from '@secai/core/errors';
import type { ConfigSources } from '@secai/server';
import { cliError } from './cli-error.js';

type Config = ReturnType<typeof import('@secai/server')['loadConfig']>;

/** `loadConfig`, with every wrong value reported at once as a usage error (exit 2). */
export async function loadServerConfig(sources: ConfigSources): Promise<Config> {
  // Loaded here, not at the top: every other command (and --help) starts without the server.
  const { loadConfig } = await import('@secai/server');
  try {
    return loadConfig(sources);
  } catch (err) {
    if (err instanceof SecaiError) throw cliError(err.message, { exit: 2, code: err.code });
    throw err;
  }
}

/** Runs `start`; a known failure (a taken port, …) says what to change and exits 1. */
export async function startOrExit<T>(start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (err) {
    if (err instanceof SecaiError) throw cliError(err.message, { exit: 1, code: err.code });
    throw err;
  }
}

/**
 * Resolves once the first SIGINT or SIGTERM has stopped the process's runtime, saying `doing` on
 * stderr meanwhile. Set up before any banner: whoever reads it may signal at once.
 */
export function stopOnSignal(stop: () => Promise<void>, doing: string): Promise<void> {
  return new Promise<void>((resolve) => {
    const onSignal = (signal: string) => {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
      process.stderr.write(`${signal}: ${doing}…\n`);
      stop().then(resolve, (err: unknown) => {
        process.stderr.write(`error while stopping: ${String(err)}\n`);
        process.exitCode = 1;
        resolve();
      });
    };
    const onSigint = () => onSignal('SIGINT');
    const onSigterm = () => onSignal('SIGTERM');
    process.once('SIGINT', onSigint);
    process.once('SIGTERM', onSigterm);
  });
}
