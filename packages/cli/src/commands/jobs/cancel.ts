import { Args } from '@oclif/core';
import type { Job } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { jobIdArg, requireJobId } from '../../lib/job-id.js';

export default class JobsCancel extends SecaiCommand<typeof JobsCancel> {
  static override summary = 'cancel a queued or running job';
  static override description =
    'A queued job will not start; a running one is asked to stop. A finished job cannot be cancelled (exit 1, JOB_NOT_CANCELLABLE); `jobs retry` queues a cancelled one again.';
  static override args = { id: Args.string(jobIdArg) };
  static override examples = ['<%= config.bin %> <%= command.id %> 0b6f3c1e-8d2a-4f5b-9c7e-1a2b3c4d5e6f'];

  async run(): Promise<Job> {
    const { args } = await this.parse(JobsCancel);
    const job = await this.client().jobs.cancel(requireJobId(args.id));
    this.notice(`Cancelled job ${job.id} (${job.name}); it is ${job.state}.`);
    return job;
  }
}
