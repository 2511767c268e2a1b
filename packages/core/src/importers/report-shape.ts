import { z } from 'zod';
import { reportError } from './finding.js';

/**
 * The structure an importer reads, checked before any finding is produced: a report of another
 * format (a wrong `--format`) or a mangled one is REPORT_INVALID naming the first place that
 * differs (`Results[0].Vulnerabilities[0]`), never a TypeError later, and never an empty import
 * that would mark every open finding of the scope fixed.
 */
export function checkReport<T>(schema: z.ZodType<T>, report: unknown, file: string, format: string, at: PropertyKey[] = []): T {
  const result = schema.safeParse(report);
  if (result.success) return result.data;
  const issue = result.error.issues[0] as z.core.$ZodIssue;
  const path = formatPath([...at, ...issue.path]);
  throw reportError(file, `not a ${format} report: ${path || 'the document'}: ${issue.message}`, { format, path: path || '$' });
}

/** `["Results", 0, "Vulnerabilities", 0]` → `Results[0].Vulnerabilities[0]`. */
export function formatPath(path: PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
    .join('')
    .replace(/^\./, '');
}

// Building blocks. Reports leave fields out or write null for them (Go's nil slices), so every
// field an importer does not need to recognise the format is nullish; objects keep the keys the
// schema does not name (scanners add fields in every release).

/** Optional text. */
export const text = z.string().nullish();
/** Optional number. */
export const number = z.number().nullish();
/** An id scanners write as a string or a number. */
export const idLike = z.union([z.string(), z.number()]);
/** Optional list. */
export const listOf = <T extends z.ZodType>(item: T) => z.array(item).nullish();
/** An object with these fields (others kept). */
export const record = <T extends z.core.$ZodLooseShape>(shape: T) => z.looseObject(shape);
/** An optional object with these fields. */
export const optionalRecord = <T extends z.core.$ZodLooseShape>(shape: T) => z.looseObject(shape).nullish();
