import { Flags } from '@oclif/core';
import type { PagePromise } from '@secai/sdk';

/** The flags every list command takes. */
export const listFlags = {
  limit: Flags.integer({ summary: 'show at most this many', default: 30, min: 1, helpValue: '<n>' }),
  all: Flags.boolean({ summary: 'fetch every page (ignores --limit)' }),
  columns: Flags.string({ summary: 'columns to show, comma-separated', helpValue: '<names>' }),
  csv: Flags.boolean({ summary: 'print CSV instead of a table', exclusive: ['json'] }),
};

/** Walks pages until `limit` items, or all of them with `all`. */
export async function collect<T>(list: (pageSize: number) => PagePromise<T>, options: { limit: number; all: boolean }): Promise<T[]> {
  const items: T[] = [];
  const max = options.all ? Number.POSITIVE_INFINITY : options.limit;
  for await (const item of list(Math.min(1000, max))) {
    items.push(item);
    if (items.length >= max) break;
  }
  return items;
}

/** Comma-separated flag values as the SDK wants them. */
export const csvList = <T extends string>(value: string | undefined): T[] | undefined =>
  value
    ? (value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean) as T[])
    : undefined;
