import { Http, type HttpOptions } from './http.js';
import { AlertTypes } from './resources/alert-types.js';
import { Alerts } from './resources/alerts.js';
import { AssetGroups } from './resources/asset-groups.js';
import { AssetTypes } from './resources/asset-types.js';
import { Assets } from './resources/assets.js';
import { Audit } from './resources/audit.js';
import { Enrichment } from './resources/enrichment.js';
import { Imports } from './resources/imports.js';
import { Jobs } from './resources/jobs.js';
import { Collectors, Logs } from './resources/logs.js';
import { Roles } from './resources/roles.js';
import { Rules } from './resources/rules.js';
import { Schedules } from './resources/schedules.js';
import { Sessions } from './resources/sessions.js';
import { Tokens } from './resources/tokens.js';
import { Users } from './resources/users.js';
import { Vulnerabilities } from './resources/vulnerabilities.js';
import { Stream } from './stream.js';
import type { TokenPair } from './types.js';

export interface SecaiOptions {
  /** Where `secai serve` listens, e.g. `http://127.0.0.1:7070`. */
  baseUrl: string;
  /** An access token or a personal API token (`secai_pat_…`). */
  token?: string;
  /** With it, the client refreshes an expired access token by itself and retries once. */
  refreshToken?: string;
  /** Called with each new token pair, e.g. to save it. */
  onTokens?: (tokens: TokenPair) => void | Promise<void>;
  /** A fetch implementation (tests, proxies); the global one by default. */
  fetch?: typeof fetch;
  /** Milliseconds per request; 30,000 by default. */
  timeout?: number;
  /** Retries of idempotent calls on network errors, 408, 429 and 5xx; 2 by default. */
  retry?: number;
  /** Prepended to `secai-sdk/<version>` in the User-Agent. */
  userAgent?: string;
}

const ALLOWED = ['baseUrl', 'token', 'refreshToken', 'onTokens', 'fetch', 'timeout', 'retry', 'userAgent'] as const;

/**
 * The secai API client.
 *
 * @example
 * const client = await Secai.login({ baseUrl: 'http://127.0.0.1:7070', username: 'alice', password });
 * for await (const alert of client.alerts.list({ status: ['new'], sort: '-severity' })) console.log(alert.title);
 */
export class Secai {
  readonly alerts: Alerts;
  readonly alertTypes: AlertTypes;
  readonly assets: Assets;
  readonly assetGroups: AssetGroups;
  readonly assetTypes: AssetTypes;
  readonly vulns: Vulnerabilities;
  readonly imports: Imports;
  readonly jobs: Jobs;
  readonly logs: Logs;
  readonly collectors: Collectors;
  readonly enrichment: Enrichment;
  readonly rules: Rules;
  readonly schedules: Schedules;
  readonly users: Users;
  readonly roles: Roles;
  readonly sessions: Sessions;
  readonly tokens: Tokens;
  readonly audit: Audit;
  /** The live stream: alerts as they are raised, log events as they are stored, jobs as they change (docs/stream.md). */
  readonly stream: Stream;
  private readonly http: Http;

  constructor(options: SecaiOptions) {
    const unknown = Object.keys(options).filter((k) => !(ALLOWED as readonly string[]).includes(k));
    if (unknown.length > 0) throw new TypeError(`Unknown option ${unknown.join(', ')}; allowed: ${ALLOWED.join(', ')}`);
    if (!options.baseUrl) throw new TypeError('baseUrl is required, e.g. http://127.0.0.1:7070');
    const http: HttpOptions = {
      baseUrl: options.baseUrl,
      credentials: { token: options.token, refreshToken: options.refreshToken },
      fetch: options.fetch,
      timeout: options.timeout,
      retry: options.retry,
      userAgent: options.userAgent,
      onTokens: options.onTokens,
    };
    this.http = new Http(http);
    this.alerts = new Alerts(this.http);
    this.alertTypes = new AlertTypes(this.http);
    this.assets = new Assets(this.http);
    this.assetGroups = new AssetGroups(this.http);
    this.assetTypes = new AssetTypes(this.http);
    this.vulns = new Vulnerabilities(this.http);
    this.imports = new Imports(this.http);
    this.jobs = new Jobs(this.http);
    this.logs = new Logs(this.http);
    this.collectors = new Collectors(this.http);
    this.enrichment = new Enrichment(this.http);
    this.rules = new Rules(this.http);
    this.schedules = new Schedules(this.http);
    this.users = new Users(this.http);
    this.roles = new Roles(this.http);
    this.sessions = new Sessions(this.http);
    this.tokens = new Tokens(this.http);
    this.audit = new Audit(this.http);
    this.stream = new Stream(this.http, options.baseUrl);
  }

  /** Logs in with a password and returns a client that refreshes its own tokens. */
  static async login(options: Omit<SecaiOptions, 'token' | 'refreshToken'> & { username: string; password: string }): Promise<Secai> {
    const { username, password, ...rest } = options;
    const anonymous = new Secai(rest);
    const pair = await anonymous.http.request<TokenPair>('POST', 'v1/auth/login', { body: { username, password } });
    await rest.onTokens?.(pair);
    return new Secai({ ...rest, token: pair.access_token, refreshToken: pair.refresh_token });
  }

  /** The current access and refresh tokens (they change when the client refreshes). */
  get credentials(): { token: string | undefined; refreshToken: string | undefined } {
    return { token: this.http.credentials.token, refreshToken: this.http.credentials.refreshToken };
  }

  /** Ends this session on the server. */
  async logout(): Promise<void> {
    const { refreshToken } = this.http.credentials;
    await this.http.request<void>('POST', 'v1/auth/logout', { body: refreshToken ? { refresh_token: refreshToken } : {} });
  }
}
