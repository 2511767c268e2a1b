export { Secai, type SecaiOptions } from './client.js';
export * from './errors.js';
export { PagePromise } from './paginate.js';
export type { AlertCreateParams, AlertListParams, AlertUpdateParams } from './resources/alerts.js';
export type {
  AssetCreateParams,
  AssetListParams,
  AssetUpdateParams,
  BulkResult,
  ImportOptions,
  ImportProgress,
  ImportResult,
} from './resources/assets.js';
export type { EnrichmentStatus } from './resources/enrichment.js';
export type { ScanImport, ScanImportParams, ScanImportPreview } from './resources/imports.js';
export { isFinished as isJobFinished, type JobListParams, type JobWaitOptions } from './resources/jobs.js';
export type {
  Collector,
  IngestParams,
  IngestResult,
  LogEvent,
  LogRecord,
  LogSearchParams,
  LogSendOptions,
  LogSendResult,
  LogStats,
  LogStatsParams,
} from './resources/logs.js';
export type { CallOptions } from './resources/resource.js';
export type {
  DetectionRule,
  DetectionRuleDetail,
  RuleBulkUpdateParams,
  RuleException,
  RuleExceptionCreateParams,
  RuleImportParams,
  RuleImportResult,
  RuleListParams,
  RuleSet,
  RuleTestParams,
  RuleTestResult,
  RuleUpdateParams,
} from './resources/rules.js';
export type { Schedule, ScheduleUpdateParams } from './resources/schedules.js';
export type { CreatedApiToken } from './resources/tokens.js';
export type { Me, PasswordChangeParams, UserSettings, UserSettingsUpdate } from './resources/users.js';
export type { Stream, StreamMessage, StreamOptions, StreamStatus } from './stream.js';
export type * from './types.js';
export { SDK_VERSION } from './version.js';
