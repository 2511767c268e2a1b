import { randomBytes } from 'node:crypto';
import { dropSchema, PG_URL } from '../_test/harness.js';
import { logStoreContract } from '../_test/logstore-contract.js';
import { openDatabase } from '../store/database.js';
import { PostgresLogStore } from './postgres-log-store.js';

// Each store gets a schema of its own, as the server's database connection would (search_path).
logStoreContract(
  'postgresql',
  async () => {
    const schema = `secai_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const db = await openDatabase({ databaseUrl: PG_URL, schema });
    const store = new PostgresLogStore(db);
    return {
      store,
      async cleanup() {
        await store.close();
        await db.destroy();
        await dropSchema(schema);
      },
    };
  },
  Boolean(PG_URL),
);
