import type { Schedule } from '@secai/sdk';
import type { Column } from './output.js';

export const scheduleColumns: Column<Schedule>[] = [
  { key: 'id', header: 'SCHEDULE', get: (s) => s.id, fit: 'keep' },
  { key: 'enabled', header: 'ENABLED', get: (s) => (s.enabled ? 'yes' : 'no'), fit: 'keep' },
  { key: 'cron', header: 'CRON', get: (s) => s.cron, fit: 'keep' },
  { key: 'timezone', header: 'TIME ZONE', get: (s) => s.timezone },
  { key: 'next_run_at', header: 'NEXT RUN', get: (s) => s.next_run_at },
  { key: 'last_run_at', header: 'LAST RUN', get: (s) => s.last_run_at },
  { key: 'last_outcome', header: 'OUTCOME', get: (s) => s.last_outcome },
  { key: 'last_job_id', header: 'LAST JOB', get: (s) => s.last_job_id, id: true, optional: true },
  { key: 'last_error', header: 'ERROR', get: (s) => s.last_error, fit: 'text', optional: true },
  { key: 'description', header: 'DESCRIPTION', get: (s) => s.description, fit: 'text', optional: true },
];
