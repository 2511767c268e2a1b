import type { Page } from './types.js';

/**
 * What `list()` returns, like stripe-node's auto-pagination: await it for one page
 * (`{ data, next_cursor }`), or walk it with `for await` for every item across pages.
 *
 * @example
 * const first = await client.alerts.list({ status: ['new'], limit: 50 });
 * for await (const alert of client.alerts.list({ status: ['new'] })) console.log(alert.title);
 */
export class PagePromise<T> implements PromiseLike<Page<T>>, AsyncIterable<T> {
  private first: Promise<Page<T>> | undefined;

  constructor(
    private readonly fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
    private readonly signal?: AbortSignal,
  ) {}

  // biome-ignore lint/suspicious/noThenProperty: a page promise is thenable by design (stripe-node's auto-pagination).
  then<A = Page<T>, B = never>(
    onFulfilled?: ((page: Page<T>) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.firstPage().then(onFulfilled, onRejected);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    let page = await this.firstPage();
    for (;;) {
      for (const item of page.data) {
        if (this.signal?.aborted) return;
        yield item;
      }
      if (!page.next_cursor || this.signal?.aborted) return;
      page = await this.fetchPage(page.next_cursor);
    }
  }

  /** Every item, up to `max` (required, so a huge list cannot exhaust memory by accident). */
  async toArray({ max }: { max: number }): Promise<T[]> {
    const items: T[] = [];
    for await (const item of this) {
      items.push(item);
      if (items.length >= max) break;
    }
    return items;
  }

  private firstPage(): Promise<Page<T>> {
    this.first ??= this.fetchPage(undefined);
    return this.first;
  }
}
