import { type Permission, SEVERITIES, type STREAM_TOPICS, ValidationError } from '@secai/core';
import { type LogEvent, matchesQuery, parseQuery } from '@secai/core/events';

/** Whether a subscription wants an item (an alert, a job, one log event). */
export type Selector = (item: unknown) => boolean;

/** What a topic needs, how much of it is read at a time, and how a subscription's filter selects from it. */
export interface Topic {
  permission: Permission;
  /** Stored messages read per query: `events` messages hold STREAM_EVENTS_PER_MESSAGE events each. */
  page: number;
  /**
   * A stored message holds many items (log events), each sent as a message of its own with the
   * cursor `<seq>.<index>`, from which a client resumes exactly.
   */
  many?: true;
  /** The subscription's filter, checked once: a ValidationError names what is wrong with it. */
  selector(filter: Record<string, unknown>): Selector;
}

export const TOPICS: Record<(typeof STREAM_TOPICS)[number], Topic> = {
  alerts: {
    permission: 'alerts:read',
    page: 200,
    selector(filter) {
      const min = filter.min_severity === undefined ? -1 : SEVERITIES.indexOf(filter.min_severity as never);
      if (filter.min_severity !== undefined && min < 0) throw invalid('min_severity', `one of ${SEVERITIES.join(', ')}`);
      return (alert) => SEVERITIES.indexOf((alert as { severity: never }).severity) >= min;
    },
  },
  events: {
    permission: 'logs:read',
    page: 10,
    many: true,
    selector(filter) {
      if (filter.query !== undefined && typeof filter.query !== 'string') throw invalid('query', 'a query in the log query language');
      const query = parseQuery(String(filter.query ?? ''));
      return (event) => matchesQuery(event as LogEvent, query);
    },
  },
  jobs: {
    permission: 'jobs:read',
    page: 200,
    selector(filter) {
      for (const key of ['id', 'name'] as const)
        if (filter[key] !== undefined && typeof filter[key] !== 'string') throw invalid(key, 'a string');
      return (data) => {
        const job = data as { id: string; name: string };
        return (filter.id === undefined || job.id === filter.id) && (filter.name === undefined || job.name === filter.name);
      };
    },
  },
};

export const isTopic = (topic: string): topic is keyof typeof TOPICS => Object.hasOwn(TOPICS, topic);

function invalid(field: string, expected: string): ValidationError {
  return new ValidationError(`filter.${field} must be ${expected}`, [
    { code: 'invalid_filter', path: ['filter', field], message: `expected ${expected}` },
  ]);
}
