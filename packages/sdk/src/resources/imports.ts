import type { PagePromise } from '../paginate.js';
import type { QueryOf, Schemas } from '../types.js';
import { type CallOptions, Resource } from './resource.js';

export type ScanImport = Schemas['ScanImport'];
export type ScanImportParams = QueryOf<'/v1/imports', 'post'>;
export type ScanImportPreview = Schemas['ScanImportPreview'];

export class Imports extends Resource {
  /**
   * Uploads a scanner report. Re-importing for the same scope (`asset_id`, `group_id`, `tag` or
   * none) closes findings the new scan no longer reports and reopens ones that return.
   *
   * @example await client.imports.create(readFileSync('trivy.json'), { asset_id: assetId, file_name: 'trivy.json' })
   */
  create(report: string | Uint8Array, params: ScanImportParams = {}, options: CallOptions = {}): Promise<ScanImport> {
    return this.http.request<ScanImport>('POST', 'v1/imports', { query: params, rawBody: report, ...options });
  }
  /**
   * What `create` would do with the report (open, refresh, fix, reopen), writing nothing.
   *
   * @example (await client.imports.preview(readFileSync('trivy.json'), { tag: 'app' })).closed
   */
  preview(report: string | Uint8Array, params: ScanImportParams = {}, options: CallOptions = {}): Promise<ScanImportPreview> {
    return this.http.request<ScanImportPreview>('POST', 'v1/imports/preview', { query: params, rawBody: report, ...options });
  }
  list(params: QueryOf<'/v1/imports', 'get'> = {}, options?: CallOptions): PagePromise<ScanImport> {
    return this.pageOf<ScanImport>('v1/imports', params, options);
  }
  get(id: string, options?: CallOptions): Promise<ScanImport> {
    return this.getOne<ScanImport>('v1/imports', id, options);
  }
}
