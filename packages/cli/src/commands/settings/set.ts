import { Args } from '@oclif/core';
import type { UserSettings } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { settingValue } from '../../lib/settings.js';

export default class SettingsSet extends SecaiCommand<typeof SettingsSet> {
  static override summary = 'change one of your settings';
  static override usage = '<%= command.id %> <key> <value>';
  static override args = {
    key: Args.string({ description: 'page_size, timezone, theme or notify_email', required: true }),
    value: Args.string({ description: 'the new value', required: true }),
  };
  static override examples = [
    '<%= config.bin %> <%= command.id %> page_size 100',
    '<%= config.bin %> <%= command.id %> timezone Europe/Berlin',
    '<%= config.bin %> <%= command.id %> notify_email true',
  ];

  async run(): Promise<UserSettings> {
    const { args } = await this.parse(SettingsSet);
    const change = settingValue(args.key, args.value);
    const settings = await this.client().users.updateMySettings(change);
    this.notice(`${Object.keys(change)[0]} is now ${String(Object.values(change)[0])}`);
    return settings;
  }
}
