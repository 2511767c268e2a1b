/**
 * The schedules every secai server has. They are seeded at start with these defaults; a row that
 * exists keeps what an operator made of it (`PATCH /v1/schedules/{id}`). Every run is a job of the
 * same name (schedules/scheduled-jobs.ts).
 */
export const BUILT_IN_SCHEDULES = [
  {
    id: 'audit-retention',
    description: 'Deletes audit events older than the audit retention (SECAI_AUDIT_RETENTION_DAYS, 365 days by default).',
    cron: '0 3 * * *',
    timezone: 'UTC',
  },
  {
    id: 'risk-acceptance-expiry',
    description: 'Reopens vulnerabilities whose risk acceptance has expired (status risk_accepted past risk_accepted_until), audited.',
    cron: '0 * * * *',
    timezone: 'UTC',
  },
  {
    id: 'feeds-reload',
    description: 'Reloads the KEV and EPSS files (SECAI_KEV_FILE, SECAI_EPSS_FILE) when their content changed since the last load.',
    cron: '*/15 * * * *',
    timezone: 'UTC',
  },
  {
    id: 'trend-snapshot',
    description: 'Counts open vulnerabilities and open alerts per severity into the daily trend (one row per day, kind and severity).',
    cron: '5 0 * * *',
    timezone: 'UTC',
  },
  {
    id: 'job-retention',
    description: 'Deletes finished jobs older than the job retention (SECAI_JOB_RETENTION_DAYS, 7 days by default).',
    cron: '30 3 * * *',
    timezone: 'UTC',
  },
  {
    id: 'log-retention',
    description:
      "Drops the log store's day partitions older than the log retention (SECAI_LOG_RETENTION_DAYS, 30 days by default), then the oldest while the store is over SECAI_LOG_RETENTION_MB.",
    cron: '10 * * * *',
    timezone: 'UTC',
  },
] as const;

export type BuiltInScheduleId = (typeof BUILT_IN_SCHEDULES)[number]['id'];

const DESCRIPTIONS = new Map<string, string>(BUILT_IN_SCHEDULES.map((s) => [s.id, s.description]));

/** What a schedule does, for the API; empty for a row this version does not know. */
export const describeSchedule = (id: string): string => DESCRIPTIONS.get(id) ?? '';
