import type { PagePromise } from '../paginate.js';
import type { ApiToken, BodyOf, QueryOf, ResultOf } from '../types.js';
import { type CallOptions, Resource } from './resource.js';

export type CreatedApiToken = ResultOf<'/v1/tokens', 'post'>;

export class Tokens extends Resource {
  list(params: QueryOf<'/v1/tokens', 'get'> = {}, options?: CallOptions): PagePromise<ApiToken> {
    return this.pageOf<ApiToken>('v1/tokens', params, options);
  }
  /** The returned `token` is the secret, shown this once. */
  create(body: BodyOf<'/v1/tokens', 'post'>, options?: CallOptions): Promise<CreatedApiToken> {
    return this.postTo<CreatedApiToken>('v1/tokens', body, options);
  }
  revoke(id: string, options?: CallOptions): Promise<void> {
    return this.deleteOne('v1/tokens', id, options);
  }
}
