import type { PagePromise } from '../paginate.js';
import type { BodyOf, Role } from '../types.js';
import { type CallOptions, Resource } from './resource.js';

export class Roles extends Resource {
  list(params: { limit?: number } = {}, options?: CallOptions): PagePromise<Role> {
    return this.pageOf<Role>('v1/roles', params, options);
  }
  get(id: string, options?: CallOptions): Promise<Role> {
    return this.getOne<Role>('v1/roles', id, options);
  }
  create(body: BodyOf<'/v1/roles', 'post'>, options?: CallOptions): Promise<Role> {
    return this.postTo<Role>('v1/roles', body, options);
  }
  update(id: string, body: BodyOf<'/v1/roles/{id}', 'patch'>, options?: CallOptions): Promise<Role> {
    return this.patchOne<Role>('v1/roles', id, body, options);
  }
  delete(id: string, options?: CallOptions): Promise<void> {
    return this.deleteOne('v1/roles', id, options);
  }
}
