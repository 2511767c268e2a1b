import type { Page, Session, SessionListQuery } from '@secai/core';
import type { DbOrTrx } from '../database.js';
import { RefreshTokenModel, SessionModel } from '../models/index.js';
import { applyKeyset, toPage } from '../pagination.js';

const SORT = { column: 'created_at', direction: 'desc' } as const;

type SessionRow = SessionModel & { username: string };

export class SessionsRepository {
  async insert(db: DbOrTrx, session: Omit<SessionModel, keyof import('objection').Model>): Promise<void> {
    await SessionModel.query(db).insert(session);
  }

  async findById(db: DbOrTrx, id: string): Promise<SessionModel | undefined> {
    return SessionModel.query(db).findById(id);
  }

  async touch(db: DbOrTrx, id: string, at: string): Promise<void> {
    await SessionModel.query(db).patch({ last_used_at: at }).where('id', id);
  }

  /**
   * Revokes one session, or all of a user's with `userId` (but `exceptId`, the caller's own, when
   * given); returns how many were still live.
   */
  async revoke(db: DbOrTrx, where: { id?: string; userId?: string; exceptId?: string }, reason: string, at: string): Promise<number> {
    const q = SessionModel.query(db).patch({ revoked_at: at, revoked_reason: reason }).whereNull('revoked_at');
    if (where.id) q.where('id', where.id);
    if (where.userId) q.where('user_id', where.userId);
    if (where.exceptId) q.whereNot('id', where.exceptId);
    return q;
  }

  async list(db: DbOrTrx, query: SessionListQuery, currentSessionId: string | null, now: string): Promise<Page<Session>> {
    const q = SessionModel.query(db).select('sessions.*', 'users.username').join('users', 'users.id', 'sessions.user_id');
    if (query.user_id) q.where('sessions.user_id', query.user_id);
    if (query.active === true) q.whereNull('sessions.revoked_at').where('sessions.expires_at', '>', now);
    if (query.active === false) q.where((w) => w.whereNotNull('sessions.revoked_at').orWhere('sessions.expires_at', '<=', now));
    const rows = (await applyKeyset(q, SORT, query.limit, query.cursor, 'sessions')) as SessionRow[];
    return toPage(rows, SORT, query.limit, (row) => ({
      id: row.id,
      user_id: row.user_id,
      username: row.username,
      created_at: row.created_at,
      last_used_at: row.last_used_at,
      expires_at: row.expires_at,
      revoked_at: row.revoked_at,
      revoked_reason: row.revoked_reason,
      ip: row.ip,
      user_agent: row.user_agent,
      current: row.id === currentSessionId,
    }));
  }

  async insertRefreshToken(db: DbOrTrx, token: { id: string; session_id: string; token_hash: string; created_at: string }): Promise<void> {
    await RefreshTokenModel.query(db).insert({ ...token, used_at: null });
  }

  async findRefreshToken(db: DbOrTrx, tokenHash: string): Promise<RefreshTokenModel | undefined> {
    return RefreshTokenModel.query(db).findOne({ token_hash: tokenHash });
  }

  /** Marks a refresh token used; false when another request used it first (a replay). */
  async consumeRefreshToken(db: DbOrTrx, id: string, at: string): Promise<boolean> {
    const n = await RefreshTokenModel.query(db).patch({ used_at: at }).where('id', id).whereNull('used_at');
    return n === 1;
  }
}
