import { Args } from '@oclif/core';
import type { Job } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { jobIdArg, requireJobId } from '../../lib/job-id.js';

export default class JobsRetry extends SecaiCommand<typeof JobsRetry> {
  static override summary = 'queue a failed or cancelled job again';
  static override description =
    'It starts over with a fresh set of attempts. A job in any other state cannot be retried (exit 1, JOB_NOT_RETRYABLE).';
  static override args = { id: Args.string(jobIdArg) };
  static override examples = [
    '<%= config.bin %> <%= command.id %> 0b6f3c1e-8d2a-4f5b-9c7e-1a2b3c4d5e6f',
    {
      description: 'Retry, then follow it to the end',
      command:
        '<%= config.bin %> <%= command.id %> 0b6f3c1e-8d2a-4f5b-9c7e-1a2b3c4d5e6f && <%= config.bin %> jobs wait 0b6f3c1e-8d2a-4f5b-9c7e-1a2b3c4d5e6f',
    },
  ];

  async run(): Promise<Job> {
    const { args } = await this.parse(JobsRetry);
    const job = await this.client().jobs.retry(requireJobId(args.id));
    this.notice(`Queued job ${job.id} (${job.name}) again.`);
    return job;
  }
}
