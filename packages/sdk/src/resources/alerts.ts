import type { PagePromise } from '../paginate.js';
import type { Alert, AlertComment, BodyOf, QueryOf } from '../types.js';
import { type CallOptions, encodeId, Resource } from './resource.js';

export type AlertListParams = QueryOf<'/v1/alerts', 'get'>;
export type AlertCreateParams = BodyOf<'/v1/alerts', 'post'>;
export type AlertUpdateParams = BodyOf<'/v1/alerts/{id}', 'patch'>;

export class Alerts extends Resource {
  /** @example for await (const a of client.alerts.list({ status: ['new'], sort: '-severity' })) … */
  list(params: AlertListParams = {}, options?: CallOptions): PagePromise<Alert> {
    return this.pageOf<Alert>('v1/alerts', params, options);
  }
  get(id: string, options?: CallOptions): Promise<Alert> {
    return this.getOne<Alert>('v1/alerts', id, options);
  }
  create(body: AlertCreateParams, options?: CallOptions): Promise<Alert> {
    return this.postTo<Alert>('v1/alerts', body, options);
  }
  /** Changes fields, assigns, moves the status (409 ConflictError on an illegal move) and may comment. */
  update(id: string, body: AlertUpdateParams, options?: CallOptions): Promise<Alert> {
    return this.patchOne<Alert>('v1/alerts', id, body, options);
  }
  delete(id: string, options?: CallOptions): Promise<void> {
    return this.deleteOne('v1/alerts', id, options);
  }
  acknowledge(id: string, comment?: string): Promise<Alert> {
    return this.update(id, { status: 'acknowledged', ...(comment && { comment }) });
  }
  resolve(id: string, comment?: string): Promise<Alert> {
    return this.update(id, { status: 'resolved', ...(comment && { comment }) });
  }
  markFalsePositive(id: string, comment?: string): Promise<Alert> {
    return this.update(id, { status: 'false_positive', ...(comment && { comment }) });
  }
  assign(id: string, userId: string | null): Promise<Alert> {
    return this.update(id, { assignee_id: userId });
  }
  comments(id: string, params: { limit?: number } = {}, options?: CallOptions): PagePromise<AlertComment> {
    return this.pageOf<AlertComment>(`v1/alerts/${encodeId(id)}/comments`, params, options);
  }
  comment(id: string, body: string, options?: CallOptions): Promise<AlertComment> {
    return this.postTo<AlertComment>(`v1/alerts/${encodeId(id)}/comments`, { body }, options);
  }
}
