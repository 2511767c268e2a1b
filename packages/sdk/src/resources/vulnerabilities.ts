import type { PagePromise } from '../paginate.js';
import type { BodyOf, QueryOf, Vulnerability } from '../types.js';
import { type CallOptions, Resource } from './resource.js';

export type VulnerabilityListParams = QueryOf<'/v1/vulnerabilities', 'get'>;

export class Vulnerabilities extends Resource {
  /**
   * One page, or every match with `for await`. Besides status, severity and the rest, filter by
   * import scope: `tag` (imported with that tag), `group_id` (imported into the group, or on its
   * assets), `asset_id`, and `new_only: 'true'` (first seen in the latest import of its scope).
   *
   * @example for await (const v of client.vulns.list({ tag: 'app', new_only: 'true', min_severity: 'critical' })) console.log(v.title)
   */
  list(params: VulnerabilityListParams = {}, options?: CallOptions): PagePromise<Vulnerability> {
    return this.pageOf<Vulnerability>('v1/vulnerabilities', params, options);
  }
  get(id: string, options?: CallOptions): Promise<Vulnerability> {
    return this.getOne<Vulnerability>('v1/vulnerabilities', id, options);
  }
  create(body: BodyOf<'/v1/vulnerabilities', 'post'>, options?: CallOptions): Promise<Vulnerability> {
    return this.postTo<Vulnerability>('v1/vulnerabilities', body, options);
  }
  update(id: string, body: BodyOf<'/v1/vulnerabilities/{id}', 'patch'>, options?: CallOptions): Promise<Vulnerability> {
    return this.patchOne<Vulnerability>('v1/vulnerabilities', id, body, options);
  }
  delete(id: string, options?: CallOptions): Promise<void> {
    return this.deleteOne('v1/vulnerabilities', id, options);
  }
}
