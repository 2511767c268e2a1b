import { ALL_PERMISSIONS, grants, type Permission, PermissionError, permissionsBeyond } from '@secai/core';
import type { Db } from '../store/database.js';
import type * as repos from '../store/repositories/index.js';
import type { ActorCache } from './actor-cache.js';
import type { AuditService } from './audit-service.js';

/** Who is calling, however they authenticated. */
export interface Actor {
  userId: string;
  username: string;
  /** Effective permissions: the user's roles, narrowed by the API token's scope. */
  permissions: string[];
  method: 'jwt' | 'token';
  sessionId: string | null;
  tokenId: string | null;
  /** When the API token expires (null for sessions and tokens without expiry). */
  tokenExpiresAt: string | null;
}

/** What a service needs to know about the request it serves: who, from where, which request. */
export interface RequestContext {
  actor: Actor | null;
  ip: string | null;
  requestId: string | null;
  userAgent: string | null;
}

/** The server itself (bootstrap, demo seed, configured feeds): not a request, holds everything. */
export const systemContext: RequestContext = Object.freeze({ actor: null, ip: null, requestId: null, userAgent: null });

/** What the caller may hand out: the actor's effective permissions; the server itself, all. */
export function heldBy(ctx: RequestContext): readonly string[] {
  return ctx === systemContext ? [ALL_PERMISSIONS] : (ctx.actor?.permissions ?? []);
}

export interface Repositories {
  users: repos.UsersRepository;
  roles: repos.RolesRepository;
  sessions: repos.SessionsRepository;
  apiTokens: repos.ApiTokensRepository;
  settings: repos.SettingsRepository;
  audit: repos.AuditRepository;
  assets: repos.AssetsRepository;
  assetTypes: repos.CatalogRepository<import('@secai/core').AssetType>;
  assetGroups: repos.AssetGroupsRepository;
  alerts: repos.AlertsRepository;
  alertTypes: repos.CatalogRepository<import('@secai/core').AlertType>;
  vulnerabilities: repos.VulnerabilitiesRepository;
  scanImports: repos.ScanImportsRepository;
  cveIntel: repos.CveIntelRepository;
  dataVersions: repos.DataVersionsRepository;
  schedules: repos.SchedulesRepository;
  rules: repos.RulesRepository;
  stream: repos.StreamRepository;
  trendSnapshots: repos.TrendSnapshotsRepository;
}

export interface ServiceDeps {
  db: Db;
  repos: Repositories;
  audit: AuditService;
  /** Call `actors.invalidate()` after any change to users, roles or sessions. */
  actors: ActorCache;
}

export function can(ctx: RequestContext, permission: Permission): boolean {
  return ctx.actor !== null && grants(ctx.actor.permissions, permission);
}

/**
 * Nobody hands out, to a token, a role or a user, a permission they lack (roles:write or
 * users:write alone would otherwise reach `*`). `refusal` says what was refused; the permissions
 * beyond the caller's follow it.
 */
export function assertHolds(ctx: RequestContext, permissions: readonly string[], refusal: string): void {
  const beyond = permissionsBeyond(heldBy(ctx), permissions);
  if (beyond.length > 0) throw new PermissionError(`${refusal}: ${beyond.join(', ')}`, { permissions: beyond });
}

/** For rules finer than the route's permission, e.g. "your own sessions, or anyone's with sessions:read". */
export function assertCan(ctx: RequestContext, permission: Permission): void {
  if (!can(ctx, permission)) {
    throw new PermissionError(`This needs the ${permission} permission`, { permission });
  }
}
