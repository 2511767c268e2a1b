import type { PagePromise } from '../paginate.js';
import type { QueryOf, Session } from '../types.js';
import { type CallOptions, Resource } from './resource.js';

export class Sessions extends Resource {
  list(params: QueryOf<'/v1/sessions', 'get'> = {}, options?: CallOptions): PagePromise<Session> {
    return this.pageOf<Session>('v1/sessions', params, options);
  }
  revoke(id: string, options?: CallOptions): Promise<void> {
    return this.deleteOne('v1/sessions', id, options);
  }
}
