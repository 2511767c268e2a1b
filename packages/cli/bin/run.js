#!/usr/bin/env node
// `secai --version` alone is answered before oclif loads: printing a version needs only
// package.json, and loading oclif's config (its plugins' manifests) is most of the CLI's start-up.
// The line is oclif's own format, `<name>/<version> <platform>-<arch> node-<version>`.
if (process.argv.length === 3 && process.argv[2] === '--version') {
  const { readFileSync } = await import('node:fs');
  const { name, version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${name}/${version} ${process.platform}-${process.arch} node-${process.version}\n`);
} else {
  // The execute entry alone: --help then loads a third less of @oclif/core.
  const { execute } = await import('@oclif/core/execute');

  // Ctrl-C outside a prompt exits 130 (128 + SIGINT), as shells expect; a command that handles
  // SIGINT itself (`serve` drains its requests first) has registered its own listener.
  process.on('SIGINT', () => {
    if (process.listenerCount('SIGINT') === 1) process.exit(130);
  });

  await execute({ dir: import.meta.url });
}
