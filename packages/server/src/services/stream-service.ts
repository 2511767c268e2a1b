import { type Job, STREAM_EVENTS_PER_MESSAGE } from '@secai/core';
import type { LogEvent } from '@secai/core/events';
import { nowIso } from '../_lib/time.js';
import type { PubSub } from '../pubsub/pubsub.js';
import { inTransaction } from '../store/database.js';
import type { StreamListening } from '../stream/listening.js';
import { wakeStream } from '../stream/wake.js';
import type { ServiceDeps } from './context.js';

/** The stored message that stands for events stored while nobody followed them (`{count, from}`). */
export const MISSED_EVENT = 'missed';

/**
 * What the services record for the live stream beyond alerts (which their service appends in its
 * own transaction): log events and job changes, each only while some client follows its topic.
 */
export class StreamService {
  /** Events stored while nobody followed them, since when: told to the next follower as a gap. */
  private missed = { count: 0, from: '' };

  constructor(
    private readonly deps: ServiceDeps,
    readonly listening: StreamListening,
    private readonly pubsub?: PubSub,
  ) {}

  /** Whether the pipeline should hand its stored events over (someone follows `events`). */
  eventsFollowed(): boolean {
    return this.listening.listened('events');
  }

  /** Stored events nobody followed: counted for the gap the next follower is told of. */
  eventsNotRecorded(count: number): void {
    if (count === 0) return;
    if (this.missed.count === 0) this.missed.from = nowIso();
    this.missed.count += count;
  }

  /** Events just stored, in messages of STREAM_EVENTS_PER_MESSAGE, after the gap before them if any. */
  async recordEvents(events: readonly LogEvent[]): Promise<void> {
    const messages: { event: string; data: unknown }[] = [];
    if (this.missed.count > 0) messages.push({ event: MISSED_EVENT, data: this.missed });
    for (let i = 0; i < events.length; i += STREAM_EVENTS_PER_MESSAGE)
      messages.push({ event: 'event.stored', data: events.slice(i, i + STREAM_EVENTS_PER_MESSAGE) });
    await inTransaction(this.deps.db, (trx) => this.deps.repos.stream.append(trx, 'events', messages, nowIso()));
    this.missed = { count: 0, from: '' };
    wakeStream(this.pubsub, 'events');
  }

  /** Whether job changes are recorded now (someone follows `jobs`); cheap, asked per change. */
  jobsFollowed(): boolean {
    return this.listening.listened('jobs');
  }

  /** Jobs as they are after a change (the REST API's `Job`), each as `job.<state>`. */
  async recordJobs(jobs: readonly Job[]): Promise<void> {
    const messages = jobs.map((data) => ({ event: `job.${data.state}`, data }));
    await inTransaction(this.deps.db, (trx) => this.deps.repos.stream.append(trx, 'jobs', messages, nowIso()));
    wakeStream(this.pubsub, 'jobs');
  }
}
