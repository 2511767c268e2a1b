import type { PagePromise } from '../paginate.js';
import type { Asset, BodyOf, QueryOf, ResultOf } from '../types.js';
import { type CallOptions, Resource } from './resource.js';

export type AssetListParams = QueryOf<'/v1/assets', 'get'>;
export type AssetCreateParams = BodyOf<'/v1/assets', 'post'>;
export type AssetUpdateParams = BodyOf<'/v1/assets/{id}', 'patch'>;
export type BulkResult = ResultOf<'/v1/assets/bulk', 'post'>;

/** The server takes at most this many items per bulk request. */
export const MAX_BULK_ITEMS = 10_000;

export interface ImportProgress {
  /** Items sent so far. */
  sent: number;
  created: number;
  updated: number;
  failed: number;
}

export interface ImportOptions {
  /** Items per request, 1 to 10,000 (default 1,000). */
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
}

export interface ImportResult {
  created: number;
  updated: number;
  /** Rejected items with their position in the whole input, not the batch. */
  failed: { index: number; error: string; code: string }[];
}

export class Assets extends Resource {
  list(params: AssetListParams = {}, options?: CallOptions): PagePromise<Asset> {
    return this.pageOf<Asset>('v1/assets', params, options);
  }
  get(id: string, options?: CallOptions): Promise<Asset> {
    return this.getOne<Asset>('v1/assets', id, options);
  }
  create(body: AssetCreateParams, options?: CallOptions): Promise<Asset> {
    return this.postTo<Asset>('v1/assets', body, options);
  }
  update(id: string, body: AssetUpdateParams, options?: CallOptions): Promise<Asset> {
    return this.patchOne<Asset>('v1/assets', id, body, options);
  }
  delete(id: string, options?: CallOptions): Promise<void> {
    return this.deleteOne('v1/assets', id, options);
  }
  /** One bulk upsert of up to 10,000 items; see `import` for more. */
  bulk(items: unknown[], options?: CallOptions): Promise<BulkResult> {
    return this.postTo<BulkResult>('v1/assets/bulk', { items }, options);
  }

  /**
   * Streams any number of assets (an array, a generator, a parsed CSV stream) to the server in
   * bulk batches. Assets match existing ones by external_id, else hostname, else first address,
   * so re-running an import updates instead of duplicating.
   *
   * @example
   * const result = await client.assets.import(rows, { batchSize: 2000, onProgress: (p) => console.log(p.sent) });
   */
  async import(items: Iterable<unknown> | AsyncIterable<unknown>, options: ImportOptions = {}): Promise<ImportResult> {
    const batchSize = Math.min(MAX_BULK_ITEMS, Math.max(1, options.batchSize ?? 1000));
    const result: ImportResult = { created: 0, updated: 0, failed: [] };
    let batch: unknown[] = [];
    let sent = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const offset = sent;
      const answer = await this.bulk(batch, options.signal ? { signal: options.signal } : {});
      sent += batch.length;
      batch = [];
      result.created += answer.created;
      result.updated += answer.updated;
      for (const f of answer.failed) result.failed.push({ ...f, index: f.index + offset });
      options.onProgress?.({ sent, created: result.created, updated: result.updated, failed: result.failed.length });
    };
    for await (const item of items) {
      batch.push(item);
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    return result;
  }
}
