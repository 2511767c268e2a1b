import { Args, Flags } from '@oclif/core';
import type { Job } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { followJob, jobFailure, progressDisplay } from '../../lib/job-wait.js';

export default class SchedulesRun extends SecaiCommand<typeof SchedulesRun> {
  static override summary = 'run a schedule now, as a job; prints the job id';
  static override args = {
    id: Args.string({ description: 'schedule id, e.g. trend-snapshot (see `secai schedules list`)', required: true }),
  };
  static override examples = [
    '<%= config.bin %> <%= command.id %> trend-snapshot',
    { description: 'Run and wait for the result', command: '<%= config.bin %> <%= command.id %> audit-retention --wait' },
  ];
  static override flags = {
    wait: Flags.boolean({ summary: 'wait until the job has finished; exit 1 if it failed' }),
  };

  async run(): Promise<Job> {
    const { args } = await this.parse(SchedulesRun);
    const client = this.client();
    const started = await client.schedules.run(args.id);
    if (!this.jsonEnabled()) process.stdout.write(`${started.id}\n`);
    this.notice(`Started job ${started.id} for ${args.id}`);
    if (!this.flags.wait) return started;
    const display = this.jsonEnabled() ? undefined : await progressDisplay(process.stderr);
    const job = await followJob(client, started.id, { display });
    if (job.state !== 'succeeded') throw jobFailure(job);
    return job;
  }
}
