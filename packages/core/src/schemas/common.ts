import { z } from 'zod';
import { SEVERITIES } from '../constants/severity.js';

/** Opaque identifier. Clients must not parse it. */
export const Id = z.string().min(1).max(64);

/** UTC ISO-8601 timestamp as the API speaks it. */
export const Timestamp = z.iso.datetime({ offset: true });

export { SEVERITIES };
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

/** Orders severities so lists can sort and filter by "at least high". */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export const Tag = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\w.:/-]+$/, 'tags are letters, digits and . : / - _');

/** Query-string values arrive as a string or repeated strings; lists accept both and commas. */
export function listParam<T extends z.ZodType>(item: T) {
  return z.preprocess((value) => {
    if (value === undefined) return undefined;
    const values = Array.isArray(value) ? value : [value];
    return values.flatMap((v) => String(v).split(',')).filter((v) => v !== '');
  }, z.array(item).min(1).optional());
}

/**
 * The start of an id, as a CLI user types it from a table (`3f9a1c`): at least 6 characters, and
 * only characters ids hold, so it is never a LIKE wildcard.
 */
export const IdPrefix = z
  .string()
  .min(6)
  .max(64)
  .regex(/^[A-Za-z0-9-]+$/, 'an id prefix is letters, digits and -');

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  cursor: z.string().max(512).optional(),
});

/** `sort=-created_at` sorts descending, `sort=title` ascending. */
export function sortParam<const F extends readonly [string, ...string[]]>(fields: F, fallback: `-${F[number]}` | F[number]) {
  const allowed = new Set<string>([...fields, ...fields.map((f) => `-${f}`)]);
  return z
    .string()
    .refine((s) => allowed.has(s), { message: `sort must be one of ${[...allowed].join(', ')}` })
    .default(fallback)
    .transform((s) => ({
      field: (s.startsWith('-') ? s.slice(1) : s) as F[number],
      direction: s.startsWith('-') ? ('desc' as const) : ('asc' as const),
    }));
}

export const TimeRangeQuery = z.object({
  since: Timestamp.optional(),
  until: Timestamp.optional(),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), next_cursor: z.string().nullable() });
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}
