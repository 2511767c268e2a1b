import type { PagePromise } from '../paginate.js';
import type { AlertType, BodyOf } from '../types.js';
import { type CallOptions, Resource } from './resource.js';

export class AlertTypes extends Resource {
  list(params: { limit?: number } = {}, options?: CallOptions): PagePromise<AlertType> {
    return this.pageOf<AlertType>('v1/alert-types', params, options);
  }
  get(id: string, options?: CallOptions): Promise<AlertType> {
    return this.getOne<AlertType>('v1/alert-types', id, options);
  }
  create(body: BodyOf<'/v1/alert-types', 'post'>, options?: CallOptions): Promise<AlertType> {
    return this.postTo<AlertType>('v1/alert-types', body, options);
  }
  update(id: string, body: BodyOf<'/v1/alert-types/{id}', 'patch'>, options?: CallOptions): Promise<AlertType> {
    return this.patchOne<AlertType>('v1/alert-types', id, body, options);
  }
  delete(id: string, options?: CallOptions): Promise<void> {
    return this.deleteOne('v1/alert-types', id, options);
  }
}
