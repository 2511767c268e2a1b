import { join } from 'node:path';
import type { Config } from '../config.js';
import type { Db } from '../store/database.js';
import { ElasticsearchLogStore } from './elasticsearch-log-store.js';
import type { LogStore } from './log-store.js';
import { PostgresLogStore } from './postgres-log-store.js';
import { SqliteLogStore } from './sqlite-log-store.js';

export { ElasticsearchLogStore, type ElasticsearchLogStoreOptions } from './elasticsearch-log-store.js';
export type { LogPage, LogPartition, LogRange, LogSearch, LogStats, LogStatsRequest, LogStore } from './log-store.js';
export { PostgresLogStore } from './postgres-log-store.js';
export { SqliteLogStore } from './sqlite-log-store.js';

/**
 * The log store the config selects: Elasticsearch (its own client) when there is an Elasticsearch
 * URL, else PostgreSQL (tables in the server's database and schema) when
 * there is a database URL, else SQLite files of their own in `<dataDir>/logs`.
 */
export function createLogStore(config: Pick<Config, 'dataDir' | 'databaseUrl'> & { elasticsearchUrl?: string }, db: Db): LogStore {
  if (config.elasticsearchUrl) return ElasticsearchLogStore.fromUrl(config.elasticsearchUrl);
  return config.databaseUrl ? new PostgresLogStore(db) : new SqliteLogStore(join(config.dataDir, 'logs'));
}
