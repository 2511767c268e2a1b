import type { DbOrTrx } from '../database.js';

/** Server-wide key/value settings kept in the database (e.g. the JWT signing key). */
export class SettingsRepository {
  async get(db: DbOrTrx, key: string): Promise<string | undefined> {
    const row = (await db('settings').where({ key }).first()) as { value: string } | undefined;
    return row?.value;
  }

  /** Stores `value` unless the key exists; returns the stored value (first writer wins). */
  async getOrInsert(db: DbOrTrx, key: string, value: string): Promise<string> {
    await db('settings').insert({ key, value }).onConflict('key').ignore();
    return (await this.get(db, key)) as string;
  }

  /** Stores `value` under `key`, replacing what was there. */
  async put(db: DbOrTrx, key: string, value: string): Promise<void> {
    await db('settings').insert({ key, value }).onConflict('key').merge(['value']);
  }
}
