import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import { grants, type Permission, PermissionError, Problem, parseOrThrow, SecaiError, ValidationError } from '@secai/core';
import express, { type Request, type RequestHandler, Router } from 'express';
import multer from 'multer';
import { z } from 'zod';
import type { AuditService, RequestContext } from '../services/index.js';
import { assertInputLimits, assertNoNul } from './input-limits.js';
import { requestIdOf } from './middleware/errors.js';
import { operationIdOf } from './openapi.js';
import type { CachedResponse, ResponseCache } from './response-cache.js';

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
  /** Middleware that runs after authentication and before the body is read, e.g. the login rate limits. */
  before?: RequestHandler[];
  /** The answer holds a credential (a token pair, a new API token, the caller's identity): never stored by a cache. */
  secret?: boolean;
  /** The body is a file of any type (a scanner report), read as text up to this many bytes. */
  rawBody?: { limit: string; description: string };
  /**
   * The version of the data the answer is read from: answers are then cached per query while it
   * holds. Only for GETs whose answer depends on nothing but the query and that data (the same for
   * every caller the permission lets in, and not on the clock).
   */
  cachedWhile?: () => Promise<number>;
  /** The route may answer 202 with this (a job) instead, when the handler returns `Accepted`. */
  accepted?: { response: z.ZodType; description: string };
}

/**
 * A handler's answer that the work was accepted to run later (a job): 202 with `Location`. The
 * route declares it with `accepted`, so its OpenAPI lists the 202.
 */
export class Accepted {
  constructor(
    readonly value: unknown,
    readonly location: string,
  ) {}
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
  503: 'The database is unreachable; retry after `Retry-After` seconds',
};

/** Answers that say when to try again. */
const RETRIED_LATER = new Set([429, 503]);
const RETRY_AFTER = { description: 'Seconds to wait before retrying', schema: { type: 'integer' as const, minimum: 0 } };

/**
 * Declares a route once: Express gets the handler with validation and the permission check,
 * and the OpenAPI document gets the same schemas. Routes stay thin: validate, call a service.
 */
export class ApiRouter {
  readonly router = Router();

  private readonly json: RequestHandler;

  constructor(
    private readonly registry: OpenAPIRegistry,
    readonly authenticate: RequestHandler,
    private readonly audit: AuditService,
    private readonly cache: ResponseCache | null = null,
    private readonly options: { bodyLimit: string } = { bodyLimit: '10mb' },
  ) {
    this.json = express.json({ limit: options.bodyLimit });
  }

  route<P extends z.ZodType = z.ZodObject, Q extends z.ZodType = z.ZodObject, B extends z.ZodType = z.ZodUnknown>(
    spec: RouteSpec<P, Q, B>,
    handler: (input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>) => Promise<unknown>,
  ): void {
    this.document(spec);
    const status = spec.status ?? 200;
    // Who is calling is settled before a byte of the body is read: an anonymous upload costs one
    // header parse, not 150 MB of memory. Public routes (login) need their body for the limits.
    const body = this.bodyReader(spec);
    const handlers: RequestHandler[] = [cacheControl(spec)];
    if (spec.permission === 'public') handlers.push(...body, ...(spec.before ?? []));
    else handlers.push(this.authenticate, this.authorize(spec), ...(spec.before ?? []), ...body);
    handlers.push(async (req, res) => {
      if (spec.body && req.body === undefined && req.get('content-type') && !req.is('application/json')) {
        throw new SecaiError('UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json');
      }
      assertInputLimits(req.params, 'path');
      assertInputLimits(req.query, 'query');
      if (spec.body) assertInputLimits(req.body, 'request body');
      if (spec.rawBody && typeof req.body === 'string') assertNoNul(req.body, 'upload');
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
      const result = await this.audited(input.ctx, req, () => this.answer(spec, input, handler));
      // With the ETag set, Express answers a matching If-None-Match with 304 and no body.
      if ('value' in result && result.value instanceof Accepted) res.status(202).location(result.value.location).json(result.value.value);
      else if ('etag' in result) res.status(status).set('ETag', result.etag).type('json').send(result.body);
      else if (result.value === undefined) res.status(204).end();
      else res.status(status).json(result.value);
    });
    this.router[spec.method](spec.path, ...handlers);
  }

  /** The handler's result, or the cached answer while the data version holds. */
  private async answer<I extends RouteInput<unknown, unknown, unknown>>(
    spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>,
    input: I,
    handler: (input: I) => Promise<unknown>,
  ): Promise<{ value: unknown } | CachedResponse> {
    if (!spec.cachedWhile || !this.cache) return { value: await handler(input) };
    const version = await spec.cachedWhile();
    const key = `${spec.path} ${JSON.stringify(input.query)}`;
    return this.cache.get(key, version) ?? this.cache.set(key, version, await handler(input));
  }

  /** A permission refused inside a service (another user's session, a wider token) is audited like one refused at the door. */
  private async audited<T>(ctx: RequestContext, req: Request, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof PermissionError) await this.recordDenied(ctx, req, err.details ?? {});
      throw err;
    }
  }

  /**
   * Audits a refusal, folded per caller, address and route and minute (a caller retrying a
   * forbidden call in a loop cannot fill the table); the refusal stands if the audit write fails.
   */
  private recordDenied(ctx: RequestContext, req: Request, details: Record<string, unknown>): Promise<void> {
    const path = req.originalUrl.split('?')[0];
    return this.audit
      .recordFolded(ctx, {
        action: 'access.denied',
        outcome: 'denied',
        details: { reason: `${req.method} ${req.route?.path ?? path}`, method: req.method, path, ...details },
      })
      .catch((err: unknown) => req.log?.warn({ err }, 'could not audit a refused request'));
  }

  /** The body parsers a route needs, none when it takes no body. */
  private bodyReader(spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>): RequestHandler[] {
    if (spec.rawBody) {
      const limit = spec.rawBody.limit;
      return [refuseOversized(limit), fileUpload(limit), express.text({ type: () => true, limit })];
    }
    return spec.body ? [refuseOversized(this.options.bodyLimit), this.json] : [];
  }

  private authorize(spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>): RequestHandler {
    return async (req, _res, next) => {
      const needed = spec.permission;
      if (needed === 'authenticated' || needed === 'public' || grants(req.actor?.permissions ?? [], needed)) return next();
      await this.recordDenied(requestContext(req), req, { permission: needed });
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
    if (spec.accepted) {
      responses[202] = {
        description: spec.accepted.description,
        headers: { Location: { description: 'Where to follow the job', schema: { type: 'string' as const } } },
        content: { 'application/json': { schema: spec.accepted.response } },
      };
    }
    const codes = [
      400,
      ...(spec.permission === 'public' ? [] : [401, 403]),
      ...(spec.params ? [404] : []),
      ...(spec.method === 'get' ? [] : [409]),
      503,
    ];
    for (const code of codes) {
      responses[code] = {
        description: ERROR_RESPONSES[code] ?? 'Error',
        ...(RETRIED_LATER.has(code) && { headers: { 'Retry-After': RETRY_AFTER } }),
        content: { 'application/problem+json': { schema: Problem } },
      };
    }
    this.registry.registerPath({
      method: spec.method,
      path: spec.path.replace(/:(\w+)/g, '{$1}'),
      operationId: operationIdOf(spec),
      tags: [spec.tag],
      summary: spec.summary,
      ...(spec.description && { description: spec.description }),
      // `[]` says "no credentials" outright; an absent `security` leaves generators guessing.
      security: spec.permission === 'public' ? [] : [{ bearer: [] }],
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

/** Multipart framing around the file: boundaries and part headers. */
const MULTIPART_OVERHEAD = 64 * 1024;

/** Login, refresh and token answers hold credentials; other authenticated answers are per user and revalidated. */
function cacheControl(spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>): RequestHandler {
  const value = spec.secret ? 'no-store' : spec.permission === 'public' ? null : 'private, no-cache';
  return (_req, res, next) => {
    if (value) res.setHeader('Cache-Control', value);
    next();
  };
}

/** A declared length over the limit is refused before anything is read. */
function refuseOversized(limit: string): RequestHandler {
  const max = bytes(limit) + MULTIPART_OVERHEAD;
  return (req, _res, next) => {
    const length = Number(req.get('content-length'));
    if (Number.isFinite(length) && length > max) {
      return next(new SecaiError('PAYLOAD_TOO_LARGE', `The request body is larger than ${limit}`));
    }
    next();
  };
}

/**
 * `curl -F file=@report.json`: a multipart upload's `file` part becomes the body, as if it had
 * been sent alone. The part streams to a private temporary file (0600) rather than memory, and is
 * read once the whole upload has arrived and passed its limit. Other requests pass through.
 */
function fileUpload(limit: string): RequestHandler {
  const single = multer({ storage: privateDiskStorage(), limits: { fileSize: bytes(limit), files: 1 } }).single('file');
  return (req, res, next) => {
    if (!req.is('multipart/form-data')) return next();
    single(req, res, (err: unknown) => {
      if (err)
        return next(
          new ValidationError(`The upload failed: ${(err as Error).message}`, [
            { code: 'invalid_upload', path: ['file'], message: (err as Error).message },
          ]),
        );
      const path = req.file?.path;
      if (!path) {
        req.body = '';
        return next();
      }
      readFile(path, 'utf8')
        .then((text) => {
          req.body = text;
        })
        .finally(() => rm(path, { force: true }))
        .then(() => next(), next);
    });
  };
}

/** multer's disk storage creates files with the default mode (0644 under the usual umask). */
function privateDiskStorage(): multer.StorageEngine {
  return {
    _handleFile(_req, file, cb) {
      const path = join(tmpdir(), `secai-upload-${randomUUID()}`);
      const out = createWriteStream(path, { mode: 0o600, flags: 'wx' });
      let size = 0;
      file.stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
      });
      pipeline(file.stream, out).then(
        () => cb(null, { path, size }),
        (err: unknown) => rm(path, { force: true }).finally(() => cb(err as Error)),
      );
    },
    _removeFile(_req, file, cb) {
      rm(file.path, { force: true }).then(() => cb(null), cb);
    },
  };
}
