import type { PagePromise } from '../paginate.js';
import type { Job, QueryOf, Schemas } from '../types.js';
import { type CallOptions, Resource } from './resource.js';

export type ScanImport = Schemas['ScanImport'];
/** `async` is the SDK's own (a boolean here, `?async=true` on the wire), so it is left out of the generated query type. */
export type ScanImportParams = Omit<QueryOf<'/v1/imports', 'post'>, 'async'>;
export type ScanImportPreview = Schemas['ScanImportPreview'];

export class Imports extends Resource {
  /**
   * Uploads a scanner report. Re-importing for the same scope (`asset_id`, `group_id`, `tag` or
   * none) closes findings the new scan no longer reports and reopens ones that return.
   *
   * @example await client.imports.create(readFileSync('trivy.json'), { asset_id: assetId, file_name: 'trivy.json' })
   */
  create(report: string | Uint8Array, params?: ScanImportParams & { async?: false }, options?: CallOptions): Promise<ScanImport>;
  /**
   * With `async: true` the server answers at once (202) with the queued Job; the job's `result`
   * is the ScanImport once it succeeded. Follow it with `client.jobs.wait(job.id)`.
   *
   * @example const job = await client.imports.create(readFileSync('trivy.json'), { tag: 'app', async: true })
   */
  create(report: string | Uint8Array, params: ScanImportParams & { async: true }, options?: CallOptions): Promise<Job>;
  create(
    report: string | Uint8Array,
    params: ScanImportParams & { async?: boolean } = {},
    options: CallOptions = {},
  ): Promise<ScanImport | Job> {
    const { async, ...query } = params;
    return this.http.request<ScanImport | Job>('POST', 'v1/imports', {
      query: async ? { ...query, async: 'true' } : query,
      rawBody: report,
      ...options,
    });
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
