import type { ApiToken, ApiTokenListQuery, Page } from '@secai/core';
import type { DbOrTrx } from '../database.js';
import { ApiTokenModel } from '../models/index.js';
import { applyKeyset, toPage } from '../pagination.js';

const SORT = { column: 'created_at', direction: 'desc' } as const;

export type ApiTokenRecord = ApiToken & { token_hash: string };

function toApiToken(row: ApiTokenModel): ApiToken {
  const { token_hash: _hash, ...token } = row.toJSON() as unknown as ApiTokenRecord;
  return token;
}

export class ApiTokensRepository {
  async insert(db: DbOrTrx, token: ApiTokenRecord): Promise<void> {
    await ApiTokenModel.query(db).insert({ ...token });
  }

  async findByHash(db: DbOrTrx, tokenHash: string): Promise<ApiTokenRecord | undefined> {
    const row = await ApiTokenModel.query(db).findOne({ token_hash: tokenHash });
    return row && (row.toJSON() as unknown as ApiTokenRecord);
  }

  async findById(db: DbOrTrx, id: string): Promise<ApiToken | undefined> {
    const row = await ApiTokenModel.query(db).findById(id);
    return row && toApiToken(row);
  }

  async list(db: DbOrTrx, query: ApiTokenListQuery, now: string): Promise<Page<ApiToken>> {
    const q = ApiTokenModel.query(db);
    if (query.user_id) q.where('user_id', query.user_id);
    if (query.active === true) q.whereNull('revoked_at').where((w) => w.whereNull('expires_at').orWhere('expires_at', '>', now));
    if (query.active === false) q.where((w) => w.whereNotNull('revoked_at').orWhere('expires_at', '<=', now));
    const rows = await applyKeyset(q, SORT, query.limit, query.cursor);
    return toPage(rows, SORT, query.limit, toApiToken);
  }

  async touch(db: DbOrTrx, id: string, at: string): Promise<void> {
    await ApiTokenModel.query(db).patch({ last_used_at: at }).where('id', id);
  }

  /** Revokes the token and every live token made with it, at any depth; answers how many it revoked. */
  async revoke(db: DbOrTrx, id: string, at: string): Promise<number> {
    const lineage = db.raw(
      `with recursive lineage(id) as (
         select id from api_tokens where id = ?
         union select t.id from api_tokens t join lineage l on t.parent_id = l.id
       ) select id from lineage`,
      [id],
    );
    return ApiTokenModel.query(db).patch({ revoked_at: at }).whereIn('id', lineage).whereNull('revoked_at');
  }
}
