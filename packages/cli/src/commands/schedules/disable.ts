import { Args } from '@oclif/core';
import type { Schedule } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';

export default class SchedulesDisable extends SecaiCommand<typeof SchedulesDisable> {
  static override summary = 'disable a schedule (it can still be run by hand)';
  static override args = {
    id: Args.string({ description: 'schedule id, e.g. feeds-reload (see `secai schedules list`)', required: true }),
  };
  static override examples = ['<%= config.bin %> <%= command.id %> feeds-reload'];

  async run(): Promise<Schedule> {
    const { args } = await this.parse(SchedulesDisable);
    const schedule = await this.client().schedules.update(args.id, { enabled: false });
    this.notice(`Disabled ${schedule.id}`);
    return schedule;
  }
}
