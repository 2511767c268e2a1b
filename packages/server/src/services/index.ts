import {
  type AlertType,
  type AlertTypeCreate,
  type AlertTypeUpdate,
  type AssetType,
  type AssetTypeCreate,
  type AssetTypeUpdate,
  DEFAULT_SLA,
  type SlaPolicy,
} from '@secai/core';
import { type Logger, pino } from 'pino';
import { MemoryCache } from '../cache/memory-cache.js';
import { JobsService } from '../jobs/jobs-service.js';
import { scanImportJob } from '../jobs/scan-import-job.js';
import { MemoryPubSub } from '../pubsub/memory-pubsub.js';
import { DatabaseQueue } from '../queue/database-queue.js';
import type { Adapters } from '../runtime/adapters.js';
import { enqueueScheduleRun } from '../schedules/schedule-runner.js';
import type { Db } from '../store/database.js';
import { AlertTypeModel, AssetTypeModel } from '../store/models/index.js';
import * as repos from '../store/repositories/index.js';
import { StreamListening } from '../stream/listening.js';
import { ActorCache } from './actor-cache.js';
import { AlertsService } from './alerts-service.js';
import { ApiTokensService } from './api-tokens-service.js';
import { AssetGroupsService } from './asset-groups-service.js';
import { AssetsService } from './assets-service.js';
import { AuditService } from './audit-service.js';
import { AuthService, type AuthSettings } from './auth-service.js';
import { CatalogService } from './catalog-service.js';
import type { Repositories, ServiceDeps } from './context.js';
import { DetectionsService } from './detections-service.js';
import { EnrichmentService } from './enrichment-service.js';
import { HealthService } from './health-service.js';
import { LoginThrottle } from './login-throttle.js';
import { type LogsDeps, LogsService } from './logs-service.js';
import { RolesService } from './roles-service.js';
import { RulesService } from './rules-service.js';
import { ScanImportsService } from './scan-imports-service.js';
import { SchedulesService } from './schedules-service.js';
import { SessionsService } from './sessions-service.js';
import { StreamService } from './stream-service.js';
import { UsersService } from './users-service.js';
import { VulnerabilitiesService } from './vulnerabilities-service.js';

export { type AccessTokenClaims, API_TOKEN_PREFIX, AuthService, jwtVerifyOptions } from './auth-service.js';
export { bootstrap, resolveJwtSecret } from './bootstrap.js';
export * from './context.js';

export function createRepositories(): Repositories {
  return {
    users: new repos.UsersRepository(),
    roles: new repos.RolesRepository(),
    sessions: new repos.SessionsRepository(),
    apiTokens: new repos.ApiTokensRepository(),
    settings: new repos.SettingsRepository(),
    audit: new repos.AuditRepository(),
    assets: new repos.AssetsRepository(),
    assetTypes: new repos.CatalogRepository<AssetType>(AssetTypeModel),
    assetGroups: new repos.AssetGroupsRepository(),
    alerts: new repos.AlertsRepository(),
    alertTypes: new repos.CatalogRepository<AlertType>(AlertTypeModel),
    vulnerabilities: new repos.VulnerabilitiesRepository(),
    scanImports: new repos.ScanImportsRepository(),
    cveIntel: new repos.CveIntelRepository(),
    dataVersions: new repos.DataVersionsRepository(),
    schedules: new repos.SchedulesRepository(),
    rules: new repos.RulesRepository(),
    stream: new repos.StreamRepository(),
    trendSnapshots: new repos.TrendSnapshotsRepository(),
  };
}

export interface ServiceSettings {
  auth: AuthSettings;
  sla?: SlaPolicy;
  /** The runtime's adapters; without them, in-process ones (tools that build services alone). */
  adapters?: Pick<Adapters, 'counters' | 'pubsub'> & Partial<Pick<Adapters, 'queue' | 'cache' | 'redis'>>;
  logger?: Logger;
  /** The log store, the pipeline's intake and the collectors' counters (the runtime makes them). */
  logs: LogsDeps;
  /** Told when rules or exceptions change here (the pipeline reloads them at once). */
  onRulesChanged?: () => void;
}

/** Builds the services; with adapters, the actor cache shares invalidations through the runtime's cache. */
export async function createServices(db: Db, settings: ServiceSettings) {
  const repositories = createRepositories();
  const actors = new ActorCache();
  if (settings.adapters?.cache) actors.connect(settings.adapters.cache);
  const deps: ServiceDeps = { db, repos: repositories, audit: new AuditService(db, repositories.audit), actors };
  // One count of wrong passwords per account, whether guessed at login or at a password change.
  const throttle = new LoginThrottle(settings.adapters?.counters);
  const enrichment = new EnrichmentService(deps, settings.sla ?? DEFAULT_SLA);
  const assets = new AssetsService(deps);
  const scanImports = new ScanImportsService(deps, enrichment, assets);
  const stream = new StreamService(deps, new StreamListening(settings.adapters?.cache ?? new MemoryCache()), settings.adapters?.pubsub);
  const jobs = new JobsService({
    db,
    queue: settings.adapters?.queue ?? new DatabaseQueue(db),
    cache: settings.adapters?.cache ?? new MemoryCache(),
    pubsub: settings.adapters?.pubsub ?? new MemoryPubSub(),
    logger: settings.logger ?? pino({ level: 'silent' }),
    stream,
  });
  jobs.register(scanImportJob(scanImports));
  return {
    enrichment,
    deps,
    audit: deps.audit,
    auth: new AuthService(deps, settings.auth, throttle),
    users: new UsersService(deps, throttle),
    roles: new RolesService(deps),
    sessions: new SessionsService(deps),
    apiTokens: new ApiTokensService(deps),
    assets,
    assetTypes: new CatalogService<AssetType, AssetTypeCreate, AssetTypeUpdate>(deps, repositories.assetTypes, {
      entity: 'asset_type',
      notFoundCode: 'ASSET_TYPE_NOT_FOUND',
      existsCode: 'ASSET_TYPE_EXISTS',
    }),
    assetGroups: new AssetGroupsService(deps),
    alerts: new AlertsService(deps, settings.adapters?.pubsub),
    rules: new RulesService(deps, settings.onRulesChanged),
    detections: new DetectionsService(deps, settings.adapters?.pubsub),
    alertTypes: new CatalogService<AlertType, AlertTypeCreate, AlertTypeUpdate>(deps, repositories.alertTypes, {
      entity: 'alert_type',
      notFoundCode: 'ALERT_TYPE_NOT_FOUND',
      existsCode: 'ALERT_TYPE_EXISTS',
    }),
    vulnerabilities: new VulnerabilitiesService(deps, enrichment),
    health: new HealthService(deps, settings.adapters?.redis ?? null),
    scanImports,
    jobs,
    schedules: new SchedulesService(deps, { run: enqueueScheduleRun(jobs), pubsub: settings.adapters?.pubsub }),
    logs: new LogsService(settings.logs),
    stream,
  };
}

export type Services = Awaited<ReturnType<typeof createServices>>;
export { AuditService } from './audit-service.js';
