import { Flags } from '@oclif/core';
import { DEFAULT_PAGE_SIZE } from '@secai/core/constants';
import type { PagePromise } from '@secai/sdk';

/**
 * `--limit` when neither the flag nor the user's `page_size` setting says otherwise: the
 * setting's own default, so a user who never chose sees the same length logged in or not.
 */
export const DEFAULT_LIMIT = DEFAULT_PAGE_SIZE;
/**
 * How far the footer counts a longer list: one more request of up to this many rows. Beyond
 * it the footer says "1000+" rather than walking a huge list just to count it.
 */
const COUNT_UP_TO = 1000;

/** The flags every list command takes. */
export const listFlags = {
  // No oclif default: an absent --limit falls back to the user's page_size setting (see SecaiCommand).
  limit: Flags.integer({
    summary: `show at most this many (default: your page_size setting, ${DEFAULT_LIMIT} unless you set it)`,
    min: 1,
    helpValue: '<n>',
  }),
  all: Flags.boolean({ summary: 'fetch every page (ignores --limit)' }),
  columns: Flags.string({ summary: 'columns to show, comma-separated', helpValue: '<names>' }),
  csv: Flags.boolean({ summary: 'print CSV instead of a table', exclusive: ['json'] }),
};

/** What a cut-short list knows about the rest, for the footer: "30 of 71 shown". */
export interface ListExtent {
  shown: number;
  /** How many match in all, counted up to COUNT_UP_TO. */
  total: number;
  /** False when there are more than `total`. */
  exact: boolean;
}

/** Lists `collect` cut short, by identity: printRows reads them to print the footer. */
const extents = new WeakMap<object, ListExtent>();

export function extentOf(rows: object): ListExtent | undefined {
  return extents.get(rows);
}

/**
 * Walks pages until `limit` items, or all of them with `all`. When more match than it returns,
 * it counts them (on a terminal only, where the footer is shown) with one more request.
 */
export async function collect<T>(
  list: (pageSize: number) => PagePromise<T>,
  options: { limit?: number | undefined; all: boolean; json?: boolean | undefined },
): Promise<T[]> {
  const items: T[] = [];
  const max = options.all ? Number.POSITIVE_INFINITY : (options.limit ?? DEFAULT_LIMIT);
  const pages = list(Math.min(1000, max))[Symbol.asyncIterator]();
  for (;;) {
    if (items.length >= max) break;
    const next = await pages.next();
    if (next.done) return items;
    items.push(next.value);
  }
  // Is there more? The next item is usually already in the page at hand.
  const more = await pages.next();
  await pages.return?.();
  if (more.done) return items;
  if (process.stdout.isTTY && !options.json) {
    let total = 0;
    for await (const _ of list(COUNT_UP_TO)) if (++total >= COUNT_UP_TO) break;
    extents.set(items, { shown: items.length, total: Math.max(total, items.length + 1), exact: total < COUNT_UP_TO });
  }
  return items;
}

/** The footer under a cut-short table, e.g. "30 of 71 shown; --limit or --all for more". */
export function footerFor(extent: ListExtent): string {
  const total = `${extent.total.toLocaleString('en-US')}${extent.exact ? '' : '+'}`;
  return `${extent.shown} of ${total} shown; --limit or --all for more`;
}

/** Comma-separated flag values as the SDK wants them. */
/** A `--sort` flag's choices from the API's sort fields: each ascending, then descending (`-field`). */
export function sortChoices<F extends string>(fields: readonly F[]): (F | `-${F}`)[] {
  return fields.flatMap((f) => [f, `-${f}` as const]);
}

export const csvList = <T extends string>(value: string | undefined): T[] | undefined =>
  value
    ? (value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean) as T[])
    : undefined;
