import type { PagePromise } from '../paginate.js';
import type { AssetType, BodyOf } from '../types.js';
import { type CallOptions, Resource } from './resource.js';

export class AssetTypes extends Resource {
  list(params: { limit?: number } = {}, options?: CallOptions): PagePromise<AssetType> {
    return this.pageOf<AssetType>('v1/asset-types', params, options);
  }
  get(id: string, options?: CallOptions): Promise<AssetType> {
    return this.getOne<AssetType>('v1/asset-types', id, options);
  }
  create(body: BodyOf<'/v1/asset-types', 'post'>, options?: CallOptions): Promise<AssetType> {
    return this.postTo<AssetType>('v1/asset-types', body, options);
  }
  update(id: string, body: BodyOf<'/v1/asset-types/{id}', 'patch'>, options?: CallOptions): Promise<AssetType> {
    return this.patchOne<AssetType>('v1/asset-types', id, body, options);
  }
  delete(id: string, options?: CallOptions): Promise<void> {
    return this.deleteOne('v1/asset-types', id, options);
  }
}
