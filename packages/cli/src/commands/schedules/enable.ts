import { Args, Flags } from '@oclif/core';
import type { Schedule } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';

export default class SchedulesEnable extends SecaiCommand<typeof SchedulesEnable> {
  static override summary = 'enable a schedule, optionally with a new cron or time zone';
  static override args = {
    id: Args.string({ description: 'schedule id, e.g. audit-retention (see `secai schedules list`)', required: true }),
  };
  static override examples = [
    '<%= config.bin %> <%= command.id %> trend-snapshot',
    {
      description: 'Every night at 02:00 in Amsterdam',
      command: "<%= config.bin %> <%= command.id %> audit-retention --cron '0 2 * * *' --timezone Europe/Amsterdam",
    },
  ];
  static override flags = {
    cron: Flags.string({ summary: 'cron expression: 5 fields, or 6 with seconds first', helpValue: '<expr>' }),
    timezone: Flags.string({ summary: 'IANA time zone the cron is read in (e.g. UTC, Europe/Amsterdam)', helpValue: '<zone>' }),
  };

  async run(): Promise<Schedule> {
    const { args } = await this.parse(SchedulesEnable);
    const { cron, timezone } = this.flags;
    const schedule = await this.client().schedules.update(args.id, { enabled: true, ...(cron && { cron }), ...(timezone && { timezone }) });
    this.notice(`Enabled ${schedule.id} (${schedule.cron} ${schedule.timezone}); next run ${schedule.next_run_at ?? 'never'}`);
    return schedule;
  }
}
