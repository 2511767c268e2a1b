import type { Redis } from 'ioredis';
import { createRedis } from '../redis/connection.js';
import { type Db, openDatabase } from '../store/database.js';
import type { Implementation } from './contract.js';
import { dropSchema, PG_URL, testSchema } from './harness.js';
import { dropPrefix, REDIS_URL, testPrefix } from './redis.js';

/** `count` Redis connections on one fresh prefix, as that many processes would have. */
export function onRedis<T>(build: (connections: Redis[], prefix: string) => T, count = 1): Implementation<T> {
  return {
    name: 'redis',
    available: Boolean(REDIS_URL),
    async make() {
      const url = REDIS_URL as string;
      const prefix = testPrefix();
      const connections = Array.from({ length: count }, () => createRedis(url, prefix));
      return {
        subject: build(connections, prefix),
        async cleanup() {
          for (const c of connections) c.disconnect();
          await dropPrefix(url, prefix);
        },
      };
    },
  };
}

export function inMemory<T>(build: () => T): Implementation<T> {
  return { name: 'memory', available: true, make: async () => ({ subject: build(), cleanup: async () => {} }) };
}

/** A migrated database: a fresh SQLite file in memory, or a PostgreSQL schema of its own. */
export function onDatabase<T>(kind: 'sqlite' | 'postgresql', build: (db: Db) => T): Implementation<T> {
  return {
    name: kind,
    available: kind === 'sqlite' || Boolean(PG_URL),
    async make() {
      const schema = kind === 'postgresql' ? testSchema() : undefined;
      const db = await openDatabase({ databaseUrl: kind === 'postgresql' ? PG_URL : undefined, filename: ':memory:', schema });
      return {
        subject: build(db),
        async cleanup() {
          await db.destroy();
          if (schema) await dropSchema(schema);
        },
      };
    },
  };
}
