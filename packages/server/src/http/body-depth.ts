import { ValidationError } from '@secai/core';

/**
 * Deepest nesting a JSON body may have. Real requests stay under ten levels; a 4,500-level body
 * once overflowed the stack in `JSON.stringify` (a 500). The walk is iterative for that reason.
 */
export const MAX_BODY_DEPTH = 32;

/** Throws a 400 naming the path where `value` nests deeper than `max`. */
export function assertBodyDepth(value: unknown, max = MAX_BODY_DEPTH): void {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    if (typeof item.value !== 'object' || item.value === null) continue;
    if (item.path.length >= max) {
      throw new ValidationError(`The request body nests deeper than ${max} levels`, [
        { code: 'too_deep', path: item.path, message: `nested deeper than ${max} levels` },
      ]);
    }
    const entries = Array.isArray(item.value) ? item.value.entries() : Object.entries(item.value);
    for (const [key, child] of entries) stack.push({ value: child, path: [...item.path, key] });
  }
}
