#!/usr/bin/env node
// The execute entry alone: --version and --help then load a third less of @oclif/core.
import { execute } from '@oclif/core/execute';

// Ctrl-C outside a prompt exits 130 (128 + SIGINT), as shells expect; a command that handles
// SIGINT itself (`serve` drains its requests first) has registered its own listener.
process.on('SIGINT', () => {
  if (process.listenerCount('SIGINT') === 1) process.exit(130);
});

await execute({ dir: import.meta.url });
