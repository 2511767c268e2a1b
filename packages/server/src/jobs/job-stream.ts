import type { Logger } from 'pino';
import { Batcher } from '../_lib/batcher.js';
import type { StreamService } from '../services/stream-service.js';
import type { Db } from '../store/database.js';
import { type JobRow, toJob } from '../store/models/job.js';

/** Jobs whose last streamed state is remembered (to send each state once); forgotten all at once past it. */
const REMEMBERED = 10_000;

/**
 * The live stream's `jobs` topic: told which jobs changed, it reads their rows back and appends
 * each job's state as it now is, in batches, while some client follows the topic (and does
 * nothing otherwise, so the job path does not pay for it). A job that changes twice within a
 * batch is streamed once, in its latest state.
 */
export class JobStream {
  private readonly batch: Batcher<JobRow | string, void>;
  private readonly sent = new Map<string, string>();

  constructor(
    private readonly stream: StreamService | undefined,
    db: Db,
    private readonly logger: Logger,
  ) {
    this.batch = new Batcher(async (items) => {
      const ids = [...new Set(items.filter((i) => typeof i === 'string'))];
      const read = new Map(((ids.length > 0 ? await db('jobs').whereIn('id', ids) : []) as JobRow[]).map((r) => [r.id, r]));
      const rows = items.flatMap((i) => (typeof i === 'string' ? (read.get(i) ?? []) : [i]));
      const changed = rows.filter((row) => {
        const version = `${row.state}:${row.updated_at}:${row.attempts}:${row.progress}`;
        if (this.sent.get(row.id) === version) return false;
        if (this.sent.size >= REMEMBERED) this.sent.clear();
        this.sent.set(row.id, version);
        return true;
      });
      if (changed.length > 0 && this.stream) {
        await this.stream.recordJobs(changed.map(toJob));
      }
      return items.map(() => undefined);
    });
  }

  /**
   * These jobs changed (written already): a row is streamed as given (its state is known: a job
   * just queued or claimed), an id as its row is read back.
   */
  changed(jobs: readonly (JobRow | string)[]): void {
    if (jobs.length === 0 || !this.stream?.jobsFollowed()) return;
    for (const job of jobs) this.batch.add(job).catch((err: unknown) => this.logger.debug({ err }, 'could not stream job changes'));
  }
}
