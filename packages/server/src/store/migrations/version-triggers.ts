import type { Knex } from 'knex';
import { isPostgres } from '../dialect.js';

/**
 * Triggers that move `data_versions[name]` on with every write to `table` (as migration 0004 set
 * up for alerts; its function `bump_data_version` is reused on PostgreSQL).
 */
export async function addVersionTriggers(db: Knex, table: string, name: string): Promise<void> {
  if (isPostgres(db)) {
    await db.raw(
      `create trigger ?? after insert or update or delete or truncate on ?? for each statement execute function bump_data_version('${name}')`,
      [`${table}_data_version`, table],
    );
    return;
  }
  for (const event of ['insert', 'update', 'delete']) {
    await db.raw(
      `create trigger ?? after ${event} on ?? begin update data_versions set version = version + 1 where name = '${name}'; end`,
      [`${table}_data_version_${event}`, table],
    );
  }
}
