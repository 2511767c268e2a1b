import type { Http } from '../http.js';
import { PagePromise } from '../paginate.js';
import type { Page } from '../types.js';

export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call, in milliseconds. */
  timeout?: number;
}

const id = (value: string) => encodeURIComponent(value);

/** Shared plumbing of the resource classes: paths, paging and per-call options. */
export abstract class Resource {
  constructor(protected readonly http: Http) {}

  protected pageOf<T>(path: string, params: object = {}, options: CallOptions = {}): PagePromise<T> {
    return new PagePromise<T>(
      (cursor) => this.http.request<Page<T>>('GET', path, { query: { ...params, ...(cursor && { cursor }) }, ...options }),
      options.signal,
    );
  }

  protected getOne<T>(path: string, itemId: string, options: CallOptions = {}): Promise<T> {
    return this.http.request<T>('GET', `${path}/${id(itemId)}`, options);
  }

  protected postTo<T>(path: string, body: unknown, options: CallOptions = {}): Promise<T> {
    return this.http.request<T>('POST', path, { body, ...options });
  }

  protected patchOne<T>(path: string, itemId: string, body: unknown, options: CallOptions = {}): Promise<T> {
    return this.http.request<T>('PATCH', `${path}/${id(itemId)}`, { body, ...options });
  }

  protected deleteOne(path: string, itemId: string, options: CallOptions = {}): Promise<void> {
    return this.http.request<void>('DELETE', `${path}/${id(itemId)}`, options);
  }
}

export { id as encodeId };
