#!/usr/bin/env node
// Writes packages/cli/oclif.manifest.json, as `oclif manifest` does: with it, oclif lists
// commands and answers --help and --version without importing every command (and the SDK,
// inquirer and cli-table3 behind them). Part of the build; not committed.
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Config } from '@oclif/core';

const root = fileURLToPath(new URL('../packages/cli/', import.meta.url));
const target = `${root}oclif.manifest.json`;
rmSync(target, { force: true });
const config = await Config.load({ root });
const manifest = config.getPluginsList().find((p) => p.isRoot)?.manifest;
if (!manifest || Object.keys(manifest.commands).length === 0) throw new Error('no commands found: build packages/cli first');
writeFileSync(target, `${JSON.stringify(manifest, null, 2)}\n`);
