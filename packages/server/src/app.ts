import { randomUUID } from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Logger, SerializedRequest, SerializedResponse } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Config } from './config.js';
import type { Counters } from './counters/counters.js';
import { ApiRouter } from './http/api-router.js';
import { docsRouter } from './http/docs-page.js';
import { createAuthenticate } from './http/middleware/authenticate.js';
import { errorHandler, notFound } from './http/middleware/errors.js';
import { type PasswordLimits, passwordLimits } from './http/middleware/password-limits.js';
import { createRegistry, generateOpenApiDocument } from './http/openapi.js';
import { redactUrl } from './http/redact-url.js';
import { ResponseCache } from './http/response-cache.js';
import { alertTypesRoutes } from './http/routes/alert-types.js';
import { alertsRoutes } from './http/routes/alerts.js';
import { assetGroupsRoutes } from './http/routes/asset-groups.js';
import { assetTypesRoutes } from './http/routes/asset-types.js';
import { assetsRoutes } from './http/routes/assets.js';
import { auditRoutes } from './http/routes/audit.js';
import { authRoutes } from './http/routes/auth.js';
import { enrichmentRoutes } from './http/routes/enrichment.js';
import { healthRoutes } from './http/routes/health.js';
import { importsRoutes } from './http/routes/imports.js';
import { jobsRoutes } from './http/routes/jobs.js';
import { logsRoutes } from './http/routes/logs.js';
import { meRoutes } from './http/routes/me.js';
import { rolesRoutes } from './http/routes/roles.js';
import { rulesRoutes } from './http/routes/rules.js';
import { schedulesRoutes } from './http/routes/schedules.js';
import { sessionsRoutes } from './http/routes/sessions.js';
import { tokensRoutes } from './http/routes/tokens.js';
import { usersRoutes } from './http/routes/users.js';
import { vulnerabilitiesRoutes } from './http/routes/vulnerabilities.js';
import type { Services } from './services/index.js';
import { SERVER_VERSION } from './version.js';

export interface AppDeps {
  config: Config;
  services: Services;
  logger: Logger;
  /** Where rate limits count (the runtime's; in memory when absent). */
  counters?: Counters;
}

const REQUEST_ID = /^[\w.:-]{1,64}$/;

/** Builds the Express app; it never listens or exits (main.ts does). */
export function createApp({ config, services, logger, counters }: AppDeps): {
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
  registerRoutes(api, services, passwordLimits(config, services.audit, counters));
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

function registerRoutes(api: ApiRouter, services: Services, limits: PasswordLimits): void {
  authRoutes(api, services, limits.login);
  meRoutes(api, services, limits.passwordChange);
  // The order is the OpenAPI document's (and the SDK types') order.
  usersRoutes(api, services);
  rolesRoutes(api, services);
  sessionsRoutes(api, services);
  tokensRoutes(api, services);
  assetsRoutes(api, services);
  assetGroupsRoutes(api, services);
  assetTypesRoutes(api, services);
  alertsRoutes(api, services);
  alertTypesRoutes(api, services);
  vulnerabilitiesRoutes(api, services);
  importsRoutes(api, services);
  enrichmentRoutes(api, services);
  auditRoutes(api, services);
  healthRoutes(api, services);
  jobsRoutes(api, services);
  schedulesRoutes(api, services);
  logsRoutes(api, services);
  rulesRoutes(api, services);
}

/**
 * The OpenAPI document without a database or a listening server, the same one `/openapi.json`
 * serves: the SDK's types are generated from it. Handlers are registered but never called.
 */
export function openApiDocument(): ReturnType<typeof generateOpenApiDocument> {
  const registry = createRegistry();
  const unused: RequestHandler = (_req, _res, next) => next();
  const services = new Proxy({}, { get: () => ({}) }) as Services;
  registerRoutes(new ApiRouter(registry, unused, services.audit), services, { login: [], passwordChange: [] });
  return generateOpenApiDocument(registry, SERVER_VERSION);
}
