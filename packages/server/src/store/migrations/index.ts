import type { Knex } from 'knex';
import * as initial from './0001-initial.js';
import * as scanImports from './0002-scan-imports.js';
import * as enrichment from './0003-enrichment.js';
import * as dataVersions from './0004-data-versions.js';
import * as tokenLineage from './0005-token-lineage.js';
import * as locks from './0006-locks.js';
import * as jobs from './0007-jobs.js';
import * as schedules from './0008-schedules.js';
import * as detection from './0009-detection.js';
import * as stream from './0010-stream.js';

/**
 * Migrations are imported, not read from a folder, so they run the same from the TypeScript
 * sources (tests) and from the compiled package. Append new ones; never edit a shipped one.
 */
const MIGRATIONS: Record<string, Knex.Migration> = {
  '0001-initial': initial,
  '0002-scan-imports': scanImports,
  '0003-enrichment': enrichment,
  '0004-data-versions': dataVersions,
  '0005-token-lineage': tokenLineage,
  '0006-locks': locks,
  '0007-jobs': jobs,
  '0008-schedules': schedules,
  '0009-detection': detection,
  '0010-stream': stream,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS),
  getMigrationName: (name) => name,
  getMigration: async (name) => MIGRATIONS[name] as Knex.Migration,
};
