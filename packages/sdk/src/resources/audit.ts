import type { PagePromise } from '../paginate.js';
import type { AuditEvent, QueryOf } from '../types.js';
import { type CallOptions, Resource } from './resource.js';

export class Audit extends Resource {
  list(params: QueryOf<'/v1/audit', 'get'> = {}, options?: CallOptions): PagePromise<AuditEvent> {
    return this.pageOf<AuditEvent>('v1/audit', params, options);
  }
}
