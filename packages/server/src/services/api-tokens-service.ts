import {
  ALL_PERMISSIONS,
  type ApiToken,
  type ApiTokenCreate,
  type ApiTokenCreated,
  type ApiTokenListQuery,
  NotFoundError,
  type Page,
} from '@secai/core';
import { newId, newSecret, sha256 } from '../_lib/ids.js';
import { nowIso } from '../_lib/time.js';
import { API_TOKEN_PREFIX } from './auth-service.js';
import { assertCan, assertHolds, type RequestContext, type ServiceDeps } from './context.js';

/** Personal API tokens for scripts and CI: shown once, stored hashed, scoped, expiring. */
export class ApiTokensService {
  constructor(private readonly deps: ServiceDeps) {}

  async create(ctx: RequestContext, input: ApiTokenCreate): Promise<ApiTokenCreated> {
    const actor = ctx.actor as NonNullable<RequestContext['actor']>;
    const { db, repos, audit } = this.deps;
    // A token narrows its maker's rights, never widens them. Made with a session and no scope, it
    // follows the user (`*`); made with an API token, it holds at most that token's effective
    // permissions and expires no later than it, so a scoped token cannot mint a stronger one.
    assertHolds(ctx, input.permissions ?? [], 'You cannot give a token permissions you lack');
    const permissions = input.permissions
      ? [...new Set(input.permissions)]
      : actor.method === 'token'
        ? [...actor.permissions]
        : [ALL_PERMISSIONS];
    const requestedExpiry = input.expires_in_days === null ? null : new Date(Date.now() + input.expires_in_days * 86_400_000).toISOString();
    const expiresAt =
      actor.tokenExpiresAt && (requestedExpiry === null || requestedExpiry > actor.tokenExpiresAt) ? actor.tokenExpiresAt : requestedExpiry;
    const secret = `${API_TOKEN_PREFIX}${newSecret()}`;
    const now = nowIso();
    const token: ApiToken = {
      id: newId(),
      user_id: actor.userId,
      name: input.name,
      prefix: secret.slice(0, API_TOKEN_PREFIX.length + 6),
      permissions,
      expires_at: expiresAt,
      last_used_at: null,
      revoked_at: null,
      created_at: now,
      parent_id: actor.method === 'token' ? actor.tokenId : null,
    };
    await repos.apiTokens.insert(db, { ...token, token_hash: sha256(secret) });
    await audit.record(ctx, {
      action: 'token.create',
      targetType: 'api_token',
      targetId: token.id,
      details: { name: token.name, permissions },
    });
    return { ...token, token: secret };
  }

  list(ctx: RequestContext, query: ApiTokenListQuery): Promise<Page<ApiToken>> {
    const actor = ctx.actor as NonNullable<RequestContext['actor']>;
    const userId = query.user_id ?? actor.userId;
    // Another user's tokens are credentials metadata: those who manage users see them, not readers.
    if (userId !== actor.userId) assertCan(ctx, 'users:write');
    return this.deps.repos.apiTokens.list(this.deps.db, { ...query, user_id: userId }, nowIso());
  }

  async revoke(ctx: RequestContext, id: string): Promise<void> {
    const { db, repos, audit } = this.deps;
    const token = await repos.apiTokens.findById(db, id);
    if (!token) throw new NotFoundError('TOKEN_NOT_FOUND', `No API token with id ${id}`, { id });
    if (token.user_id !== ctx.actor?.userId) assertCan(ctx, 'users:write');
    // The tokens made with it go too. A token revoked meanwhile (a second or concurrent revoke)
    // is already what was asked: no second event.
    if ((await repos.apiTokens.revoke(db, id, nowIso())) === 0) return;
    await audit.record(ctx, {
      action: 'token.revoke',
      targetType: 'api_token',
      targetId: id,
      details: { name: token.name, user_id: token.user_id },
    });
  }
}
