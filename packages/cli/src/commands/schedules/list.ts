import type { Schedule } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { listFlags } from '../../lib/list.js';
import { scheduleColumns } from '../../lib/schedule-columns.js';

export default class SchedulesList extends SecaiCommand<typeof SchedulesList> {
  static override summary = "list the server's schedules: cron, time zone, next and last run";
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    {
      description: 'What failed last time',
      command: '<%= config.bin %> <%= command.id %> --columns id,last_run_at,last_outcome,last_error',
    },
  ];
  static override flags = { columns: listFlags.columns, csv: listFlags.csv };

  async run(): Promise<Schedule[]> {
    const { data } = await this.client().schedules.list();
    await this.printRows(data, scheduleColumns, { csv: this.flags.csv, columns: this.flags.columns, empty: 'No schedules.' });
    return data;
  }
}
