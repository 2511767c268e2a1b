import type { UserSettings } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { settingColumns, settingRows } from '../../lib/settings.js';

export default class SettingsList extends SecaiCommand<typeof SettingsList> {
  static override summary = 'show your settings';
  static override description =
    'page_size is the default --limit of list commands, timezone the zone the CLI shows times in, theme the colour theme of the web UI, notify_email whether you get notifications by email.';
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json'];

  async run(): Promise<UserSettings> {
    const settings = await this.client().users.mySettings();
    await this.printRows(settingRows(settings), settingColumns, {});
    return settings;
  }
}
