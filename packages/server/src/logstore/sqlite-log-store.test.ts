import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QueryNode } from '@secai/core/events';
import Database from 'better-sqlite3';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FIXTURE, fixtureEvent, logStoreContract } from '../_test/logstore-contract.js';
import { SqliteLogStore } from './sqlite-log-store.js';
import { fieldTokens } from './terms.js';

logStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'secai-logs-'));
  const store = new SqliteLogStore(join(dir, 'logs'));
  return {
    store,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

test('a day file of the first layout (rowids in arrival order) is searched and written as before', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'secai-logs-'));
  try {
    // The layout before rowids were made from times: user_version 0, seq by autoincrement.
    const legacy = new Database(join(dir, 'logs-2026-11-30.db'));
    legacy.exec(`
      CREATE TABLE events (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, ts INTEGER NOT NULL, doc TEXT NOT NULL);
      CREATE UNIQUE INDEX events_id ON events (id);
      CREATE INDEX events_ts ON events (ts, id);
      CREATE VIRTUAL TABLE text USING fts5 (body, content = '', columnsize = 0, tokenize = 'unicode61 remove_diacritics 0');
      CREATE VIRTUAL TABLE fields USING fts5 (terms, content = '', columnsize = 0, detail = none, tokenize = 'ascii');`);
    const [id, at, line] = FIXTURE[8] as (typeof FIXTURE)[number];
    const old = fixtureEvent(id, at, line);
    legacy.exec(`INSERT INTO events (seq, id, ts, doc) VALUES (1, '${id}', ${Date.parse(at)}, '${JSON.stringify(old).replace(/'/g, "''")}');
      INSERT INTO text (rowid, body) VALUES (1, '${old.log.original}');
      INSERT INTO fields (rowid, terms) VALUES (1, '${fieldTokens(old)}');`);
    legacy.close();
    const store = new SqliteLogStore(dir);
    await store.open();
    const [newId, newAt, newLine] = FIXTURE[9] as (typeof FIXTURE)[number];
    await store.write([fixtureEvent(newId, newAt, newLine)]);
    const q: QueryNode = { kind: 'match', field: 'user.name', value: 'root', wildcard: false };
    // A time range is not a range of the old rowids.
    const from = new Date('2026-11-30T03:00:00Z');
    assert.equal(
      (await store.search({ query: q, from, limit: 10 })).events.map((e) => e.event.id),
      ['e10', 'e09'],
    );
    assert.is((await store.stats({ query: q, from, interval: 3_600_000 })).total, 2);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
