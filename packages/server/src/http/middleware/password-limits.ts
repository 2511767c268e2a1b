import { RateLimitedError } from '@secai/core';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Config } from '../../config.js';
import type { Counters } from '../../counters/counters.js';
import { MemoryCounters } from '../../counters/memory-counters.js';
import type { AuditService } from '../../services/index.js';
import { requestContext } from '../api-router.js';
import { CountersStore } from './counters-store.js';

/** Where a password is checked: the login (public) and the caller's own password change. */
export interface PasswordLimits {
  login: RequestHandler[];
  passwordChange: RequestHandler[];
}

/** The login's username as the limits key on it; the body is not validated yet, so anything else is no name. */
function usernameOf(req: Request): string {
  const username = (req.body as { username?: unknown } | undefined)?.username;
  return typeof username === 'string' ? username : '';
}

/**
 * The HTTP half of the password policy (services/login-throttle.ts has the per-account delay):
 * every login attempt counts per address, and wrong passwords count strictly per (account,
 * address), so ten of them from one address stop that address, not the owner elsewhere. A
 * password change, where a stolen access token could guess the current password, counts its
 * failures the same way. Refusals are audited. The counts live in `counters`: with Redis they
 * add up across instances.
 */
export function passwordLimits(config: Config, audit: AuditService, counters: Counters = new MemoryCounters()): PasswordLimits {
  const windowMs = config.loginWindowSeconds * 1000;
  // Trusting X-Forwarded-For is the operator's explicit choice (SECAI_TRUST_PROXY, for a server
  // behind a proxy that sets it), not a mistake to warn about on every start.
  const common = { windowMs, standardHeaders: 'draft-8', legacyHeaders: false, validate: { trustProxy: false } } as const;
  const refuse =
    (action: string, reason: string): RequestHandler =>
    (req, _res, next) => {
      const username = req.actor?.username ?? usernameOf(req).slice(0, 64);
      // The refusal stands whether or not its audit event could be written (the database may be down).
      audit
        .recordFolded(requestContext(req), { action, outcome: 'denied', details: { reason, username } })
        .catch(() => {})
        .then(() => next(new RateLimitedError('Too many password attempts; wait and try again', config.loginWindowSeconds)));
    };
  const failuresPerAccountAndAddress = (action: string, account: (req: Request) => string) =>
    rateLimit({
      ...common,
      store: new CountersStore(counters, `rl:${action}:account-address:`),
      limit: config.loginMaxFailuresPerAccount,
      skipSuccessfulRequests: true,
      keyGenerator: (req) => `${action}|${account(req).toLowerCase()}|${ipKeyGenerator(req.ip ?? '')}`,
      handler: refuse(action, 'rate_limited_account_address'),
    });
  return {
    login: [
      rateLimit({
        ...common,
        store: new CountersStore(counters, 'rl:auth.login:address:'),
        limit: config.loginMaxPerIp,
        handler: refuse('auth.login', 'rate_limited_address'),
      }),
      failuresPerAccountAndAddress('auth.login', usernameOf),
    ],
    passwordChange: [failuresPerAccountAndAddress('user.change_password', (req) => req.actor?.userId ?? '')],
  };
}
