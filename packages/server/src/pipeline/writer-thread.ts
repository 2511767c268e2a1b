// The worker thread behind workerWriter: its own log store (its own SQLite connections, or its own
// PostgreSQL pool), the parsers, and enrichment from the asset index the main thread posts.
import { parentPort, workerData } from 'node:worker_threads';
import knex from 'knex';
import { PostgresLogStore } from '../logstore/postgres-log-store.js';
import { SqliteLogStore } from '../logstore/sqlite-log-store.js';
import { inlineWriter } from './event-writer.js';
import type { WriterRequest, WriterResponse, WriterThreadData } from './worker-writer.js';

const data = workerData as WriterThreadData;
const port = parentPort;
if (!port) throw new Error('writer-thread runs as a worker thread');

const pool =
  data.store.kind === 'postgresql'
    ? knex({
        client: 'pg',
        connection: data.store.url,
        pool: { min: 0, max: 2 },
        ...(data.store.schema && { searchPath: [data.store.schema] }),
      })
    : null;
const store = pool ? new PostgresLogStore(pool) : new SqliteLogStore((data.store as { dir: string }).dir);
const writer = inlineWriter(store, data.settings);
const post = (message: WriterResponse) => port.postMessage(message);

store.open().then(
  () => post({ type: 'ready' }),
  (err: unknown) => post({ type: 'fatal', message: err instanceof Error ? err.message : String(err) }),
);

port.on('message', (message: WriterRequest) => {
  if (message.type === 'assets') writer.setAssets(message.index);
  else if (message.type === 'rules') writer.setRules(message.rules);
  else if (message.type === 'write') {
    writer.write(message.records, message.options).then(
      (result) => post({ type: 'written', id: message.id, result }),
      (err: unknown) => post({ type: 'failed', id: message.id, message: err instanceof Error ? err.message : String(err) }),
    );
  } else if (message.type === 'close') {
    void store
      .close()
      .then(() => pool?.destroy())
      .finally(() => port.close());
  }
});
