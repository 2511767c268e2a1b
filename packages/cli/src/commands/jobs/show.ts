import { Args } from '@oclif/core';
import type { Job } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { jobIdArg, requireJobId } from '../../lib/job-id.js';
import { describeJob } from '../../lib/job-view.js';

export default class JobsShow extends SecaiCommand<typeof JobsShow> {
  static override summary = 'show one job: state, attempts, progress, error, result and times';
  static override args = { id: Args.string(jobIdArg) };
  static override examples = ['<%= config.bin %> <%= command.id %> 0b6f3c1e-8d2a-4f5b-9c7e-1a2b3c4d5e6f'];

  async run(): Promise<Job> {
    const { args } = await this.parse(JobsShow);
    const job = await this.client().jobs.get(requireJobId(args.id));
    if (!this.jsonEnabled()) this.log(describeJob(job));
    return job;
  }
}
