import { SecaiError, UnauthenticatedError } from '@secai/core';
import type { NextFunction, Request, RequestHandler } from 'express';
import jwt from 'jsonwebtoken';
import passport from 'passport';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import {
  type AccessTokenClaims,
  type Actor,
  API_TOKEN_PREFIX,
  type AuditService,
  type AuthService,
  jwtVerifyOptions,
} from '../../services/index.js';
import { requestContext } from '../api-router.js';

declare global {
  namespace Express {
    interface Request {
      actor?: Actor;
    }
  }
}

const bearer = ExtractJwt.fromAuthHeaderAsBearerToken();

/** jsonwebtoken's error names, as passport-jwt hands them over in `info`. */
function jwtFailure(info: unknown): UnauthenticatedError {
  const name = (info as Error | undefined)?.name;
  if (name === 'TokenExpiredError')
    return new UnauthenticatedError('TOKEN_EXPIRED', 'The access token has expired; refresh it or log in again');
  if (name === 'JsonWebTokenError' || name === 'NotBeforeError')
    return new UnauthenticatedError('TOKEN_INVALID', 'The access token is not valid');
  return new UnauthenticatedError('AUTH_REQUIRED', 'Authentication required: send "Authorization: Bearer <token>"');
}

/**
 * Sets `req.actor` from a bearer token: an access token (JWT, verified by passport-jwt with the
 * algorithm pinned) or a personal API token (`secai_pat_…`).
 */
export function createAuthenticate(auth: AuthService, audit: AuditService): RequestHandler {
  const authenticator = new passport.Passport();
  authenticator.use(
    new JwtStrategy(
      { ...jwtVerifyOptions(auth.key), jwtFromRequest: bearer },
      (claims: AccessTokenClaims, done: (err: unknown, actor?: Actor | false, info?: unknown) => void) => {
        auth.actorFromAccessToken(claims).then(
          (actor) => done(null, actor),
          (err: unknown) => (err instanceof SecaiError ? done(null, false, err) : done(err)),
        );
      },
    ),
  );

  // A refused credential is audited (folded per source and minute: a flood is one event with a
  // count); a request that sent none is not an attack and is not recorded.
  const refuse = (req: Request, next: NextFunction, err: unknown) => {
    if (!(err instanceof UnauthenticatedError) || err.code === 'AUTH_REQUIRED') return next(err);
    audit
      .recordFolded(requestContext(req), {
        action: 'auth.denied',
        outcome: 'denied',
        details: { reason: err.code, method: req.method, path: req.originalUrl.split('?')[0] },
      })
      .then(() => next(err), next);
  };

  return (req, res, next) => {
    const token = bearer(req);
    if (token?.startsWith(API_TOKEN_PREFIX)) {
      auth.actorFromApiToken(token).then(
        (actor) => {
          req.actor = actor;
          next();
        },
        (err: unknown) => refuse(req, next, err),
      );
      return;
    }
    authenticator.authenticate('jwt', { session: false }, (err: unknown, actor: Actor | false, info: unknown) => {
      if (err) return next(err);
      if (!actor) return refuse(req, next, info instanceof SecaiError ? info : jwtFailure(info));
      req.actor = actor;
      next();
    })(req, res, next);
  };
}

/**
 * The actor of a bearer token given outside an Authorization header (the live stream's first
 * message or subprotocol), checked as the HTTP routes check it, and when the token expires (ms).
 */
export async function actorFromBearer(auth: AuthService, token: string): Promise<{ actor: Actor; expiresAt: number | null }> {
  if (token.startsWith(API_TOKEN_PREFIX)) {
    const actor = await auth.actorFromApiToken(token);
    return { actor, expiresAt: actor.tokenExpiresAt ? Date.parse(actor.tokenExpiresAt) : null };
  }
  const { secretOrKey, ...options } = jwtVerifyOptions(auth.key);
  let claims: AccessTokenClaims & { exp?: number };
  try {
    claims = jwt.verify(token, secretOrKey as unknown as jwt.Secret, options) as AccessTokenClaims & { exp?: number };
  } catch (err) {
    throw jwtFailure(err);
  }
  return { actor: await auth.actorFromAccessToken(claims), expiresAt: claims.exp ? claims.exp * 1000 : null };
}

export function actorOf(req: Request): Actor | null {
  return req.actor ?? null;
}
