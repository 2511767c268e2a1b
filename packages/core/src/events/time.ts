/**
 * Timestamps of log lines: most carry an offset or `Z`; RFC 3164 and many access logs carry
 * neither, and RFC 3164 no year. Those take the source's time zone (an IANA name or an offset,
 * UTC by default) and the year that puts them closest before the time they were received.
 */

const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

/** `Jan`…`Dec` (any case) to 0…11, else undefined. */
export function monthIndex(name: string): number | undefined {
  return MONTHS[name.slice(0, 3).toLowerCase()];
}

const OFFSET = /^([+-])(\d{2}):?(\d{2})$/;
const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** Minutes east of UTC of `zone` (IANA name or `+hh:mm`) at the UTC instant `utcMs`; throws on an unknown zone. */
export function zoneOffsetMinutes(zone: string | undefined, utcMs: number): number {
  if (!zone || zone === 'UTC' || zone === 'Z') return 0;
  const fixed = OFFSET.exec(zone);
  if (fixed) return (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3]));
  let format = zoneFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    zoneFormats.set(zone, format);
  }
  const parts: Record<string, number> = {};
  for (const p of format.formatToParts(new Date(utcMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day, parts.hour, parts.minute, parts.second);
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

/** True when `zone` is a time zone `zoneOffsetMinutes` understands. */
export function isValidZone(zone: string): boolean {
  try {
    zoneOffsetMinutes(zone, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The UTC instant of a wall-clock time in `zone`. Around a DST change the offset of the instant
 * itself is used, so a time in the skipped hour moves forward and a repeated one takes the first.
 */
export function wallClockToUtc(
  wall: { year: number; month: number; day: number; hour: number; minute: number; second: number; ms?: number },
  zone: string | undefined,
): number {
  const naive = Date.UTC(wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second, wall.ms ?? 0);
  const first = naive - zoneOffsetMinutes(zone, naive) * 60_000;
  return naive - zoneOffsetMinutes(zone, first) * 60_000;
}

/**
 * A year-less date (RFC 3164 `Oct 11 22:14:15`): the year that puts it at most a day after
 * `receivedAt` (clocks drift), so a December line received in January is last year's.
 */
export function inferYear(month: number, day: number, receivedAt: Date, zone: string | undefined): number {
  const year = receivedAt.getUTCFullYear();
  const candidate = wallClockToUtc({ year, month, day, hour: 0, minute: 0, second: 0 }, zone);
  return candidate > receivedAt.getTime() + 86_400_000 ? year - 1 : year;
}

/** `+hh:mm` for an offset in minutes, as ECS `event.timezone` writes it. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * An ISO 8601 / RFC 3339 timestamp (`2003-10-11T22:14:15.003Z`, `…+02:00`, a space for `T`,
 * without zone → `zone`) to ISO UTC with milliseconds; undefined if it is not one.
 */
export function parseIsoTimestamp(text: string, zone?: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/i.exec(text);
  if (!m) return undefined;
  const wall = {
    year: Number(m[1]),
    month: Number(m[2]) - 1,
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
    ms: m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0,
  };
  if (wall.month > 11 || wall.day < 1 || wall.day > 31 || wall.hour > 23 || wall.minute > 59 || wall.second > 60) return undefined;
  const ms = wallClockToUtc(wall, m[8] ? (m[8].toUpperCase() === 'Z' ? 'UTC' : m[8]) : zone);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
