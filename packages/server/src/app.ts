import { randomUUID } from 'node:crypto';
import { RateLimitedError } from '@secai/core';
import express, { type Express, type Request, type RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Logger, SerializedRequest, SerializedResponse } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Config } from './config.js';
import { ApiRouter, requestContext } from './http/api-router.js';
import { docsRouter } from './http/docs-page.js';
import { createAuthenticate } from './http/middleware/authenticate.js';
import { errorHandler, notFound } from './http/middleware/errors.js';
import { createRegistry, generateOpenApiDocument } from './http/openapi.js';
import { redactUrl } from './http/redact-url.js';
import { ResponseCache } from './http/response-cache.js';
import { authRoutes } from './http/routes/auth.js';
import { detectionRoutes } from './http/routes/detection.js';
import { identityRoutes } from './http/routes/identity.js';
import { enrichmentRoutes, importRoutes } from './http/routes/imports.js';
import { inventoryRoutes } from './http/routes/inventory.js';
import { meRoutes } from './http/routes/me.js';
import { operationsRoutes } from './http/routes/operations.js';
import type { AuditService, Services } from './services/index.js';
import { SERVER_VERSION } from './version.js';

export interface AppDeps {
  config: Config;
  services: Services;
  logger: Logger;
}

const REQUEST_ID = /^[\w.:-]{1,64}$/;

/** The login's username as the limits key on it; the body is not validated yet, so anything else is no name. */
function usernameOf(req: Request): string {
  const username = (req.body as { username?: unknown } | undefined)?.username;
  return typeof username === 'string' ? username : '';
}

/**
 * The HTTP half of the login policy (services/login-throttle.ts has the per-account delay): every
 * attempt counts per address, and failures count strictly per (account, address), so ten wrong
 * passwords from one address stop that address, not the owner elsewhere. Refusals are audited.
 */
function loginLimits(config: Config, audit: AuditService): RequestHandler[] {
  const windowMs = config.loginWindowSeconds * 1000;
  // Trusting X-Forwarded-For is the operator's explicit choice (SECAI_TRUST_PROXY, for a server
  // behind a proxy that sets it), not a mistake to warn about on every start.
  const common = { windowMs, standardHeaders: 'draft-8', legacyHeaders: false, validate: { trustProxy: false } } as const;
  const refuse =
    (reason: string): RequestHandler =>
    (req, _res, next) => {
      const username = usernameOf(req).slice(0, 64);
      audit
        .recordFolded(requestContext(req), { action: 'auth.login', outcome: 'denied', details: { reason, username } })
        .finally(() => next(new RateLimitedError('Too many login attempts; wait and try again', config.loginWindowSeconds)));
    };
  return [
    rateLimit({ ...common, limit: config.loginMaxPerIp, handler: refuse('rate_limited_address') }),
    rateLimit({
      ...common,
      limit: config.loginMaxFailuresPerAccount,
      skipSuccessfulRequests: true,
      keyGenerator: (req) => `${usernameOf(req).toLowerCase()}|${ipKeyGenerator(req.ip ?? '')}`,
      handler: refuse('rate_limited_account_address'),
    }),
  ];
}

/** Builds the Express app; it never listens or exits (main.ts does). */
export function createApp({ config, services, logger }: AppDeps): {
  app: Express;
  openapi: ReturnType<typeof generateOpenApiDocument>;
} {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('query parser', 'extended');

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      // What an operator needs from a request line; headers stay out (credentials, and the cost
      // of copying and redacting them on every request).
      serializers: {
        req: (req: SerializedRequest) => ({
          id: req.id,
          method: req.method,
          url: redactUrl(req.url),
          remoteAddress: req.remoteAddress,
          userAgent: req.headers['user-agent'],
        }),
        res: (res: SerializedResponse) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(helmet());
  if (config.corsOrigins.length > 0) {
    const allowed = new Set(config.corsOrigins.map((o) => new URL(o).origin));
    app.use((req, res, next) => {
      const origin = req.get('origin');
      if (origin && allowed.has(origin)) {
        res.setHeader('Access-Control-Allow-Origin', origin);
        res.setHeader('Vary', 'Origin');
        res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Request-Id');
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PATCH, PUT, DELETE');
        if (req.method === 'OPTIONS') return void res.status(204).end();
      }
      next();
    });
  }

  const registry = createRegistry();
  const cache = config.responseCacheMb > 0 ? new ResponseCache(config.responseCacheMb * 1024 * 1024) : null;
  const api = new ApiRouter(registry, createAuthenticate(services.auth, services.audit), services.audit, cache, {
    bodyLimit: config.bodyLimit,
  });
  registerRoutes(api, services, loginLimits(config, services.audit));
  const openapi = generateOpenApiDocument(registry, SERVER_VERSION);

  app.use(api.router);
  app.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.use(docsRouter());
  app.use(notFound);
  app.use(errorHandler);
  return { app, openapi };
}

function registerRoutes(api: ApiRouter, services: Services, limits: RequestHandler[]): void {
  authRoutes(api, services, limits);
  meRoutes(api, services);
  identityRoutes(api, services);
  inventoryRoutes(api, services);
  detectionRoutes(api, services);
  importRoutes(api, services);
  enrichmentRoutes(api, services);
  operationsRoutes(api, services);
}

/**
 * The OpenAPI document without a database or a listening server, the same one `/openapi.json`
 * serves: the SDK's types are generated from it. Handlers are registered but never called.
 */
export function openApiDocument(): ReturnType<typeof generateOpenApiDocument> {
  const registry = createRegistry();
  const unused: RequestHandler = (_req, _res, next) => next();
  const services = new Proxy({}, { get: () => ({}) }) as Services;
  registerRoutes(new ApiRouter(registry, unused, services.audit), services, []);
  return generateOpenApiDocument(registry, SERVER_VERSION);
}
