import type { PagePromise } from '../paginate.js';
import type { Asset, AssetGroup, BodyOf, QueryOf } from '../types.js';
import { type CallOptions, encodeId, Resource } from './resource.js';

export class AssetGroups extends Resource {
  list(params: QueryOf<'/v1/asset-groups', 'get'> = {}, options?: CallOptions): PagePromise<AssetGroup> {
    return this.pageOf<AssetGroup>('v1/asset-groups', params, options);
  }
  get(id: string, options?: CallOptions): Promise<AssetGroup> {
    return this.getOne<AssetGroup>('v1/asset-groups', id, options);
  }
  create(body: BodyOf<'/v1/asset-groups', 'post'>, options?: CallOptions): Promise<AssetGroup> {
    return this.postTo<AssetGroup>('v1/asset-groups', body, options);
  }
  update(id: string, body: BodyOf<'/v1/asset-groups/{id}', 'patch'>, options?: CallOptions): Promise<AssetGroup> {
    return this.patchOne<AssetGroup>('v1/asset-groups', id, body, options);
  }
  delete(id: string, options?: CallOptions): Promise<void> {
    return this.deleteOne('v1/asset-groups', id, options);
  }
  /** The group's assets as of now (static members or the saved filter's matches). */
  members(id: string, params: { limit?: number } = {}, options?: CallOptions): PagePromise<Asset> {
    return this.pageOf<Asset>(`v1/asset-groups/${encodeId(id)}/members`, params, options);
  }
}
