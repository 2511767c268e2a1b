import type { BodyOf, Page, Schemas } from '../types.js';
import { type CallOptions, encodeId, Resource } from './resource.js';

export type Schedule = Schemas['Schedule'];
export type ScheduleUpdateParams = BodyOf<'/v1/schedules/{id}', 'patch'>;

/** The server's recurring tasks (audit retention, risk-acceptance expiry, feed reloads, the daily trend). */
export class Schedules extends Resource {
  /** Every schedule, in one page (there are few). */
  list(options?: CallOptions): Promise<Page<Schedule>> {
    return this.http.request<Page<Schedule>>('GET', 'v1/schedules', options);
  }
  get(id: string, options?: CallOptions): Promise<Schedule> {
    return this.getOne<Schedule>('v1/schedules', id, options);
  }
  /**
   * Enables, disables or reschedules; a bad cron or time zone is a ValidationError with code CRON_INVALID.
   * @example await client.schedules.update('audit-retention', { cron: '0 4 * * *', timezone: 'Europe/Amsterdam' })
   */
  update(id: string, patch: ScheduleUpdateParams, options?: CallOptions): Promise<Schedule> {
    return this.patchOne<Schedule>('v1/schedules', id, patch, options);
  }
  /** Starts a run now and answers with its job (follow it with `GET /v1/jobs/{id}`). */
  run(id: string, options?: CallOptions): Promise<Schemas['Job']> {
    return this.postTo<Schemas['Job']>(`v1/schedules/${encodeId(id)}/run`, undefined, options);
  }
}
