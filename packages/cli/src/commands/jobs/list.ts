import { Flags } from '@oclif/core';
import { JOB_STATES } from '@secai/core/constants';
import type { Job, JobListParams } from '@secai/sdk';
import { SecaiCommand } from '../../lib/base-command.js';
import { jobColumns } from '../../lib/job-view.js';
import { collect, listFlags } from '../../lib/list.js';
import { sinceTime } from '../../lib/since.js';

export default class JobsList extends SecaiCommand<typeof JobsList> {
  static override summary = 'list background jobs, newest first';
  static override description =
    "Imports sent with --wait, schedule runs and other long work run as jobs. Finished jobs are kept for the server's retention period (7 days by default).";
  static override examples = [
    {
      description: 'Failed imports of the last day',
      command: '<%= config.bin %> <%= command.id %> --state failed --name scan-import --since 1d',
    },
    {
      description: 'What is queued or running, for a script',
      command: '<%= config.bin %> <%= command.id %> --state queued,running --json',
    },
  ];
  static override flags = {
    ...listFlags,
    state: Flags.option({ options: JOB_STATES, multiple: true, delimiter: ',', summary: 'states, comma-separated' })(),
    name: Flags.string({ summary: 'the job kind, e.g. scan-import, or a schedule name', helpValue: '<name>' }),
    since: Flags.string({ summary: 'created at or after: a duration back (30m, 12h, 1d, 2w) or an ISO-8601 time', helpValue: '<when>' }),
  };

  async run(): Promise<Job[]> {
    const { flags } = this;
    const client = this.client();
    const params: JobListParams = {
      ...(flags.state && { state: [...flags.state] }),
      ...(flags.name && { name: flags.name }),
      ...(flags.since && { since: sinceTime(flags.since) }),
    };
    const jobs = await collect((limit) => client.jobs.list({ ...params, limit }), flags);
    await this.printRows(jobs, jobColumns, { csv: flags.csv, columns: flags.columns, empty: 'No jobs match.' });
    return jobs;
  }
}
