import { NotFoundError, type Page, type Session, type SessionListQuery } from '@secai/core';
import { nowIso } from '../_lib/time.js';
import { assertCan, type RequestContext, type ServiceDeps } from './context.js';

/** Login sessions: everyone sees and ends their own; sessions:read / sessions:write reach others'. */
export class SessionsService {
  constructor(private readonly deps: ServiceDeps) {}

  list(ctx: RequestContext, query: SessionListQuery): Promise<Page<Session>> {
    const actor = ctx.actor as NonNullable<RequestContext['actor']>;
    const userId = query.user_id ?? actor.userId;
    if (userId !== actor.userId) assertCan(ctx, 'sessions:read');
    return this.deps.repos.sessions.list(this.deps.db, { ...query, user_id: userId }, actor.sessionId, nowIso());
  }

  async revoke(ctx: RequestContext, id: string): Promise<void> {
    const { db, repos, audit } = this.deps;
    const session = await repos.sessions.findById(db, id);
    if (!session) throw new NotFoundError('SESSION_NOT_FOUND', `No session with id ${id}`, { id });
    if (session.user_id !== ctx.actor?.userId) assertCan(ctx, 'sessions:write');
    // A session that ended meanwhile (a second or concurrent revoke) is already what was asked.
    if ((await repos.sessions.revoke(db, { id }, 'revoked', nowIso())) === 0) return;
    await this.deps.actors.invalidate();
    await audit.record(ctx, { action: 'session.revoke', targetType: 'session', targetId: id, details: { user_id: session.user_id } });
  }
}
