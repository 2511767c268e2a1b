import { ValidationError } from '@secai/core/errors';
import { UserSettings as SettingsSchema } from '@secai/core/schemas';
import type { UserSettings, UserSettingsUpdate } from '@secai/sdk';
import { closest } from './did-you-mean.js';
import type { Column } from './output.js';

/** The keys come from core's schema, so a new setting needs no change here. */
export const SETTING_KEYS = Object.keys(SettingsSchema.shape) as (keyof UserSettings)[];

const TRUE = new Set(['true', 'yes', 'on', '1']);
const FALSE = new Set(['false', 'no', 'off', '0']);

function unknownKey(key: string): ValidationError {
  const guess = closest(key, SETTING_KEYS);
  return new ValidationError(
    `No setting named ${key}${guess ? `; did you mean ${guess}?` : '.'} Settings: ${SETTING_KEYS.join(', ')}.`,
    [{ code: 'unknown', path: ['key'], message: `no setting named ${key}` }],
    'NAME_UNKNOWN',
  );
}

/**
 * The command line's text as the setting's type (a number, true/false); the server checks the
 * value itself (a real time zone, a page size in range).
 * @example settingValue('page_size', '100') // { page_size: 100 }
 */
export function settingValue(key: string, text: string): UserSettingsUpdate {
  if (!(SETTING_KEYS as string[]).includes(key)) throw unknownKey(key);
  const type = SettingsSchema.shape[key as keyof UserSettings].unwrap().def.type;
  if (type === 'number') {
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n))
      throw new ValidationError(`${key} takes a number, not "${text}"`, [{ code: 'invalid_type', path: [key], message: 'not a number' }]);
    return { [key]: n };
  }
  if (type === 'boolean') {
    const lower = text.toLowerCase();
    if (!TRUE.has(lower) && !FALSE.has(lower))
      throw new ValidationError(`${key} takes true or false, not "${text}"`, [
        { code: 'invalid_type', path: [key], message: 'not true or false' },
      ]);
    return { [key]: TRUE.has(lower) };
  }
  return { [key]: text };
}

interface SettingRow {
  key: string;
  value: unknown;
}

export const settingRows = (settings: UserSettings): SettingRow[] => SETTING_KEYS.map((key) => ({ key, value: settings[key] }));

export const settingColumns: Column<SettingRow>[] = [
  { key: 'key', header: 'KEY', get: (r) => r.key, fit: 'keep' },
  { key: 'value', header: 'VALUE', get: (r) => String(r.value), fit: 'text' },
];
