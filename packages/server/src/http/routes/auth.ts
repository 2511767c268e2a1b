import { LoginRequest, LogoutRequest, RefreshRequest, TokenPair } from '@secai/core';
import type { RequestHandler } from 'express';
import type { Services } from '../../services/index.js';
import type { ApiRouter } from '../api-router.js';

export function authRoutes(api: ApiRouter, services: Services, loginLimits: RequestHandler[]): void {
  api.route(
    {
      method: 'post',
      path: '/v1/auth/login',
      tag: 'auth',
      summary: 'log in with a username and password',
      description: 'Returns a short-lived access token (JWT) and a refresh token. Rate limited per IP and per account.',
      permission: 'public',
      body: LoginRequest,
      response: TokenPair,
      secret: true,
      before: loginLimits,
    },
    ({ body, ctx }) => services.auth.login(ctx, body.username, body.password),
  );

  api.route(
    {
      method: 'post',
      path: '/v1/auth/refresh',
      tag: 'auth',
      summary: 'trade a refresh token for a new pair',
      description: 'Each refresh token works once. Presenting a used one revokes its whole session.',
      permission: 'public',
      body: RefreshRequest,
      response: TokenPair,
      secret: true,
    },
    ({ body, ctx }) => services.auth.refresh(ctx, body.refresh_token),
  );

  api.route(
    {
      method: 'post',
      path: '/v1/auth/logout',
      tag: 'auth',
      summary: 'end the current session',
      description: 'With an access token, ends its session; without one, ends the session of `refresh_token`.',
      permission: 'public',
      body: LogoutRequest,
      status: 204,
      before: [optionalAuth(api.authenticate)],
    },
    ({ body, ctx }) => services.auth.logout(ctx, body.refresh_token),
  );
}

/** Logout accepts either credential, so a bearer token is read when present but not required. */
function optionalAuth(authenticate: RequestHandler): RequestHandler {
  return (req, res, next) => (req.get('authorization') ? authenticate(req, res, next) : next());
}
