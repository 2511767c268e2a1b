import { Args } from '@oclif/core';
import type { Job } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { exitCodeForJob } from '../../lib/exit-codes.js';
import { jobIdArg, requireJobId } from '../../lib/job-id.js';
import { jobColumns } from '../../lib/job-view.js';
import { failureMessage, followJob, progressDisplay } from '../../lib/job-wait.js';

export default class JobsWait extends SecaiCommand<typeof JobsWait> {
  static override summary = 'wait for a job to finish, showing its progress';
  static override description =
    `A progress bar on a terminal; on a pipe, a line on stderr each time the job's state or message changes. When it finishes, its row is printed (the job with --json). Exits 0 when the job succeeded, 1 when it failed or was cancelled; Ctrl-C stops the waiting (exit 130), not the job.`;
  static override args = { id: Args.string(jobIdArg) };
  static override examples = [
    '<%= config.bin %> <%= command.id %> 0b6f3c1e-8d2a-4f5b-9c7e-1a2b3c4d5e6f',
    {
      description: 'In a script: the finished job as JSON, the exit code says how it ended',
      command: '<%= config.bin %> <%= command.id %> 0b6f3c1e-8d2a-4f5b-9c7e-1a2b3c4d5e6f --json > job.json',
    },
  ];

  async run(): Promise<Job> {
    const { args } = await this.parse(JobsWait);
    const id = requireJobId(args.id);
    const display = this.jsonEnabled() ? undefined : await progressDisplay(process.stderr);
    const job = await followJob(this.client(), id, { display });
    await this.printRows([job], jobColumns, {});
    if (job.state !== 'succeeded') this.notice(failureMessage(job));
    process.exitCode = exitCodeForJob(job);
    return job;
  }
}
