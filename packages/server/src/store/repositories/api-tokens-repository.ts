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

  async revoke(db: DbOrTrx, id: string, at: string): Promise<number> {
    return ApiTokenModel.query(db).patch({ revoked_at: at }).where('id', id).whereNull('revoked_at');
  }
}
