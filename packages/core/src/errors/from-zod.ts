import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from './secai-error.js';

/** Turns a zod failure into secai's ValidationError, keeping every issue. */
export function validationErrorFromZod(error: z.ZodError, what = 'request'): ValidationError {
  const issues: ValidationIssue[] = error.issues.map((issue) => ({
    code: issue.code,
    path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: issue.message,
  }));
  const first = issues[0];
  const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new ValidationError(`Invalid ${what}${where}: ${first?.message ?? 'unknown'}${more}`, issues);
}

/** Parses with a schema, throwing ValidationError on failure. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what?: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationErrorFromZod(result.error, what);
  return result.data;
}
