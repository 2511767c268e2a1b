/** Every timestamp is stored and served as `YYYY-MM-DDTHH:mm:ss.sssZ`, so text order is time order. */
export const nowIso = (): string => new Date().toISOString();

export const toIso = (value: string | Date): string => new Date(value).toISOString();

export const isoOrNull = (value: string | Date | null | undefined): string | null =>
  value === null || value === undefined ? null : toIso(value);
