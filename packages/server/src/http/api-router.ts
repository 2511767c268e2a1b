import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import { grants, type Permission, PermissionError, Problem, parseOrThrow, SecaiError, ValidationError } from '@secai/core';
import express, { type Request, type RequestHandler, Router } from 'express';
import multer from 'multer';
import { z } from 'zod';
import type { AuditService, RequestContext } from '../services/index.js';
import { requestIdOf } from './middleware/errors.js';
import type { ResponseCache } from './response-cache.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: Method;
  /** Express-style path, e.g. `/v1/alerts/:id`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** `public` needs no token; `authenticated` any valid token; otherwise that permission. */
  permission: Permission | 'authenticated' | 'public';
  params?: P;
  query?: Q;
  body?: B;
  response?: z.ZodType;
  /** 200 by default; 201 for creations; 204 when the handler returns nothing. */
  status?: 200 | 201 | 202 | 204;
  /** Middleware that runs first, e.g. the login rate limits. */
  before?: RequestHandler[];
  /** The body is a file of any type (a scanner report), read as text up to this many bytes. */
  rawBody?: { limit: string; description: string };
  /**
   * The version of the data the answer is read from: answers are then cached per query while it
   * holds. Only for GETs whose answer depends on nothing but the query and that data (the same for
   * every caller the permission lets in, and not on the clock).
   */
  cachedWhile?: () => Promise<number>;
}

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  ctx: RequestContext;
  req: Request;
}

export function requestContext(req: Request): RequestContext {
  return { actor: req.actor ?? null, ip: req.ip ?? null, requestId: requestIdOf(req), userAgent: req.get('user-agent') ?? null };
}

const ERROR_RESPONSES: Record<number, string> = {
  400: 'Invalid request (problem document with `issues`)',
  401: 'Missing, invalid or expired credentials',
  403: 'The caller lacks the permission',
  404: 'Not found',
  409: 'Conflicts with the current state',
  429: 'Too many requests',
};

/**
 * Declares a route once: Express gets the handler with validation and the permission check,
 * and the OpenAPI document gets the same schemas. Routes stay thin: validate, call a service.
 */
export class ApiRouter {
  readonly router = Router();

  constructor(
    private readonly registry: OpenAPIRegistry,
    readonly authenticate: RequestHandler,
    private readonly audit: AuditService,
    private readonly cache: ResponseCache | null = null,
  ) {}

  route<P extends z.ZodType = z.ZodObject, Q extends z.ZodType = z.ZodObject, B extends z.ZodType = z.ZodUnknown>(
    spec: RouteSpec<P, Q, B>,
    handler: (input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>) => Promise<unknown>,
  ): void {
    this.document(spec);
    const status = spec.status ?? 200;
    const handlers: RequestHandler[] = [...(spec.before ?? [])];
    if (spec.rawBody) handlers.push(fileUpload(spec.rawBody.limit), express.text({ type: () => true, limit: spec.rawBody.limit }));
    if (spec.permission !== 'public') handlers.push(this.authenticate, this.authorize(spec));
    handlers.push(async (req, res) => {
      if (spec.body && req.body === undefined && req.get('content-type') && !req.is('application/json')) {
        throw new SecaiError('UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json', { status: 415 });
      }
      const input = {
        params: spec.params ? parseOrThrow(spec.params, req.params, 'path parameters') : req.params,
        query: spec.query ? parseOrThrow(spec.query, req.query, 'query') : req.query,
        body: spec.rawBody
          ? typeof req.body === 'string'
            ? req.body
            : ''
          : spec.body
            ? parseOrThrow(spec.body, req.body ?? {}, 'request body')
            : undefined,
        ctx: requestContext(req),
        req,
      } as RouteInput<z.output<P>, z.output<Q>, z.output<B>>;
      if (spec.cachedWhile && this.cache) {
        const version = await spec.cachedWhile();
        const key = `${spec.path} ${JSON.stringify(input.query)}`;
        const { body, etag } = this.cache.get(key, version) ?? this.cache.set(key, version, await handler(input));
        // With the ETag set, Express answers a matching If-None-Match with 304 and no body.
        res.status(status).set('ETag', etag).type('json').send(body);
        return;
      }
      const result = await handler(input);
      if (result === undefined) res.status(204).end();
      else res.status(status).json(result);
    });
    this.router[spec.method](spec.path, ...handlers);
  }

  private authorize(spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>): RequestHandler {
    return async (req, _res, next) => {
      const needed = spec.permission;
      if (needed === 'authenticated' || needed === 'public' || grants(req.actor?.permissions ?? [], needed)) return next();
      await this.audit.record(requestContext(req), {
        action: 'access.denied',
        outcome: 'denied',
        details: { method: req.method, path: req.originalUrl.split('?')[0], permission: needed },
      });
      next(new PermissionError(`This needs the ${needed} permission`, { permission: needed }));
    };
  }

  private document(spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>): void {
    const responses: RouteConfig['responses'] = {};
    const status = spec.status ?? 200;
    responses[status] =
      status === 204 || !spec.response
        ? { description: 'Done' }
        : { description: 'OK', content: { 'application/json': { schema: spec.response } } };
    const codes = [
      400,
      ...(spec.permission === 'public' ? [] : [401, 403]),
      ...(spec.params ? [404] : []),
      ...(spec.method === 'get' ? [] : [409]),
    ];
    for (const code of codes) {
      responses[code] = { description: ERROR_RESPONSES[code] ?? 'Error', content: { 'application/problem+json': { schema: Problem } } };
    }
    this.registry.registerPath({
      method: spec.method,
      path: spec.path.replace(/:(\w+)/g, '{$1}'),
      tags: [spec.tag],
      summary: spec.summary,
      ...(spec.description && { description: spec.description }),
      ...(spec.permission !== 'public' && { security: [{ bearer: [] }] }),
      request: {
        ...(spec.params && { params: spec.params as z.ZodObject }),
        ...(spec.query && { query: spec.query as z.ZodObject }),
        ...(spec.body && { body: { required: true, content: { 'application/json': { schema: spec.body } } } }),
        ...(spec.rawBody && {
          body: {
            required: true,
            description: spec.rawBody.description,
            content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
          },
        }),
      },
      responses,
      ...(spec.permission !== 'public' && spec.permission !== 'authenticated' && { 'x-permission': spec.permission }),
    } as RouteConfig);
  }
}

export const IdParams = z.object({ id: z.string().min(1).max(64) });

const bytes = (limit: string) => Number.parseInt(limit, 10) * (/mb$/i.test(limit) ? 1024 * 1024 : /kb$/i.test(limit) ? 1024 : 1);

/**
 * `curl -F file=@report.json`: a multipart upload's `file` part becomes the body, as if it had
 * been sent alone. Other requests pass through to the text parser.
 */
function fileUpload(limit: string): RequestHandler {
  const single = multer({ storage: multer.memoryStorage(), limits: { fileSize: bytes(limit), files: 1 } }).single('file');
  return (req, res, next) => {
    if (!req.is('multipart/form-data')) return next();
    single(req, res, (err: unknown) => {
      if (err)
        return next(
          new ValidationError(`The upload failed: ${(err as Error).message}`, [
            { code: 'invalid_upload', path: ['file'], message: (err as Error).message },
          ]),
        );
      req.body = req.file ? req.file.buffer.toString('utf8') : '';
      next();
    });
  };
}
