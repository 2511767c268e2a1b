import { createSecretKey, type KeyObject } from 'node:crypto';
import { intersectPermissions, PermissionError, type TokenPair, UnauthenticatedError } from '@secai/core';
import jwt from 'jsonwebtoken';
import { newId, newSecret, sha256 } from '../_lib/ids.js';
import { nowIso } from '../_lib/time.js';
import { type DbOrTrx, inTransaction } from '../store/database.js';
import type { Actor, RequestContext, ServiceDeps } from './context.js';
import { LoginThrottle } from './login-throttle.js';
import { dummyPasswordHash, verifyPassword } from './passwords.js';

export const API_TOKEN_PREFIX = 'secai_pat_';
const REFRESH_TOKEN_PREFIX = 'secai_rt_';
const JWT_ISSUER = 'secai';
const JWT_AUDIENCE = 'secai-api';
/** Pinned: a token naming any other algorithm (including `none`) is rejected. */
export const JWT_ALGORITHM = 'HS256' as const;

export interface AuthSettings {
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  sessionTtlSeconds: number;
}

export interface AccessTokenClaims {
  sub: string;
  sid: string;
}

/**
 * The signing key as a KeyObject: given a string, jsonwebtoken first tries (and fails) to parse it
 * as a public key on every verify, which cost more than the rest of a request.
 */
export function jwtKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}

/** Options passport-jwt verifies every access token with. */
export function jwtVerifyOptions(key: KeyObject) {
  return { secretOrKey: key as unknown as string, algorithms: [JWT_ALGORITHM] as ['HS256'], issuer: JWT_ISSUER, audience: JWT_AUDIENCE };
}

export class AuthService {
  readonly key: KeyObject;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly settings: AuthSettings,
    private readonly throttle = new LoginThrottle(),
  ) {
    this.key = jwtKey(settings.jwtSecret);
  }

  async login(ctx: RequestContext, username: string, password: string): Promise<TokenPair> {
    const { db, repos, audit } = this.deps;
    await this.throttle.wait(username);
    const user = await repos.users.findByUsername(db, username);
    const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
    if (!user || !ok || user.disabled) {
      if (!ok) await this.throttle.failed(username);
      const reason = !user ? 'unknown_user' : !ok ? 'bad_password' : 'disabled';
      await audit.record(ctx, {
        action: 'auth.login',
        outcome: 'failure',
        targetType: 'user',
        targetId: user?.id ?? null,
        details: { username, reason },
        actor: { id: user?.id ?? null, name: username },
      });
      throw new UnauthenticatedError('INVALID_CREDENTIALS', 'Wrong username or password');
    }
    await this.throttle.succeeded(username);
    const now = nowIso();
    return inTransaction(db, async (trx) => {
      const sessionId = newId();
      await repos.sessions.insert(trx, {
        id: sessionId,
        user_id: user.id,
        created_at: now,
        last_used_at: now,
        expires_at: new Date(Date.now() + this.settings.sessionTtlSeconds * 1000).toISOString(),
        revoked_at: null,
        revoked_reason: null,
        ip: ctx.ip,
        user_agent: ctx.userAgent?.slice(0, 512) ?? null,
      });
      await repos.users.update(trx, user.id, { last_login_at: now });
      await audit.record(
        ctx,
        { action: 'auth.login', targetType: 'session', targetId: sessionId, actor: { id: user.id, name: user.username } },
        trx,
      );
      return this.issuePair(trx, user.id, sessionId);
    });
  }

  /**
   * Rotates a refresh token. A token presented twice means it was stolen or replayed: the whole
   * session (every token descended from the login) is revoked, as OAuth 2.1 §4.3.1 recommends.
   */
  async refresh(ctx: RequestContext, refreshToken: string): Promise<TokenPair> {
    const { db, repos, audit } = this.deps;
    const stored = await repos.sessions.findRefreshToken(db, sha256(refreshToken));
    const session = stored && (await repos.sessions.findById(db, stored.session_id));
    if (!stored || !session) {
      await audit.recordFolded(ctx, { action: 'auth.refresh', outcome: 'failure', details: { reason: 'unknown_token' } });
      throw new UnauthenticatedError('REFRESH_TOKEN_INVALID', 'The refresh token is not valid; log in again');
    }
    const user = await repos.users.findById(db, session.user_id);
    const actor = { id: session.user_id, name: user?.username ?? null };
    const now = nowIso();
    if (session.revoked_at || session.expires_at <= now || !user || user.disabled) {
      await audit.record(ctx, {
        action: 'auth.refresh',
        outcome: 'failure',
        targetType: 'session',
        targetId: session.id,
        actor,
        details: { reason: session.revoked_at ? 'revoked' : 'expired' },
      });
      throw new UnauthenticatedError('SESSION_REVOKED', 'This session has ended; log in again');
    }
    // The revocation must commit, so the transaction returns null rather than throwing.
    const pair = await inTransaction(db, async (trx) => {
      if (!(await repos.sessions.consumeRefreshToken(trx, stored.id, now))) {
        await repos.sessions.revoke(trx, { id: session.id }, 'refresh_token_reuse', now);
        await audit.record(
          ctx,
          { action: 'auth.refresh_reuse', outcome: 'denied', targetType: 'session', targetId: session.id, actor },
          trx,
        );
        return null;
      }
      await repos.sessions.touch(trx, session.id, now);
      await audit.record(ctx, { action: 'auth.refresh', targetType: 'session', targetId: session.id, actor }, trx);
      return this.issuePair(trx, session.user_id, session.id);
    });
    if (!pair) {
      await this.deps.actors.invalidate();
      throw new UnauthenticatedError(
        'REFRESH_TOKEN_REUSED',
        'This refresh token was already used; the session is revoked for safety. Log in again',
      );
    }
    return pair;
  }

  /** Ends the caller's session, or the one the refresh token belongs to. */
  async logout(ctx: RequestContext, refreshToken?: string): Promise<void> {
    const { db, repos, audit } = this.deps;
    let sessionId = ctx.actor?.sessionId ?? null;
    if (!sessionId && refreshToken) {
      sessionId = (await repos.sessions.findRefreshToken(db, sha256(refreshToken)))?.session_id ?? null;
    }
    if (!sessionId) throw new UnauthenticatedError('AUTH_REQUIRED', 'Log out with an access token or a refresh token');
    const session = await repos.sessions.findById(db, sessionId);
    if (ctx.actor && session && session.user_id !== ctx.actor.userId) {
      throw new PermissionError('That session belongs to someone else');
    }
    await repos.sessions.revoke(db, { id: sessionId }, 'logout', nowIso());
    await this.deps.actors.invalidate();
    await audit.record(ctx, {
      action: 'auth.logout',
      targetType: 'session',
      targetId: sessionId,
      ...(session && { actor: { id: session.user_id, name: ctx.actor?.username ?? null } }),
    });
  }

  /** Called by passport-jwt after the signature, algorithm, issuer, audience and expiry checked out. */
  actorFromAccessToken(claims: AccessTokenClaims): Promise<Actor> {
    return this.deps.actors.get(`session:${claims.sid}:${claims.sub}`, () => this.loadSessionActor(claims));
  }

  private async loadSessionActor(claims: AccessTokenClaims): Promise<Actor> {
    const { db, repos } = this.deps;
    const session = await repos.sessions.findById(db, claims.sid);
    if (!session || session.revoked_at || session.user_id !== claims.sub) {
      throw new UnauthenticatedError('SESSION_REVOKED', 'This session has ended; log in again');
    }
    const user = await repos.users.findById(db, claims.sub);
    if (!user || user.disabled) throw new UnauthenticatedError('TOKEN_INVALID', 'The user of this token no longer exists or is disabled');
    return {
      userId: user.id,
      username: user.username,
      permissions: user.permissions,
      method: 'jwt',
      sessionId: session.id,
      tokenId: null,
      tokenExpiresAt: null,
    };
  }

  async actorFromApiToken(token: string): Promise<Actor> {
    const { db, repos } = this.deps;
    const stored = await repos.apiTokens.findByHash(db, sha256(token));
    const now = nowIso();
    if (!stored || stored.revoked_at) throw new UnauthenticatedError('TOKEN_INVALID', 'The API token is not valid or was revoked');
    if (stored.expires_at && stored.expires_at <= now)
      throw new UnauthenticatedError('TOKEN_EXPIRED', 'The API token has expired; create a new one');
    const user = await repos.users.findById(db, stored.user_id);
    if (!user || user.disabled) throw new UnauthenticatedError('TOKEN_INVALID', 'The user of this token no longer exists or is disabled');
    // Writing on every call would turn reads into writes; a minute's precision is plenty.
    if (!stored.last_used_at || Date.parse(now) - Date.parse(stored.last_used_at) > 60_000) {
      await repos.apiTokens.touch(db, stored.id, now);
    }
    return {
      userId: user.id,
      username: user.username,
      permissions: intersectPermissions(user.permissions, stored.permissions),
      method: 'token',
      sessionId: null,
      tokenId: stored.id,
      tokenExpiresAt: stored.expires_at,
    };
  }

  private async issuePair(trx: DbOrTrx, userId: string, sessionId: string): Promise<TokenPair> {
    const refreshToken = `${REFRESH_TOKEN_PREFIX}${newSecret()}`;
    await this.deps.repos.sessions.insertRefreshToken(trx, {
      id: newId(),
      session_id: sessionId,
      token_hash: sha256(refreshToken),
      created_at: nowIso(),
    });
    const claims: AccessTokenClaims = { sub: userId, sid: sessionId };
    const accessToken = jwt.sign(claims, this.key, {
      algorithm: JWT_ALGORITHM,
      expiresIn: this.settings.accessTokenTtlSeconds,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      jwtid: newId(),
    });
    return {
      access_token: accessToken,
      refresh_token: refreshToken,
      token_type: 'Bearer',
      expires_in: this.settings.accessTokenTtlSeconds,
    };
  }
}
