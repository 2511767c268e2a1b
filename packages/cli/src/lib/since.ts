import { ValidationError } from '@secai/core/errors';

/** Units a relative `--since` takes: `30m`, `12h`, `1d`, `2w`. */
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;
const RELATIVE = /^(\d+)\s*([mhdw])$/;

/**
 * A `--since` value as the API takes it (ISO-8601): a duration back from now (`1d`, `12h`,
 * `30m`, `2w`), or a time or date given as is.
 * @example sinceTime('1d', Date.parse('2026-01-05T12:00:00Z')) // '2026-01-04T12:00:00.000Z'
 */
export function sinceTime(value: string, now = Date.now(), flag = '--since'): string {
  const relative = RELATIVE.exec(value.trim());
  if (relative) return new Date(now - Number(relative[1]) * UNIT_MS[relative[2] as keyof typeof UNIT_MS]).toISOString();
  if (/^\d{4}-\d\d-\d\d/.test(value) && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
  throw new ValidationError(
    `${flag}: "${value}" is neither a duration (30m, 12h, 1d, 2w) nor an ISO-8601 time`,
    [{ code: 'invalid_format', path: [flag], message: 'not a duration or time' }],
    'VALIDATION_FAILED',
  );
}
