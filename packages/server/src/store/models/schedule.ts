import { BaseModel } from './base-model.js';

/** A row of `schedules`; the API's `Schedule` adds the name, description and next tick. */
export class ScheduleModel extends BaseModel {
  static override tableName = 'schedules';
  declare id: string;
  declare cron: string;
  declare timezone: string;
  declare enabled: boolean;
  declare last_tick: string | null;
  declare last_run_at: string | null;
  declare last_job_id: string | null;
  declare last_outcome: 'succeeded' | 'failed' | 'running' | null;
  declare last_error: string | null;
  declare created_at: string;
  declare updated_at: string;
}
