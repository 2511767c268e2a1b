#!/usr/bin/env node
// The execute entry alone: --version and --help then load a third less of @oclif/core.
import { execute } from '@oclif/core/execute';

await execute({ dir: import.meta.url });
