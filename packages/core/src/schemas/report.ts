import { z } from 'zod';
import { Id, Timestamp } from './common.js';

export const ReportFormat = z.enum(['pdf', 'json', 'csv', 'markdown']);

export const ReportTemplate = z.object({
  id: Id,
  name: z.string(),
  description: z.string().nullable(),
  /** Ordered section kinds the composer renders, e.g. `summary`, `top_vulnerabilities`. */
  sections: z.array(z.object({ kind: z.string(), title: z.string().optional(), options: z.record(z.string(), z.unknown()).optional() })),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type ReportTemplate = z.infer<typeof ReportTemplate>;

export const Report = z.object({
  id: Id,
  template_id: Id.nullable(),
  title: z.string(),
  format: ReportFormat,
  status: z.enum(['pending', 'running', 'done', 'failed']),
  parameters: z.record(z.string(), z.unknown()),
  error: z.string().nullable(),
  created_by: Id.nullable(),
  created_at: Timestamp,
  completed_at: Timestamp.nullable(),
});
export type Report = z.infer<typeof Report>;

export const ReportSchedule = z.object({
  id: Id,
  template_id: Id,
  name: z.string(),
  /** Five-field cron expression, evaluated in `timezone`. */
  cron: z.string(),
  timezone: z.string(),
  format: ReportFormat,
  recipients: z.array(z.email()),
  enabled: z.boolean(),
  last_run_at: Timestamp.nullable(),
  next_run_at: Timestamp.nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type ReportSchedule = z.infer<typeof ReportSchedule>;
