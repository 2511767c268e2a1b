import { ValidationError } from '@secai/core';

/**
 * Deepest nesting a JSON body may have. Real requests stay under ten levels; a 4,500-level body
 * once overflowed the stack in `JSON.stringify` (a 500). The walk is iterative for that reason.
 */
export const MAX_BODY_DEPTH = 32;

/**
 * Throws a 400 naming the path where `value` (a body, a query, path parameters) nests deeper than
 * `max` or holds a NUL character: PostgreSQL cannot store one in text (a 500 otherwise), and no
 * field of secai's has a use for it.
 */
export function assertInputLimits(value: unknown, where: string, max = MAX_BODY_DEPTH): void {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    if (typeof item.value === 'string') {
      if (item.value.includes('\0')) throw nulError(where, item.path);
      continue;
    }
    if (typeof item.value !== 'object' || item.value === null) continue;
    if (item.path.length >= max) {
      throw new ValidationError(`The ${where} nests deeper than ${max} levels`, [
        { code: 'too_deep', path: item.path, message: `nested deeper than ${max} levels` },
      ]);
    }
    const entries = Array.isArray(item.value) ? item.value.entries() : Object.entries(item.value);
    for (const [key, child] of entries) {
      if (typeof key === 'string' && key.includes('\0')) throw nulError(where, item.path);
      stack.push({ value: child, path: [...item.path, key] });
    }
  }
}

/**
 * A report upload is text, and no text format secai reads (JSON, XML, CSV) may hold a raw NUL: one
 * is a binary or UTF-16 file. A `\u0000` escape inside a JSON report is the importers' to clean
 * (a SARIF finding may quote code that has one).
 */
export function assertNoNul(text: string, where: string): void {
  if (text.includes('\0')) throw nulError(where, []);
}

function nulError(where: string, path: (string | number)[]): ValidationError {
  return new ValidationError(`The ${where} holds a NUL character`, [{ code: 'nul_character', path, message: 'contains a NUL character' }]);
}
