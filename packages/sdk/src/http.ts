import ky, { HTTPError, type KyInstance, type Options as KyOptions, TimeoutError as KyTimeoutError } from 'ky';
import { ConnectionError, errorFromResponse, SecaiApiError, TimeoutError } from './errors.js';
import type { TokenPair } from './types.js';
import { SDK_VERSION } from './version.js';

/** Marks the one retry after a token refresh, so a second 401 is final. */
const RETRIED_AFTER_REFRESH = 'x-secai-refreshed';

export interface Credentials {
  /** Access token (JWT) or personal API token (`secai_pat_…`). */
  token?: string | undefined;
  /** With it, an expired access token is refreshed once, transparently. */
  refreshToken?: string | undefined;
}

export interface HttpOptions {
  baseUrl: string;
  credentials: Credentials;
  fetch?: typeof fetch | undefined;
  /** Per request, in milliseconds (default 30,000). */
  timeout?: number | undefined;
  /** Retries of idempotent requests on network errors, 408, 429 and 5xx (default 2). */
  retry?: number | undefined;
  userAgent?: string | undefined;
  /** Called with the new pair after each refresh, to persist it. */
  onTokens?: ((tokens: TokenPair) => void | Promise<void>) | undefined;
}

export interface RequestOptions {
  query?: Record<string, unknown> | undefined;
  body?: unknown;
  /** Sent as is (a file upload) instead of JSON. */
  rawBody?: string | Uint8Array | undefined;
  /** The raw body's type; `application/octet-stream` by default. */
  contentType?: string | undefined;
  signal?: AbortSignal | undefined;
  timeout?: number | undefined;
}

/** Lists go out as the server reads them: arrays comma-joined, undefined left out. */
export function toSearchParams(query: Record<string, unknown> = {}): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  return params;
}

/** The ky instance with secai's hooks: auth header, one refresh on 401, typed errors. */
export class Http {
  private readonly ky: KyInstance;
  private refreshing: Promise<void> | undefined;

  constructor(private readonly options: HttpOptions) {
    const userAgent = [options.userAgent, `secai-sdk/${SDK_VERSION}`].filter(Boolean).join(' ');
    this.ky = ky.create({
      prefixUrl: options.baseUrl.replace(/\/+$/, ''),
      timeout: options.timeout ?? 30_000,
      ...(options.fetch && { fetch: options.fetch }),
      retry: {
        limit: options.retry ?? 2,
        methods: ['get', 'put', 'head', 'delete', 'options'],
        statusCodes: [408, 429, 500, 502, 503, 504],
        backoffLimit: 5_000,
        // 0.5 s, 1 s, 2 s … with jitter, as stripe-node does.
        delay: (attempt) => Math.min(5_000, 500 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2),
        // A failed token refresh inside a hook is final, not a network hiccup.
        shouldRetry: ({ error }) => (error instanceof SecaiApiError ? false : undefined),
      },
      headers: { 'user-agent': userAgent, accept: 'application/json' },
      hooks: {
        beforeRequest: [
          (request) => {
            const token = this.options.credentials.token;
            if (token && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${token}`);
          },
        ],
        afterResponse: [
          async (request, _options, response) => {
            if (response.status !== 401 || !this.options.credentials.refreshToken || request.headers.has(RETRIED_AFTER_REFRESH)) return;
            if (new URL(request.url).pathname.endsWith('/v1/auth/refresh')) return;
            await this.refresh();
            request.headers.set('authorization', `Bearer ${this.options.credentials.token}`);
            request.headers.set(RETRIED_AFTER_REFRESH, '1');
            return this.ky(request);
          },
        ],
      },
    });
  }

  get credentials(): Credentials {
    return this.options.credentials;
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const init: KyOptions = {
      method,
      ...(options.query && { searchParams: toSearchParams(options.query) }),
      ...(options.body !== undefined && { json: options.body }),
      ...(options.rawBody !== undefined && {
        body: options.rawBody,
        headers: { 'content-type': options.contentType ?? 'application/octet-stream' },
      }),
      ...(options.signal && { signal: options.signal }),
      ...(options.timeout && { timeout: options.timeout }),
    };
    try {
      const response = await this.ky(path.replace(/^\//, ''), init);
      if (response.status === 204) return undefined as T;
      return (await response.json()) as T;
    } catch (err) {
      throw await this.toSdkError(err);
    }
  }

  /** Trades the refresh token for a new pair; concurrent 401s share one refresh. */
  refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const pair = await this.request<TokenPair>('POST', 'v1/auth/refresh', {
          body: { refresh_token: this.options.credentials.refreshToken },
        });
        this.options.credentials.token = pair.access_token;
        this.options.credentials.refreshToken = pair.refresh_token;
        await this.options.onTokens?.(pair);
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  private async toSdkError(err: unknown): Promise<SecaiApiError | unknown> {
    if (err instanceof HTTPError) return errorFromResponse(err.request, err.response);
    if (err instanceof KyTimeoutError) {
      return new TimeoutError(`No answer from ${this.options.baseUrl} in time`, { code: 'TIMEOUT', cause: err });
    }
    if (err instanceof TypeError) {
      return new ConnectionError(`Cannot reach ${this.options.baseUrl}: ${(err.cause as Error | undefined)?.message ?? err.message}`, {
        code: 'CONNECTION_FAILED',
        cause: err,
      });
    }
    return err;
  }
}
